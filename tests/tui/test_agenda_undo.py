"""The agenda after undo and on the way around the list (finding D1): the next key acts on the
call the chef sees, and nothing typed is lost."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, type_text, until, wait_for_workers

NAMES = ["Anne", "Bruno", "Chloé", "Denis"]  # due today, listed in this order


def logged(services: Services) -> list[tuple[Any, ...]]:
    """(first name, outcome, note) of every attempt still in the database, in order."""
    return query(
        services,
        "SELECT g.first_name, a.outcome, a.note FROM call_attempt a "
        "JOIN guest g ON g.id = a.guest_id ORDER BY a.id",
    )


def highlighted_name(pilot: Pilot[Any]) -> str:
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    call = screen.selected_call()
    assert call is not None
    return call.name


async def test_after_undo_the_next_outcome_goes_to_the_restored_call(
    services: Services,
) -> None:
    """D1: n on Anne, u, then v logged Bruno's voicemail: the cursor stayed on the row after
    the restored one."""
    for name in NAMES:
        add_guest(services, name, "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        assert highlighted_name(pilot) == "Anne Martin"
        await press(pilot, "n")
        assert highlighted_name(pilot) == "Bruno Martin"  # Anne left for today
        await press(pilot, "u")
        await until(pilot, lambda: not logged(services))
        assert highlighted_name(pilot) == "Anne Martin"
        await press(pilot, "v")
    assert logged(services) == [("Anne", "voicemail", "")]


async def test_undo_puts_the_note_back_in_its_box(services: Services) -> None:
    """D1: the note attached to the undone outcome had to be typed again."""
    for name in NAMES[:2]:
        add_guest(services, name, "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "t")
        await type_text(pilot, "rappeler après 18h")
        await press(pilot, "enter", "n")
        note = app.screen.query_one("#note", Input)
        assert note.value == ""
        assert logged(services) == [("Anne", "no_answer", "rappeler après 18h")]
        await press(pilot, "u")
        await until(pilot, lambda: note.value == "rappeler après 18h")
        assert logged(services) == []
        await press(pilot, "r")  # the corrected outcome, with the same note, on Anne
    assert logged(services) == [("Anne", "reached", "rappeler après 18h")]


async def test_home_shows_the_group_heading(services: Services) -> None:
    """Home scrolled the "Today (n)" heading off the top of the list."""
    for index in range(30):
        add_guest(services, f"Guest{index:02d}", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        calls = app.screen.query_one("#calls", OptionList)
        await press(pilot, "end")
        assert calls.scroll_y > 0
        await press(pilot, "home")
        assert calls.highlighted == 1  # the first call, under its heading
        assert calls.scroll_y == 0  # the heading (line 0) is in sight
        assert str(calls.get_option_at_index(0).prompt) == "Today (30)"


async def test_back_from_a_card_the_list_is_where_it_was(services: Services) -> None:
    """After a card, the list came back scrolled to another position."""
    for index in range(30):
        add_guest(services, f"Guest{index:02d}", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        calls = app.screen.query_one("#calls", OptionList)
        await press(pilot, *["down"] * 20, *["up"] * 5)
        where = (calls.highlighted, calls.scroll_y)
        assert where[1] > 0
        name = highlighted_name(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, GuestCardScreen)
        await press(pilot, "escape")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, AgendaScreen)
        assert (calls.highlighted, calls.scroll_y) == where
        assert highlighted_name(pilot) == name
