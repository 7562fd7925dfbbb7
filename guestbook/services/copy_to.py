"""Copy the open database to a PostgreSQL server (`guestbook copy-to URL`, issue 19): the
first step of a group's move to one shared guest base.

The SQLite database is the one `services` opened (upgraded, and locked so that `restore`
cannot replace it meanwhile); the copy itself is storage.copy_database. Every failure comes
back as CopyToError with a message for the owner, the password never in it, and nothing
written on the server.
"""

from __future__ import annotations

from guestbook.i18n import _
from guestbook.progress import CancelCheck, Progress
from guestbook.services.context import Services
from guestbook.storage.copy_database import CopyError, CopyResult, copy_database
from guestbook.storage.database_url import DatabaseUrlError, postgresql_url, shown
from guestbook.storage.migrate import MigrationError
from guestbook.storage.postgresql.engine import (
    ServerError,
    check_connection,
    make_postgresql_engine,
)


class CopyToError(RuntimeError):
    pass


def target_shown(url_text: str) -> str:
    """The target as messages show it (no password); CopyToError for a URL guestbook refuses."""
    try:
        return shown(postgresql_url(url_text))
    except DatabaseUrlError as error:
        raise CopyToError(str(error)) from None


def copy_to(
    services: Services,
    url_text: str,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> CopyResult:
    from sqlalchemy.exc import DBAPIError

    try:
        url = postgresql_url(url_text)
    except DatabaseUrlError as error:
        raise CopyToError(str(error)) from None
    target = make_postgresql_engine(url)
    try:
        check_connection(target)
        return copy_database(services.engine, target, progress=progress, cancel=cancel)
    except (ServerError, CopyError) as error:
        raise CopyToError(str(error)) from None
    except MigrationError as error:
        raise CopyToError(
            _("cannot copy to {url}: {error}").format(url=shown(url), error=error)
        ) from None
    except DBAPIError as error:
        # The server refused a statement (no right to create tables, disk full…).
        reason = str(error.orig).strip().splitlines()[0]
        raise CopyToError(
            _("{url} refused the copy: {reason}. Nothing was kept there.").format(
                url=shown(url), reason=reason
            )
        ) from None
    finally:
        target.dispose()
