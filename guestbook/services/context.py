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
# On PostgreSQL, a write that met another terminal's (a serialization failure, a deadlock) is
# rolled back whole and tried again at once, then after growing pauses: the server asks for
# exactly that, and two sites' checkouts of the same guest may meet several times in a row.
SERVER_RETRY_PAUSES = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.8)


@dataclass
class Services:
    # The database file; None for a PostgreSQL server (issue 19), which `engine` names.
    db_path: Path | None
    engine: Engine
    clock: Clock
    settings: Settings
    staff: str = ""
    # Held while open, so `restore` cannot replace the file; lock.database_replaced() tells
    # whether another program replaced it anyway (its identity was taken at open).
    lock: DatabaseLock | None = None

    def read(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on a connection of its own, for reading; nothing it does is kept. On a
        server it sees one snapshot from start to end, as a SQLite read does."""
        with self.engine.connect() as connection:
            if self.db_path is None:
                connection = connection.execution_options(isolation_level="REPEATABLE READ")
            return work(connection)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction: committed when it returns, rolled back when it
        raises, so a change is written whole or not at all. `work` may be run again from the
        start if the database asks for it (a function, not a block, for that reason): when
        another program (an import) still holds the database after the busy timeout, the
        transaction is tried again a few times, then DatabaseBusy says so. On a server, a
        transaction that met another terminal's (serialization failure, deadlock) is tried
        again until it goes through or SERVER_RETRY_PAUSES run out. A database file
        replaced under this process (a restore forced past the lock, a copy over it) is never
        written to: DatabaseReplaced says so."""
        # The ORM is imported on the first write, not when the app starts.
        from sqlalchemy.exc import OperationalError
        from sqlmodel import Session

        from guestbook.errors import DatabaseBusy, DatabaseReplaced
        from guestbook.storage.engine import is_busy
        from guestbook.storage.postgresql.engine import must_try_again

        if self.lock is not None and self.lock.database_replaced():
            raise DatabaseReplaced(self.db_path)
        on_server = self.db_path is None
        pauses = iter(SERVER_RETRY_PAUSES if on_server else WRITE_RETRY_PAUSES)
        while True:
            try:
                with Session(self.engine, expire_on_commit=False) as session, session.begin():
                    return work(session)
            except OperationalError as error:
                pause = next(pauses, None)
                if not (must_try_again(error) if on_server else is_busy(error)):
                    raise
                if pause is None:
                    raise DatabaseBusy() from error
                time.sleep(pause)

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
