"""What every use case needs: the database, the clock, the settings, who is working; and the
two units of work through which every use case reaches the database.

A public use case takes `Services` and owns its unit of work: `read` for what only looks,
`write` for what changes something, in one transaction. The UI and the CLI never hold a
connection or a session, and never commit: they call use cases.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine

from guestbook.clock import Clock
from guestbook.settings import Settings

if TYPE_CHECKING:
    from sqlmodel import Session

    from guestbook.storage.lock import DatabaseLock

T = TypeVar("T")

# Seconds between the tries of a write the database reported busy (each try already waits up
# to the settings' busy_timeout_seconds for the lock): three tries in all.
WRITE_RETRY_PAUSES = (0.1, 0.3)


@dataclass
class Services:
    db_path: Path
    engine: Engine
    clock: Clock
    settings: Settings
    staff: str = ""
    # Held while open, so `restore` cannot replace the file; lock.database_replaced() tells
    # whether another program replaced it anyway (its identity was taken at open).
    lock: DatabaseLock | None = None

    def read(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on a connection of its own, for reading; nothing it does is kept."""
        with self.engine.connect() as connection:
            return work(connection)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction: committed when it returns, rolled back when it
        raises, so a change is written whole or not at all. `work` may be run again from the
        start if the database asks for it (a function, not a block, for that reason): when
        another program (an import) still holds the database after the busy timeout, the
        transaction is tried again a few times, then DatabaseBusy says so. A database file
        replaced under this process (a restore forced past the lock, a copy over it) is never
        written to: DatabaseReplaced says so."""
        # The ORM is imported on the first write, not when the app starts.
        from sqlalchemy.exc import OperationalError
        from sqlmodel import Session

        from guestbook.errors import DatabaseBusy, DatabaseReplaced
        from guestbook.storage.engine import is_busy

        if self.lock is not None and self.lock.database_replaced():
            raise DatabaseReplaced(self.db_path)
        pauses = iter(WRITE_RETRY_PAUSES)
        while True:
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except OperationalError as error:
                pause = next(pauses, None)
                if not is_busy(error):
                    raise
                if pause is None:
                    raise DatabaseBusy() from error
                time.sleep(pause)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
