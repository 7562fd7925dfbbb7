"""A small demo restaurant on a fixed date, shared by the snapshot tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from guestbook.bootstrap import make_app, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.settings import Settings
from guestbook.tui.app import GuestbookApp

SNAPSHOT_DAY = dt.date(2026, 11, 22)
SIZE = (120, 36)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("snapshots") / "demo.db"
    services = make_services(path, FixedClock(SNAPSHOT_DAY), Settings())
    generate_demo(
        services.engine, today=SNAPSHOT_DAY, settings=services.settings, guests=300, seed=7
    )
    services.close()
    return path


@pytest.fixture(autouse=True)
def _same_home_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs suggest paths in the home folder: the same on every machine, for snapshots."""
    monkeypatch.setenv("HOME", "/home/chef")


@pytest.fixture
def demo_app(demo_database: Path, tmp_path: Path) -> Callable[[], GuestbookApp]:
    """A fresh app on a private copy of the demo database (tests may write to it)."""
    import shutil

    def build() -> GuestbookApp:
        copy = tmp_path / "demo.db"
        if not copy.exists():
            shutil.copy(demo_database, copy)
        services = make_services(copy, FixedClock(SNAPSHOT_DAY), Settings(), staff="Chef")
        return make_app(services)

    return build
