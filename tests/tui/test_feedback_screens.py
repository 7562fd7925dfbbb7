"""Feedback recorded by the keyboard from its three doors (the guest card, the agenda after a
call, checkout), checked in the database; the card showing a low score."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.services.feedback import record_feedback
from guestbook.tui.dialogs.feedback_choice import Choice
from guestbook.tui.dialogs.feedback_dialog import FeedbackDialog, PickTableGuest
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.checkout import CheckoutScreen, Seat
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, type_text, until, wait_for_workers

SIZE = (120, 40)
RESPONSES = "SELECT guest_id, ces, satisfaction, comment, channel, staff, visit_id FROM feedback"


async def open_card(pilot: Pilot[Any], search: str) -> GuestCardScreen:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    await type_text(pilot, search)
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, GuestCardScreen)
    return screen


def dialog(pilot: Pilot[Any]) -> FeedbackDialog:
    screen = pilot.app.screen
    assert isinstance(screen, FeedbackDialog)
    return screen


async def test_the_card_records_feedback_and_shows_the_low_score(services: Services) -> None:
    guest = add_guest(services, "Hélène", "Dupont")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "dupont")
        assert "none given yet" in text_of(pilot, "#card-events")
        await press(pilot, "s")
        asked = dialog(pilot)
        assert "Chez Nous made it easy for me to…" in str(asked.query_one("Label").render())
        # 2 on the effort scale (the focus moves on), satisfaction left out, a comment, Enter.
        await press(pilot, "2", "backspace", "tab")
        await type_text(pilot, "we waited an hour")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        await until(pilot, lambda: "low score" in text_of(pilot, "#card-events"))
        history = text_of(pilot, "#card-events")
        assert "effort 2/7 · in person by Test · to call back" in history
        assert "“we waited an hour”" in history
        assert "1 low score to call back" in text_of(pilot, "#card-title")
    assert query(services, RESPONSES) == [
        (guest, 2, None, "we waited an hour", "in_person", "Test", None)
    ]


async def test_the_card_lists_the_latest_responses_and_counts_the_others(
    services: Services,
) -> None:
    guest = add_guest(services, "Marc", "Petit")
    for ces in (7, 6, 5, 6, 7):
        record_feedback(services, guest, ces=ces)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "petit")
        history = text_of(pilot, "#card-events")
    assert history.count("effort ") == 3
    assert "2 more responses" in history and "low score" not in history


async def test_no_score_or_a_score_off_the_scale_is_said_and_what_was_typed_stays(
    services: Services,
) -> None:
    add_guest(services, "Zoé", "Lefèvre")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "lefevre")
        await press(pilot, "s")
        asked = dialog(pilot)
        asked.query_one("#comment", Input).focus()
        await type_text(pilot, "nothing to say")
        await press(pilot, "enter")
        assert "give a score" in text_of(pilot, "#error-scores")
        assert asked.query_one("#comment", Input).value == "nothing to say"
        assert pilot.app.screen is asked and asked.query_one("#ces", Choice).has_focus
        await press(pilot, "tab", "7")  # satisfaction goes to 5 only
        assert "7 is not on the scale: from 1 to 5" in text_of(pilot, "#error-satisfaction")
        assert asked.query_one("#satisfaction", Choice).value is None
        await press(pilot, "escape")  # nothing kept
        assert isinstance(pilot.app.screen, GuestCardScreen)
    assert query(services, "SELECT count(*) FROM feedback") == [(0,)]


async def test_after_a_call_the_agenda_records_feedback_by_phone(services: Services) -> None:
    guest = add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "r")  # reached: the call goes to "Done today", the cursor with it
        screen = pilot.app.screen
        assert isinstance(screen, AgendaScreen) and screen.listing.done
        await press(pilot, "s")
        asked = dialog(pilot)
        assert asked.query_one("#channel", Choice).value == "phone"
        await press(pilot, "5", "1")  # effort 5, satisfaction 1: on to the comment
        await type_text(pilot, "the cake was dry")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, AgendaScreen)
        # A satisfaction of 1 is low: the owner's call back is on the agenda.
        await until(pilot, lambda: bool(screen.shown))
        (call,) = screen.shown.values()
        assert call.reason.value == "feedback" and call.guest_id == guest
    assert query(services, RESPONSES) == [(guest, 5, 1, "the cake was dry", "phone", "Test", None)]


async def test_checkout_asks_a_known_guest_at_the_table(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = pilot.app.screen
        assert isinstance(screen, CheckoutScreen)
        screen.draft.seats.append(Seat("Anne Martin", guest_id=anne))
        screen.refresh_seats()
        await wait_for_workers(pilot)
        await press(pilot, "ctrl+o")
        assert dialog(pilot).query_one("#channel", Choice).value == "in_person"
        await press(pilot, "6", "4", "enter")
        assert isinstance(pilot.app.screen, CheckoutScreen)
        assert len(screen.draft.seats) == 1  # the table stays
    assert query(services, RESPONSES) == [(anne, 6, 4, "", "in_person", "Test", None)]


async def test_checkout_asks_the_guests_of_the_table_just_saved(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = pilot.app.screen
        assert isinstance(screen, CheckoutScreen)
        screen.draft.seats.append(Seat("Anne Martin", guest_id=anne))
        screen.refresh_seats()
        await press(pilot, "ctrl+n")
        await type_text(pilot, "Léa")
        await press(pilot, "enter")
        await type_text(pilot, "Roux")
        await press(pilot, "ctrl+s")  # the new guest seated
        await press(pilot, "ctrl+o")  # a new guest has no card yet: nothing opens
        assert isinstance(pilot.app.screen, CheckoutScreen)
        await press(pilot, "ctrl+s")  # the table saved, and cleared
        assert not screen.draft.seats
        await press(pilot, "ctrl+o")
        assert isinstance(pilot.app.screen, PickTableGuest)
        await press(pilot, "down", "enter")  # Léa
        await press(pilot, "backspace", "tab", "2", "enter")
    (lea,) = query(services, "SELECT id FROM guest WHERE first_name = 'Léa'")[0]
    (visit,) = query(services, "SELECT id FROM visit")[0]
    assert query(services, RESPONSES) == [(lea, None, 2, "", "in_person", "Test", visit)]
