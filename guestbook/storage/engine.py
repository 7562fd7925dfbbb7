"""The SQLAlchemy engine: one per database file, with the PRAGMAs every connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event

from guestbook.paths import create_private_file

BUSY_TIMEOUT_MS = 5000


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
