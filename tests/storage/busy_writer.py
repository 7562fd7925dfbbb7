"""Another program writing to the same database file, as an import does: a connection of its
own that holds SQLite's write lock until it lets go."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteLock:
    """SQLite's write lock on `db_path`, taken at once (BEGIN IMMEDIATE) and held until
    `release`: every other writer waits for it, readers go on (WAL)."""

    def __init__(self, db_path: Path) -> None:
        self._connection = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self._connection.execute("BEGIN IMMEDIATE")
        self.held = True

    def release(self) -> None:
        if self.held:
            self._connection.execute("ROLLBACK")
            self.held = False

    def close(self) -> None:
        self.release()
        self._connection.close()


@contextmanager
def write_lock(db_path: Path) -> Iterator[WriteLock]:
    """The write lock held by another connection for the block (or until released in it)."""
    lock = WriteLock(db_path)
    try:
        yield lock
    finally:
        lock.close()


def add_failing_trigger(db_path: Path, table: str, message: str) -> None:
    """Every insert into `table` fails with `message`: a database fault no busy wait cures."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute(
            f"CREATE TRIGGER fail_{table} BEFORE INSERT ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
        )
        connection.commit()
    finally:
        connection.close()
