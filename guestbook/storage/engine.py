"""The SQLAlchemy engine: one per database file, with the PRAGMAs every connection needs."""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from guestbook.paths import create_private_file

# How long a statement waits for another connection's write lock (an import holds it for its
# whole run) before SQLite reports the database busy: the settings' default
# (Settings.busy_timeout_seconds).
BUSY_TIMEOUT_SECONDS = 30.0


def _on_connect(dbapi_connection: Any, _record: Any, *, busy_timeout_seconds: float) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={round(busy_timeout_seconds * 1000)}")
    # WAL makes NORMAL durable across application crashes; a power cut may lose the last commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache for million-guest lists
    cursor.execute("PRAGMA temp_store=MEMORY")
    # An erased guest's values must not linger in free space or in a page's unused bytes:
    # deleted content is overwritten with zeros (most SQLite builds, this one too, have it off).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def make_engine(
    db_path: Path,
    *,
    busy_timeout_seconds: float = BUSY_TIMEOUT_SECONDS,
    connection_class: type[sqlite3.Connection] = sqlite3.Connection,
) -> Engine:
    """An engine on `db_path`, creating the file with mode 0600 if it does not exist.

    A statement that needs the write lock while another program holds it waits up to
    `busy_timeout_seconds`. `connection_class` lets the benchmarks record the statements and
    values our code sends."""
    if not db_path.exists():
        create_private_file(db_path)
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "factory": connection_class},
    )
    event.listen(engine, "connect", partial(_on_connect, busy_timeout_seconds=busy_timeout_seconds))
    return engine


def is_busy(error: BaseException) -> bool:
    """Whether `error` is SQLite reporting the database locked or busy: another connection
    held the lock longer than the busy timeout, or this transaction's snapshot went stale
    (which no wait cures). Trying the whole transaction again may succeed.

    `error` as raised through SQLAlchemy, which keeps the driver's error as `orig`."""
    cause = getattr(error, "orig", error)
    if not isinstance(cause, sqlite3.OperationalError):
        return False
    return cause.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
