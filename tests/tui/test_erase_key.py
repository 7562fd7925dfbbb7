"""Erasing a guest from their card (issue 18): a typed confirmation, then nothing personal
left; the card closes and the guest is no longer found."""

from __future__ import annotations

from guestbook.bootstrap import Services, make_app
from guestbook.tui.dialogs.ask_text import AskText
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, type_text
from tests.tui.test_guests_duplicates_and_card import SIZE, open_card


async def test_the_owner_types_the_word_then_the_guest_is_erased(services: Services) -> None:
    guest_id = add_guest(services, "Zéphyrine", "Oubliée")
    add_guest(services, "Marc", "Resté")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "zephyrine")
        await press(pilot, "x")
        assert isinstance(pilot.app.screen, AskText)
        await type_text(pilot, "oui")
        await press(pilot, "enter")  # not the word: nothing erased, what was typed is kept
        assert "Type ERASE to erase" in text_of(pilot, "#error")
        assert query(services, "SELECT erased_at FROM guest WHERE id = ?", guest_id) == [(None,)]
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, GuestCardScreen)  # Escape keeps the guest
        await press(pilot, "x")
        await type_text(pilot, "erase")  # the case does not matter
        await press(pilot, "enter")
        assert not isinstance(pilot.app.screen, GuestCardScreen)
    erased = query(services, "SELECT first_name, erased_at IS NOT NULL FROM guest WHERE id = ?",
                   guest_id)  # fmt: skip
    assert erased == [("", 1)]
    assert query(services, "SELECT count(*) FROM guest WHERE erased_at IS NULL") == [(1,)]
