"""A small demo restaurant on a fixed date, shared by the snapshot tests."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from guestbook.bootstrap import make_app, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.i18n import set_language
from guestbook.settings import Settings
from guestbook.tui.app import GuestbookApp
from tests.tours import GROUP_SITES

SNAPSHOT_DAY = dt.date(2026, 11, 22)
SIZE = (120, 36)


def _demo(path: Path, sites: tuple[str, ...] = ()) -> Path:
    """The demo restaurant (a group of them, over `sites`), written in the language in use
    (its notes and wordings are words)."""
    services = make_services(path, FixedClock(SNAPSHOT_DAY), Settings())
    generate_demo(
        services.engine,
        today=SNAPSHOT_DAY,
        settings=services.settings,
        guests=300,
        seed=7,
        sites=sites,
    )
    services.close()
    return path


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    set_language("en")
    return _demo(tmp_path_factory.mktemp("snapshots") / "demo.db")


@pytest.fixture(scope="session")
def french_demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    set_language("fr")
    try:
        return _demo(tmp_path_factory.mktemp("snapshots-fr") / "demo.db")
    finally:
        set_language("en")


@pytest.fixture(scope="session")
def group_demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    set_language("en")
    return _demo(tmp_path_factory.mktemp("snapshots-group") / "demo.db", GROUP_SITES)


@pytest.fixture(scope="session")
def french_group_demo_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    set_language("fr")
    try:
        return _demo(tmp_path_factory.mktemp("snapshots-group-fr") / "demo.db", GROUP_SITES)
    finally:
        set_language("en")


@pytest.fixture(autouse=True)
def _same_home_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Dialogs suggest paths in the home folder: the same on every machine, for snapshots."""
    monkeypatch.setenv("HOME", "/home/chef")


def _app_on_a_copy(database: Path, folder: Path, site: str = "") -> Callable[[], GuestbookApp]:
    """A fresh app on a private copy of a demo database (tests may write to it), on the
    terminal of `site` in a group."""

    def build() -> GuestbookApp:
        copy = folder / "demo.db"
        if not copy.exists():
            shutil.copy(database, copy)
        settings = Settings(site=site)
        services = make_services(copy, FixedClock(SNAPSHOT_DAY), settings, staff="Chef")
        return make_app(services)

    return build


@pytest.fixture
def demo_app(demo_database: Path, tmp_path: Path) -> Callable[[], GuestbookApp]:
    return _app_on_a_copy(demo_database, tmp_path)


@pytest.fixture
def french_demo_app(
    french_demo_database: Path, tmp_path: Path, french: None
) -> Callable[[], GuestbookApp]:
    """The French restaurant, shown in French (the `french` fixture) for the whole test."""
    return _app_on_a_copy(french_demo_database, tmp_path)


@pytest.fixture
def group_demo_app(group_demo_database: Path, tmp_path: Path) -> Callable[[], GuestbookApp]:
    """The group's demo, on the terminal of its first site."""
    return _app_on_a_copy(group_demo_database, tmp_path, GROUP_SITES[0])


@pytest.fixture
def french_group_demo_app(
    french_group_demo_database: Path, tmp_path: Path, french: None
) -> Callable[[], GuestbookApp]:
    return _app_on_a_copy(french_group_demo_database, tmp_path, GROUP_SITES[0])
