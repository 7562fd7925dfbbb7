"""Saving while another program holds the database (F1): the user is told, what was typed
stays, and the same keys save it once the other program has finished."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.settings import Settings
from guestbook.tui.dialogs.guest_form import GuestFormDialog
from guestbook.tui.screens.checkout import CheckoutScreen
from tests.builders import add_guest
from tests.database import query, scalar
from tests.pilot import press, type_text, until, wait_for_workers
from tests.storage.busy_writer import write_lock
from tests.tui.busy_pilot import until_running, until_told

SIZE = (120, 40)
# Long enough for a save that was started twice to have written twice.
SETTLE_SECONDS = 0.5
BUSY = "The database is busy: another program (an import, perhaps) is writing to it."


@pytest.fixture
def settings() -> Settings:
    return Settings(busy_timeout_seconds=0.2)  # each try waits 0.2 s for the lock


async def test_an_outcome_that_cannot_be_written_keeps_its_note(
    services: Services, db_path: Path
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("t", *"call back after 6pm", "enter")
        with write_lock(db_path):  # an import writes meanwhile
            await pilot.press("v")
            await until_told(pilot, BUSY)
        note = app.screen.query_one("#note", Input)
        assert note.value == "call back after 6pm"
        assert scalar(services, "SELECT count(*) FROM call_attempt") == 0
        await press(pilot, "v")  # the import is over: the same key logs it, with its note
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM call_attempt") == 1)
        assert note.value == ""
    assert query(services, "SELECT outcome, note FROM call_attempt") == [
        ("voicemail", "call back after 6pm")
    ]


async def test_a_table_that_cannot_be_saved_stays_as_typed(
    services: Services, db_path: Path
) -> None:
    add_guest(services, "Sophie", "Habituée")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        screen = await to_checkout_with_a_table(pilot)
        with write_lock(db_path):
            await pilot.press("ctrl+s")
            await until_told(pilot, BUSY)
        problems = str(screen.query_one("#checkout-problems", Static).render())
        assert "Saving" not in problems and "Not saved" in problems
        assert screen.query_one("#seats", DataTable).row_count == 1
        assert screen.query_one("#table-spend", Input).value == "48,50"
        assert scalar(services, "SELECT count(*) FROM visit") == 0
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM visit") == 1)
    assert query(services, "SELECT spend_cents FROM visit") == [(4850,)]


async def test_a_guest_form_that_cannot_be_saved_stays_open_as_typed(
    services: Services, db_path: Path
) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2", "ctrl+n")
        form = app.screen
        assert isinstance(form, GuestFormDialog)
        await type_text(pilot, "Camille")
        with write_lock(db_path):
            await pilot.press("ctrl+s")
            await until_told(pilot, BUSY)
        assert app.screen is form
        assert form.query_one("#field-first_name", Input).value == "Camille"
        assert not str(form.query_one("#error-first_name", Static).render())
        assert scalar(services, "SELECT count(*) FROM guest") == 0
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    assert query(services, "SELECT first_name FROM guest") == [("Camille",)]


async def test_an_outcome_pressed_again_while_it_waits_is_logged_once(
    services: Services, db_path: Path
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        with write_lock(db_path):
            await pilot.press("v")
            await until_running(pilot, "write_outcome")
            await pilot.press("v")  # nothing seems to happen: the chef presses again
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM call_attempt") >= 1)
        await pilot.pause(SETTLE_SECONDS)
        warnings = [str(n.message) for n in app._notifications if n.severity == "warning"]
    assert "Still writing the last outcome for Anne Martin…" in warnings
    assert query(services, "SELECT outcome FROM call_attempt") == [("voicemail",)]


async def test_an_undo_that_cannot_be_written_can_be_tried_again(
    services: Services, db_path: Path
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "v")
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM call_attempt") == 1)
        with write_lock(db_path):
            await pilot.press("u")
            await until_told(pilot, BUSY)
        assert scalar(services, "SELECT count(*) FROM call_attempt") == 1
        await press(pilot, "u")  # the same key undoes it now
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM call_attempt") == 0)


async def to_checkout_with_a_table(pilot: Pilot[None]) -> CheckoutScreen:
    """Checkout, with Sophie (a known guest) at the table and what she spent typed."""
    await wait_for_workers(pilot)
    await press(pilot, "3", "ctrl+f")
    await type_text(pilot, "sophie")
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, CheckoutScreen)
    screen.query_one("#table-spend", Input).focus()
    await type_text(pilot, "48,50")
    return screen


async def test_saving_again_while_the_table_waits_saves_it_once(
    services: Services, db_path: Path
) -> None:
    add_guest(services, "Sophie", "Habituée")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await to_checkout_with_a_table(pilot)
        with write_lock(db_path):
            await pilot.press("ctrl+s")
            await until_running(pilot, "write_table")
            await pilot.press("ctrl+s")  # "Saving…" for a while: the host tries again
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM visit") >= 1)
        await pilot.pause(SETTLE_SECONDS)
    assert query(services, "SELECT spend_cents FROM visit") == [(4850,)]


async def test_saving_a_guest_again_while_it_waits_saves_it_once(
    services: Services, db_path: Path
) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2", "ctrl+n")
        await type_text(pilot, "Camille")
        with write_lock(db_path):
            await pilot.press("ctrl+s")
            await until_running(pilot, "write")
            await pilot.press("ctrl+s")
        await until(pilot, lambda: scalar(services, "SELECT count(*) FROM guest") >= 1)
        await pilot.pause(SETTLE_SECONDS)
    assert query(services, "SELECT first_name FROM guest") == [("Camille",)]
