"""The SQLAlchemy engine on a PostgreSQL server.

Every session speaks UTC: the columns are `timestamptz`, and SQLite's rows (naive, UTC by the
app's rule) must mean the same instant once copied. A connection that cannot be made says why
without the password (SQLAlchemy's message would print the URL as typed).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.i18n import _
from guestbook.storage.database_url import shown

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

CONNECT_TIMEOUT_SECONDS = 10


class ServerError(RuntimeError):
    """The server could not be reached or refused us; the message says which and why."""


def make_postgresql_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(
        url,
        connect_args={"options": "-c TimeZone=UTC", "connect_timeout": CONNECT_TIMEOUT_SECONDS},
        pool_pre_ping=True,
    )


def check_connection(engine: Engine) -> None:
    """ServerError unless a connection can be made now."""
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect():
            pass
    except OperationalError as error:
        reason = str(getattr(error, "orig", error)).strip().splitlines()[0]
        raise ServerError(
            _("cannot connect to {url}: {reason}").format(url=shown(engine.url), reason=reason)
        ) from None
