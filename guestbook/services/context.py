"""What every use case needs: the database, the clock, the settings, who is working; and the
two units of work through which every use case reaches the database.

A public use case takes `Services` and owns its unit of work: `read` for what only looks,
`write` for what changes something, in one transaction. The UI and the CLI never hold a
connection or a session, and never commit: they call use cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy import Connection, Engine

from guestbook.clock import Clock
from guestbook.settings import Settings

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")


@dataclass
class Services:
    db_path: Path
    engine: Engine
    clock: Clock
    settings: Settings
    staff: str = ""

    def read(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on a connection of its own, for reading; nothing it does is kept."""
        with self.engine.connect() as connection:
            return work(connection)

    def write(self, work: Callable[[Session], T]) -> T:
        """Run `work` in one transaction: committed when it returns, rolled back when it
        raises, so a change is written whole or not at all. `work` may be run again from the
        start if the database asks for it (a function, not a block, for that reason)."""
        # The ORM is imported on the first write, not when the app starts.
        from sqlmodel import Session

        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            return work(session)

    def close(self) -> None:
        self.engine.dispose()
