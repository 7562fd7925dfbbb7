"""What the agenda no longer hides: the guests left out by name, the calls missed, the calls
done today with the date booked (findings "left out guests are anonymous", "missed calls
vanish silently", D9)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from guestbook.bootstrap import Services, make_app
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.agenda_left_out import LeftOutScreen
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import scalar
from tests.pilot import press, text_of, type_text, until, wait_for_workers
from tests.tui.busy_pilot import errors


def listed(pilot: Pilot[Any], selector: str = "#calls") -> list[str]:
    options = pilot.app.screen.query_one(selector, OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def warnings(pilot: Pilot[Any]) -> list[str]:
    return [str(n.message) for n in pilot.app._notifications if n.severity == "warning"]


async def test_the_guests_left_out_are_listed_by_name_and_open_a_card(
    services: Services,
) -> None:
    add_guest(services, "Anne", "Appel", birthday=Birthday(29, 11))
    add_guest(services, "Sans", "Téléphone", birthday=Birthday(24, 11), phone=None)
    add_guest(services, "Pas", "Daccord", birthday=Birthday(25, 11), call_consent=False)
    add_guest(services, "Jamais", "Demandé", birthday=Birthday(27, 11), call_consent=None)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        line = text_of(pilot, "#left-out")
        assert "1 without a phone number, 2 without consent to be called — l lists who" in line
        await press(pilot, "l")
        assert isinstance(app.screen, LeftOutScreen)
        await wait_for_workers(pilot)
        rows = [" ".join(row.split()) for row in listed(pilot, "#left-out-list")]
        assert rows == [
            "Sans Téléphone birthday Tue 24 Nov no phone number",
            "Pas Daccord birthday Wed 25 Nov no consent to be called",
            "Jamais Demandé birthday Fri 27 Nov no consent to be called",
        ]
        assert "3 guests whose birthday calls cannot be made" in text_of(pilot, "#left-out-count")
        await press(pilot, "down", "enter")
        assert isinstance(app.screen, GuestCardScreen)
        assert "Pas Daccord" in text_of(pilot, "#card-title")
        await press(pilot, "escape")
        assert isinstance(app.screen, LeftOutScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, AgendaScreen)


async def test_missed_calls_are_listed_counted_and_read_only(services: Services) -> None:
    """Calls whose window passed unreached vanished: on the 22nd, the birthdays of the 15th
    to the 21st are gone from the agenda."""
    add_guest(services, "Jamais", "Appelé", birthday=Birthday(18, 11))
    tried = add_guest(services, "Messagerie", "Pleine", birthday=Birthday(20, 11))
    reached = add_guest(services, "Bien", "Joint", birthday=Birthday(19, 11))
    add_guest(services, "Trop", "Vieux", birthday=Birthday(1, 11))  # 21 days ago: not listed
    add_guest(services, "Anne", "Appel", birthday=Birthday(29, 11))
    on_the_15th = replace(services, clock=FixedClock(dt.date(2026, 11, 15)))
    for guest_id, occasion, outcome in (
        (tried, dt.date(2026, 11, 20), Outcome.VOICEMAIL),
        (reached, dt.date(2026, 11, 19), Outcome.REACHED),
    ):
        call = CallToLog(guest_id, Reason.BIRTHDAY, occasion, None)
        log_outcome(on_the_15th, call, outcome)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        assert "2 missed since 8 Nov" in text_of(pilot, "#agenda-summary")
        texts = listed(pilot)
        heading = texts.index("Missed in the last 14 days (2): the windows passed, never reached")
        missed = [" ".join(text.split()) for text in texts[heading + 1 :]]
        assert len(missed) == 2  # the latest first; reached and older birthdays are not
        assert missed[0].startswith("Messagerie Pleine")
        assert missed[0].endswith(
            "Birthday Friday 20 Nov last day Fri 20 Nov · 1 attempt (voicemail)"
        )
        assert missed[1].startswith("Jamais Appelé")
        assert missed[1].endswith("last day Wed 18 Nov · never called")
        # A missed call cannot be logged any more: the key says so and writes nothing.
        calls = app.screen.query_one("#calls", OptionList)
        calls.highlighted = heading + 1
        before = scalar(services, "SELECT count(*) FROM call_attempt")
        await press(pilot, "r")
        assert any("window has passed" in words for words in warnings(pilot))
        assert scalar(services, "SELECT count(*) FROM call_attempt") == before
        await press(pilot, "enter")  # its card opens
        assert "Messagerie Pleine" in text_of(pilot, "#card-title")


async def test_a_booked_call_shows_its_date_in_the_agenda_and_the_calendar(
    services: Services,
) -> None:
    """D9: `b` then +3: the booked date (25 Nov) was shown nowhere."""
    add_guest(services, "Océane", "Guilbert", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "b")
        answer = app.screen.query_one("#answer")
        answer.value = ""  # type: ignore[attr-defined]
        await type_text(pilot, "+3")
        await press(pilot, "enter")
        await until(pilot, lambda: bool(agenda(pilot).listing.done))
        toasts = [str(n.message) for n in app._notifications]
        assert any("Océane Guilbert: booked for Wed 25 Nov" in toast for toast in toasts)
        texts = listed(pilot)
        assert "Done today (1)" in texts
        done = texts[texts.index("Done today (1)") + 1]
        assert "booked for Wed 25 Nov" in done and "by Test" in done
        assert "1 done today" in text_of(pilot, "#agenda-summary")
        # The calendar's list of her birthday's day says for when she booked.
        await press(pilot, "f5", "v")
        table = app.screen.query_one("#day-list", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any("booked for Wed 25 Nov" in row for row in rows), rows
    assert not errors(app)


def agenda(pilot: Pilot[Any]) -> AgendaScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


async def test_the_booking_prompt_speaks_of_today(services: Services) -> None:
    """D14: the placeholder was a fixed example ("29/11, 29/11/2026 or +3") and so was the
    error of a text that is no date ("try 29/11")."""
    add_guest(services, "Océane", "Guilbert", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "b")
        answer = app.screen.query_one("#answer")
        assert answer.placeholder == "22/11, 22/11/2026 or +3"  # type: ignore[attr-defined]
        for typed, said in (
            ("demain", "'demain' is not a date: try 22/11, 22/11/2026 or +3"),
            ("31/02", "31/02 does not exist: February has at most 29 days"),
            ("01/11/2026", "01/11/2026 is in the past"),
            ("", "type the date of the booking, e.g. 22/11 or +3"),
        ):
            answer.value = typed  # type: ignore[attr-defined]
            await press(pilot, "enter")
            assert text_of(pilot, "#error") == said
        await press(pilot, "escape")
    assert scalar(services, "SELECT count(*) FROM call_attempt") == 0


async def test_outcome_keys_on_a_call_done_today_say_why_not(services: Services) -> None:
    add_guest(services, "Anne", "Appel", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "v")
        await until(pilot, lambda: bool(agenda(pilot).listing.done))
        assert agenda(pilot).selected_call() is None
        await press(pilot, "r")
        assert any("Already logged today" in words for words in warnings(pilot))
    assert scalar(services, "SELECT count(*) FROM call_attempt") == 1
