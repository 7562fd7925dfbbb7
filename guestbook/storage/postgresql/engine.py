"""The SQLAlchemy engine on a PostgreSQL server.

Every session speaks UTC: the columns are `timestamptz`, and SQLite's rows (naive, UTC by the
app's rule) must mean the same instant once copied. A connection that cannot be made says why
without the password (SQLAlchemy's message would print the URL as typed).

Writes are SERIALIZABLE: the terminals of several sites write at once, and a use case reads
rows (a guest's visits) to write others (the guest's summary). PostgreSQL then stops the
second of two transactions that would lose the first's work, and Services.write runs it
again (must_try_again); a user never sees it. Reads get one snapshot (Services.read).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from guestbook.i18n import _
from guestbook.storage.database_url import shown

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL

CONNECT_TIMEOUT_SECONDS = 10
# Each session speaks UTC (moments are stored and read in UTC; local days are worked out
# with the terminal's zone, sql_words.ZONE_SETTING). The server's plan cache is left in its
# automatic mode: forcing generic plans saved planning on the small reads but was not measured
# to help on a quiet machine, and could cost the statements whose best plan depends on values.
SESSION_OPTIONS = "-c TimeZone=UTC"
# SQLSTATEs after which the whole transaction may simply be run again: a serialization
# failure and a deadlock (PostgreSQL's "Transaction Rollback" class).
TRY_AGAIN_SQLSTATES = frozenset({"40001", "40P01"})


class ServerError(RuntimeError):
    """The server could not be reached or refused us; the message says which and why."""


def make_postgresql_engine(url: URL) -> Engine:
    from sqlalchemy import create_engine, event

    engine = create_engine(
        url,
        connect_args={"options": SESSION_OPTIONS, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
        pool_pre_ping=True,
        isolation_level="SERIALIZABLE",
    )
    event.listen(engine, "connect", _tell_the_zone)
    return engine


def _tell_the_zone(dbapi_connection: Any, _record: Any) -> None:
    """Give the session this process's time zone, which the statements read for a local day
    (sql_words.Words.local_date), as SQLite's 'localtime' reads the process's."""
    from guestbook.storage.sql_words import ZONE_SETTING, local_zone

    dbapi_connection.execute("SELECT set_config(%s, %s, false)", (ZONE_SETTING, local_zone()))
    dbapi_connection.commit()


def must_try_again(error: BaseException) -> bool:
    """Whether PostgreSQL rolled the transaction back for meeting another one's (`error` as
    raised through SQLAlchemy, which keeps the driver's error as `orig`)."""
    cause = getattr(error, "orig", error)
    return getattr(cause, "sqlstate", None) in TRY_AGAIN_SQLSTATES


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
