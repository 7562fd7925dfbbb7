"""What every use case needs: the database, the clock, the settings, who is working."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from guestbook.clock import Clock
from guestbook.settings import Settings
from guestbook.storage.engine import SessionFactory


@dataclass
class Services:
    db_path: Path
    engine: Engine
    sessions: SessionFactory
    clock: Clock
    settings: Settings
    staff: str = ""

    def close(self) -> None:
        self.engine.dispose()
