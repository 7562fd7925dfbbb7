"""The one factory that builds guestbook's services and app, shared by the CLI and the tests."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from guestbook.clock import Clock
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.settings import Settings

__all__ = [
    "Services",
    "freeze_imported_heap",
    "make_app",
    "make_server_services",
    "make_services",
    "open_database",
    "open_server",
]

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from guestbook.storage.lock import DatabaseLock
    from guestbook.tui.app import GuestbookApp


def open_database(
    db_path: Path,
    notify: Callable[[str], None] | None = None,
    *,
    busy_timeout_seconds: float = Settings.busy_timeout_seconds,
) -> tuple[Engine, DatabaseLock]:
    """Create the database, or upgrade its schema if needed (copying the old file aside
    first), then open it. The lock returned, held shared while the database is open, keeps
    `restore` from replacing the file: release it after disposing of the engine
    (Services.close does both). A database written by a newer guestbook is refused before
    anything is copied or changed."""
    from guestbook.storage.engine import make_engine
    from guestbook.storage.lock import DatabaseInUse
    from guestbook.storage.migrate import MigrationError

    if db_path.is_dir():
        raise UserError(_("{path} is a folder, not a database file").format(path=db_path))
    try:
        lock = _open_locked(db_path, notify, busy_timeout_seconds)
        try:
            engine = make_engine(db_path, busy_timeout_seconds=busy_timeout_seconds)
            lock.remember_identity()
        except BaseException:
            lock.release()
            raise
    except (MigrationError, DatabaseInUse) as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error)
        ) from None
    except OSError as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error.strerror or error)
        ) from None
    return engine, lock


def _open_locked(db_path: Path, notify: Callable[[str], None] | None, wait: float) -> DatabaseLock:
    """The shared lock on `db_path`, the database created or upgraded first if need be. That
    is done under the exclusive lock: one process does it while any other waits, and what a
    killed creation, upgrade or restore left behind is removed first (no one can be making
    it). A database written by a newer guestbook is refused before any of this."""
    from guestbook.paths import make_private_folder
    from guestbook.storage.lock import DatabaseLock
    from guestbook.storage.migrate import needs_upgrade, remove_leftovers, upgrade

    make_private_folder(db_path.parent)
    if needs_upgrade(db_path):
        exclusive = DatabaseLock.acquire(db_path, exclusive=True, wait=wait)
        try:
            remove_leftovers(db_path, copies_too=True)
            upgrade(db_path, notify=notify, busy_timeout_seconds=wait)
        finally:
            exclusive.release()
    lock = DatabaseLock.acquire(db_path, exclusive=False, wait=wait)
    remove_leftovers(db_path)  # beside the database only: backups may be being made now
    return lock


def database_busy() -> UserError:
    """Another process kept the write lock longer than the busy timeout: nothing was written."""
    return UserError(
        _(
            "the database is busy with another change (an import or a demo being written): "
            "nothing was written, try again when it is done"
        )
    )


def make_services(
    db_path: Path,
    clock: Clock,
    settings: Settings,
    staff: str = "",
    *,
    notify: Callable[[str], None] | None = None,
) -> Services:
    from guestbook.services.summaries.late_from import ensure_late_from_rule
    from guestbook.storage.engine import is_busy

    engine, lock = open_database(
        db_path, notify, busy_timeout_seconds=settings.busy_timeout_seconds
    )
    try:
        with engine.begin() as connection:
            ensure_late_from_rule(connection, settings)
    except BaseException as error:
        engine.dispose()
        lock.release()
        if is_busy(error):
            raise database_busy() from None
        raise
    return Services(db_path, engine, clock, settings, staff, lock=lock)


def open_server(url_text: str) -> Engine:
    """An engine on the PostgreSQL database `url_text` names, its schema created or brought
    to this version first (in one transaction: all or nothing). UserError when the URL is not
    one guestbook takes, the server cannot be reached, or a newer guestbook wrote the schema.
    No file lock and no file backup: the server's own tools back it up."""
    from guestbook.storage.database_url import DatabaseUrlError, postgresql_url, shown
    from guestbook.storage.migrate import MigrationError
    from guestbook.storage.postgresql.engine import (
        ServerError,
        check_connection,
        make_postgresql_engine,
    )
    from guestbook.storage.postgresql.migrate import upgrade_postgresql

    try:
        url = postgresql_url(url_text)
    except DatabaseUrlError as error:
        raise UserError(str(error)) from None
    engine = make_postgresql_engine(url)
    try:
        check_connection(engine)
        # READ COMMITTED: a terminal that waited for another's upgrade must then see its tables
        # (a SERIALIZABLE transaction's snapshot would predate them).
        with (
            engine.connect().execution_options(isolation_level="READ COMMITTED") as connection,
            connection.begin(),
        ):
            upgrade_postgresql(connection)
    except ServerError as error:
        engine.dispose()
        raise UserError(str(error)) from None
    except MigrationError as error:
        engine.dispose()
        message = _("cannot open {path}: {error}").format(path=shown(url), error=error)
        raise UserError(message) from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def make_server_services(
    url_text: str, clock: Clock, settings: Settings, staff: str = ""
) -> Services:
    """make_services for a group's database on a PostgreSQL server (issue 19)."""
    from guestbook.services.summaries.late_from import ensure_late_from_rule

    engine = open_server(url_text)
    services = Services(None, engine, clock, settings, staff)
    try:
        services.write(lambda session: ensure_late_from_rule(session.connection(), settings))
    except BaseException:
        engine.dispose()
        raise
    return services


def make_app(services: Services) -> GuestbookApp:
    from guestbook.tui.app import GuestbookApp

    return GuestbookApp(services)


def freeze_imported_heap() -> None:
    """Take what a process has imported out of the garbage collector's sight (gc.freeze):
    modules, classes and functions live as long as the process, and once tens of thousands of
    agenda rows are allocated every full collection would walk them again (a quarter of the
    agenda's time on a million guests). For a process's entry point only: in a test run it
    would also keep the garbage of earlier tests forever."""
    gc.freeze()
