"""The SQLAlchemy engine: one per database file, with the PRAGMAs every connection needs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
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


def make_engine(db_path: Path) -> Engine:
    """An engine on `db_path`, creating the file with mode 0600 if it does not exist."""
    if not db_path.exists():
        create_private_file(db_path)
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def session_factory(engine: Engine) -> SessionFactory:
    def make_session() -> Session:
        return Session(engine, expire_on_commit=False)

    return make_session
