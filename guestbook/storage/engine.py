"""The SQLAlchemy engine: one per database file, with the PRAGMAs every connection needs."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Engine, create_engine, event
from sqlmodel import Session

from guestbook.paths import create_private_file

BUSY_TIMEOUT_MS = 5000

SessionFactory = Callable[[], Session]


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    # WAL makes NORMAL durable across application crashes; a power cut may lose the last commit.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache for million-guest lists
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def make_engine(
    db_path: Path, *, connection_class: type[sqlite3.Connection] = sqlite3.Connection
) -> Engine:
    """An engine on `db_path`, creating the file with mode 0600 if it does not exist.

    `connection_class` lets the benchmarks record the statements and values our code sends."""
    if not db_path.exists():
        create_private_file(db_path)
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False, "factory": connection_class},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def sqlite_connection(connection: Connection) -> sqlite3.Connection:
    """The DB-API connection under a SQLAlchemy one, for hot reads: its cursor returns plain
    tuples, where SQLAlchemy's rows cost more than the small indexed queries themselves."""
    return cast("sqlite3.Connection", connection.connection.driver_connection)


def session_factory(engine: Engine) -> SessionFactory:
    def make_session() -> Session:
        return Session(engine, expire_on_commit=False)

    return make_session
