"""What a user walking the app found about guests, replayed by keys (brief H2): a postcode the
card's form saved that checkout refuses, a message left under a field cleared since, a booking
next year shown without its year, a shared phone shown raw (+33607364115), and an export by an
impossible postcode prefix that wrote an empty file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, ProgressBar, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.tui.dialogs.guest_form import DuplicateWarning, GuestFormDialog
from guestbook.tui.screens.duplicates import DuplicatesScreen, PickFlagged
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, type_text, until, wait_for_workers

SIZE = (120, 40)
SHARED = "06 07 36 41 15"  # +33607364115 as dialled


def notifications(app: App[Any]) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def open_card(pilot: Pilot[None], search: str) -> GuestCardScreen:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    await type_text(pilot, search)
    await press(pilot, "enter")
    card = pilot.app.screen
    assert isinstance(card, GuestCardScreen)
    return card


async def test_the_card_form_refuses_a_postcode_checkout_refuses(services: Services) -> None:
    """Guests, a card, e, postcode ABCDE, ctrl+s: saved with no message."""
    guest = add_guest(services, "Inès", "Postale")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "ines")
        await press(pilot, "e")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        form.query_one("#field-postcode", Input).value = "ABCDE"
        await press(pilot, "ctrl+s")
        assert pilot.app.screen is form  # still open, as typed
        error = form.query_one("#error-postcode", Static)
        assert error.display and "a French postcode has 5 digits" in str(error.content)
        assert form.query_one("#field-postcode", Input).has_focus
        form.query_one("#field-postcode", Input).value = "69002"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, GuestCardScreen)
    assert query(services, "SELECT postcode FROM guest WHERE id = ?", guest) == [("69002",)]


async def test_a_message_goes_once_its_field_is_right_again(services: Services) -> None:
    """'x' in Emails, then cleared: "'x' is not a valid email" stayed under the empty field."""
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2", "ctrl+n")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        emails = form.query_one("#field-emails", Input)
        emails.focus()
        await type_text(pilot, "x")
        await press(pilot, "tab")  # leaving the field checks it
        error = form.query_one("#error-emails", Static)
        assert error.display and "is not a valid email" in str(error.content)
        emails.focus()
        await press(pilot, "end")  # the focus selected the field: typing goes after the x
        await type_text(pilot, "@example")  # still wrong: the message says why now
        assert error.display and "x@example" in str(error.content)
        await press(pilot, *["backspace"] * len(emails.value))  # cleared
        assert emails.value == "" and not error.display
        await type_text(pilot, "x")  # a new slip is told when the field is left again
        assert not error.display


async def test_a_booking_next_year_says_its_year(services: Services) -> None:
    """Agenda, b, 01/11 on 22 Nov 2026: stored 2027-11-01 (the next 1 November: a booking is
    never in the past), and said 'booked for Mon 1 Nov' with no year."""
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "b")
        answer = app.screen.query_one("#answer", Input)
        answer.value = ""
        await type_text(pilot, "01/11")
        await press(pilot, "enter")
        await until(pilot, lambda: bool(query(services, "SELECT booked_for FROM call_attempt")))
        assert any("booked for Mon 1 Nov 2027" in said for said in notifications(app))
        await press(pilot, "2")
        await type_text(pilot, "anne")
        await press(pilot, "enter")
        assert isinstance(app.screen, GuestCardScreen)
        assert "booked for Mon 1 Nov 2027" in text_of(pilot, "#card-title")
        assert "booked for Mon 1 Nov 2027" in text_of(pilot, "#card-events")
    assert query(services, "SELECT booked_for FROM call_attempt") == [("2027-11-01",)]


async def test_a_shared_phone_is_written_as_dialled(services: Services) -> None:
    """The form's duplicate warning, the card's possible duplicates, the merge picker and the
    list of possible duplicates showed +33607364115."""
    roland = add_guest(services, "Roland", "Gaudin", phone="+33607364115")
    rolland = add_guest(services, "Rolland", "Gaudin", phone="+33607364115")  # flagged
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2", "ctrl+n")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        await type_text(pilot, "Roland")
        form.query_one("#field-phones", Input).value = "0607364115"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, DuplicateWarning)
        listed = text_of(pilot, "#duplicate-list")
        assert f"same phone: {SHARED}" in listed and "+33" not in listed
        await press(pilot, "escape", "escape", "y")  # back to the form, then leave it
        await press(pilot, "escape")
        await type_text(pilot, "roland")
        await press(pilot, "enter")
        card = pilot.app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == roland
        details = text_of(pilot, "#card-details")
        assert f"Rolland Gaudin — same phone {SHARED}" in details and "+33" not in details
        await press(pilot, "m")
        assert isinstance(pilot.app.screen, PickFlagged)
        choices = pilot.app.screen.query_one("#pick-flagged-list", OptionList)
        offered = str(choices.get_option_at_index(0).prompt)
        assert offered == f"Rolland Gaudin (#{rolland}) — same phone {SHARED}"
        await press(pilot, "escape", "escape", "ctrl+g")
        listing = pilot.app.screen
        assert isinstance(listing, DuplicatesScreen)
        assert listing.table.get_row_at(0)[3] == f"same phone {SHARED}"
    assert query(services, "SELECT count(*) FROM guest") == [(2,)]  # nothing saved or merged


async def test_an_export_by_an_impossible_prefix_says_so_and_writes_nothing(
    services: Services, tmp_path: Path
) -> None:
    """F7, Postcode starts ABC: '0 guests exported', an empty file, the bar stuck at 0 %."""
    add_guest(services, "Inès", "Postale")
    target = tmp_path / "guests.csv"
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f7")
        dialog = app.screen
        dialog.query_one("#path", Input).value = str(target)
        dialog.query_one("#postcode", Input).value = "ABC"
        await press(pilot, "ctrl+s")
        result = text_of(pilot, "#result")
        assert "Postcode starts: “ABC” is not the start of a postcode" in result
        assert not dialog.query_one(ProgressBar).display
        dialog.query_one("#postcode", Input).value = "690"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: "Exported" in text_of(pilot, "#result"))
    assert target.exists()  # a prefix that is one exports (no one here lives at 690…)
    assert query(services, "SELECT count(*) FROM audit_event") == [(1,)]
