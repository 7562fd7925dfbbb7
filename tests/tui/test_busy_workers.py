"""Every worker's failure reaches the app's one handler, which tells the user (F1): Textual's
`Worker.StateChanged` does not bubble, so a screen's or a dialog's failed work used to end
unheard."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import pytest
from textual.screen import Screen
from textual.widgets import Input

import guestbook.tui
from guestbook.bootstrap import Services, make_app
from guestbook.settings import Settings
from guestbook.tui.dialogs.import_dialog import ImportDialog
from guestbook.tui.failures import ReportsWorkerFailures
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query, scalar
from tests.pilot import press, type_text, until, wait_for_workers
from tests.storage.busy_writer import add_failing_trigger, write_lock
from tests.tui.busy_pilot import titles, until_told

SIZE = (120, 40)
DATA = Path(__file__).resolve().parent.parent / "exchange" / "data"


@pytest.fixture
def settings() -> Settings:
    return Settings(busy_timeout_seconds=0.2)  # each try waits 0.2 s for the lock


async def test_a_screens_failed_write_is_told_by_the_app(services: Services, db_path: Path) -> None:
    add_guest(services, "Paul", "Refus")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2")
        await type_text(pilot, "refus")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        with write_lock(db_path):
            await press(pilot, "o")
            await pilot.press("y")  # the objection, written by the card's worker
            await until_told(pilot, "The database is busy")
        assert scalar(services, "SELECT consent_call FROM guest") == 1
        await press(pilot, "o", "y")  # the import is over: the same keys record it
        await until(pilot, lambda: scalar(services, "SELECT consent_call FROM guest") == 0)


async def test_an_unexpected_failure_is_told_in_one_line(services: Services, db_path: Path) -> None:
    add_guest(services, "Paul", "Refus")
    add_failing_trigger(db_path, "consent_event", "disk on fire")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2")
        await type_text(pilot, "refus")
        await press(pilot, "enter")
        await press(pilot, "o")
        await pilot.press("y")
        await until_told(pilot, "IntegrityError: disk on fire")
        assert "Something went wrong" in titles(pilot.app)
        assert isinstance(pilot.app.screen, GuestCardScreen)
    assert scalar(services, "SELECT consent_call FROM guest") == 1


async def test_an_import_that_fails_leaves_its_dialog_usable(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "reservations-export-fr.csv"
    shutil.copy(DATA / "reservations-export-fr.csv", source)
    add_failing_trigger(db_path, "import_batch", "disk on fire")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(source)
        await press(pilot, "ctrl+r")  # the preview only reads
        await pilot.press("ctrl+s")
        await until_told(pilot, "disk on fire")
        assert not dialog.busy
        await press(pilot, "escape")  # closes: no "Stopping…" for work long gone
        assert app.screen is not dialog
    assert query(services, "SELECT count(*) FROM guest") == [(0,)]


def _screens_of_the_app() -> list[type[Screen[object]]]:
    """Every screen and dialog class guestbook.tui defines."""
    modules = [
        importlib.import_module(module.name)
        for module in pkgutil.walk_packages(guestbook.tui.__path__, "guestbook.tui.")
    ]
    return [
        cls
        for module in modules
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, Screen) and cls.__module__ == module.__name__
    ]


def test_every_screen_and_dialog_hands_its_failures_to_the_app() -> None:
    screens = _screens_of_the_app()
    assert len(screens) > 10
    assert [cls.__name__ for cls in screens if not issubclass(cls, ReportsWorkerFailures)] == []
