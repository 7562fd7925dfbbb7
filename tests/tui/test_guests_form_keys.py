"""The Guests screen and its form by keyboard, as the front-of-house findings tried them (D7,
D19, D26): F2 in the Partner field picks a guest, letters typed on the list search, and the
duplicate warning names every guest who shares the contact."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input

from guestbook.bootstrap import Services, make_app
from guestbook.tui.dialogs.guest_form import DuplicateWarning, GuestFormDialog
from guestbook.tui.dialogs.pick_guest import PickGuest
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.guests import GuestsScreen
from guestbook.tui.widgets.guest_table import GuestTable
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, type_text, wait_for_workers

SIZE = (120, 40)


async def to_guests(pilot: Pilot[None]) -> None:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, GuestsScreen)


async def test_f2_in_the_partner_field_picks_a_guest_and_links_them(services: Services) -> None:
    """D7: F2 in Partner opened the Agenda (the app's F2), never the picker."""
    marc = add_guest(services, "Marc", "Dupont")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await press(pilot, "ctrl+n")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        await type_text(pilot, "Hélène")
        form.query_one("#field-last_name", Input).value = "Dupont"
        form.query_one("#field-partner", Input).focus()
        await press(pilot, "f2")
        assert pilot.app.current_mode == "guests"
        assert isinstance(pilot.app.screen, PickGuest)
        await type_text(pilot, "marc")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GuestFormDialog)  # the picker answered the form
        assert form.query_one("#field-partner", Input).value == "Marc Dupont"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, GuestCardScreen)
    assert query(services, "SELECT partner_id, partner_name FROM guest WHERE id <> ?", marc) == [
        (marc, "")
    ]
    # Linked both ways: Marc's card knows Hélène too.
    helene = query(services, "SELECT id FROM guest WHERE first_name = 'Hélène'")[0][0]
    assert query(services, "SELECT partner_id FROM guest WHERE id = ?", marc) == [(helene,)]


async def test_f2_elsewhere_in_the_form_still_goes_to_the_agenda(services: Services) -> None:
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await press(pilot, "ctrl+n")
        await press(pilot, "f2")  # in First name: the section key, as everywhere
        assert pilot.app.current_mode == "agenda"


async def test_letters_typed_on_the_list_go_to_the_search(services: Services) -> None:
    """D19: Escape to the list, then "helene": the n opened a New guest dialog and the
    letters were lost."""
    add_guest(services, "Hélène", "Dupont")
    add_guest(services, "Paul", "Martin")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await press(pilot, "escape")
        screen = pilot.app.screen
        assert screen.query_one(GuestTable).has_focus
        await type_text(pilot, "helene")
        assert pilot.app.screen is screen  # no dialog opened
        search = screen.query_one("#guest-search", Input)
        assert search.value == "helene" and search.has_focus
        assert "1 match for “helene”" in text_of(pilot, "#guest-status")
        await press(pilot, "escape", "escape")  # clear, then the list again
        await type_text(pilot, "s")  # was: toggle the sort
        assert search.value == "s"


async def test_the_duplicate_warning_lists_every_guest_sharing_the_phone(
    services: Services,
) -> None:
    """D26: Roland and a mistyped Rolland share the phone; the warning named Roland only."""
    roland = add_guest(services, "Roland", "Gaudin", phone="07 92 08 07 94")
    rolland = add_guest(services, "Rolland", "Gaudin", phone="07 92 08 07 94")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await press(pilot, "ctrl+n")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        await type_text(pilot, "Roland")
        form.query_one("#field-last_name", Input).value = "Gaudin"
        form.query_one("#field-phones", Input).value = "07 92 08 07 94"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, DuplicateWarning)
        listed = text_of(pilot, "#duplicate-list")
        assert f"Roland Gaudin (#{roland})" in listed
        assert f"Rolland Gaudin (#{rolland})" in listed
        assert listed.index("Roland Gaudin") < listed.index("Rolland Gaudin")  # likely one first
        await press(pilot, "o")  # opens the likely same person
        card = pilot.app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == roland
    assert query(services, "SELECT count(*) FROM guest") == [(2,)]
