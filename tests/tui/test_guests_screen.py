"""The Guests screen, its card and its form, driven by keys and checked against the database."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.services.guests.search import SearchResult
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.guest_form import DuplicateWarning, GuestFormDialog
from guestbook.tui.dialogs.pick_guest import PickGuest
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.guests import GuestsScreen
from guestbook.tui.widgets.guest_table import MAX_PAGES, GuestTable
from tests.builders import add_guest, add_visit
from tests.database import query
from tests.pilot import press, text_of, type_text, wait_for_workers

SIZE = (120, 40)


def shown(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one(GuestTable)
    return [row.name for p in sorted(table.pages) for row in table.pages[p].rows]


async def to_guests(pilot: Pilot[None]) -> None:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    assert isinstance(pilot.app.screen, GuestsScreen)


async def test_typing_searches_and_enter_opens_the_single_match(services: Services) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78", birthday=Birthday(12, 3))
    add_guest(services, "Marie-Hélène", "Le Goff")
    add_guest(services, "Paul", "Martin")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        assert "1 of 3 guests" in text_of(pilot, "#guest-status")
        await type_text(pilot, "helene")
        assert shown(pilot) == ["Hélène Dupont", "Marie-Hélène Le Goff"]
        assert "2 matches for “helene”" in text_of(pilot, "#guest-status")
        await type_text(pilot, " dupuis")
        assert shown(pilot) == []
        status = text_of(pilot, "#guest-status")
        assert "No match for “helene dupuis” — ctrl+n adds a new guest" in status
        for _ in "uis":
            await pilot.press("backspace")
        await wait_for_workers(pilot)
        assert shown(pilot) == ["Hélène Dupont"]
        await press(pilot, "enter")
        screen = pilot.app.screen
        assert isinstance(screen, GuestCardScreen)
        details = text_of(pilot, "#card-details")
        assert "06 12 34 56 78" in details and "12 Mar" in details
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, GuestsScreen)
        assert shown(pilot) == ["Hélène Dupont"]  # the search is still there


async def test_a_phone_typed_in_the_search_box_stays_there(services: Services) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    add_guest(services, "Paul", "Martin", phone="07 98 76 54 32")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await type_text(pilot, "06 12 34")  # digits, not section keys
        assert isinstance(pilot.app.screen, GuestsScreen)
        assert shown(pilot) == ["Hélène Dupont"]
        await pilot.press("down")  # from the search box to the results
        assert pilot.app.screen.query_one(GuestTable).has_focus
        await press(pilot, "escape")  # clears the search: the whole list again
        assert shown(pilot) == ["Hélène Dupont", "Paul Martin"]
        await pilot.press("escape")  # to the list, where digits switch sections
        assert pilot.app.screen.query_one(GuestTable).has_focus
        await press(pilot, "3")
        assert pilot.app.current_mode == "checkout"


async def test_stale_search_results_never_replace_newer_ones(services: Services) -> None:
    add_guest(services, "Hélène", "Dupont")
    add_guest(services, "Paul", "Martin")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await type_text(pilot, "paul")
        screen = pilot.app.screen
        assert isinstance(screen, GuestsScreen)
        stale = SearchResult("p", (), 0, capped=False, kinds=("name",))
        screen.post_message(GuestsScreen.Searched(screen.sequence - 1, stale))
        await wait_for_workers(pilot)
        assert shown(pilot) == ["Paul Martin"]


async def test_the_whole_list_pages_from_first_to_last(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    import guestbook.tui.screens.guests as guests_screen

    monkeypatch.setattr(guests_screen, "PAGE_SIZE", 7)  # 120 guests make 18 pages
    for index in range(120):
        add_guest(services, f"Guest{index:03d}", f"Name{index:03d}", phone=False)
    add_visit(services, services.clock.today(), 120)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        table = pilot.app.screen.query_one(GuestTable)
        table.focus()
        await press(pilot, "end")
        assert table.current is not None and table.current.last_name == "Name119"
        assert "120 of 120 guests" in text_of(pilot, "#guest-status")
        # Only pages near what is on screen are kept: memory does not grow with the list.
        assert len(table.pages) <= MAX_PAGES and 0 not in table.pages
        await pilot.press("home", "pagedown", "down")
        await wait_for_workers(pilot)
        assert table.current is not None
        assert table.current.last_name == f"Name{table.cursor:03d}"
        await press(pilot, "ctrl+o")  # by last visit: the latest visit first, at the top
        assert table.cursor == 0
        assert table.current is not None and table.current.last_name == "Name119"
        assert "by last visit" in text_of(pilot, "#guest-status")


async def test_edit_with_invalid_phone_and_birthday_keeps_every_value(services: Services) -> None:
    guest = add_guest(services, "Anne", "Martin", phone="06 12 34 56 78")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await type_text(pilot, "anne")
        await press(pilot, "enter")
        await press(pilot, "e")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        form.query_one("#field-phones", Input).value = "06 12 34 56 78, 12345"
        form.query_one("#field-birthday", Input).value = "31/02/1970"
        form.query_one("#field-notes", Input).value = "Terrace, please"
        await press(pilot, "ctrl+s")
        assert pilot.app.screen is form
        assert "'12345'" in text_of(pilot, "#error-phones")
        assert "February" in text_of(pilot, "#error-birthday")
        assert form.query_one("#error-phones", Static).display
        assert not form.query_one("#error-emails", Static).display
        values = {i.id: i.value for i in form.query(Input)}
        assert values["field-phones"] == "06 12 34 56 78, 12345"
        assert values["field-birthday"] == "31/02/1970"
        assert values["field-notes"] == "Terrace, please"
        assert query(services, "SELECT notes, birth_day FROM guest") == [("", None)]
        form.query_one("#field-phones", Input).value = "06 12 34 56 78, 07 98 76 54 32"
        form.query_one("#field-birthday", Input).value = "28/02/1970"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        assert "07 98 76 54 32" in text_of(pilot, "#card-details")
    assert query(
        services, "SELECT notes, birth_day, birth_month FROM guest WHERE id = ?", guest
    ) == [("Terrace, please", 28, 2)]


async def new_guest_with_phone(pilot: Pilot[None], first: str, phone: str) -> GuestFormDialog:
    await press(pilot, "ctrl+n")
    form = pilot.app.screen
    assert isinstance(form, GuestFormDialog)
    await type_text(pilot, first)
    form.query_one("#field-last_name", Input).value = "Dupont"
    form.query_one("#field-phones", Input).value = phone
    await press(pilot, "ctrl+s")
    return form


async def test_new_guest_with_a_known_phone_warns_and_can_open_the_existing_one(
    services: Services,
) -> None:
    existing = add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await new_guest_with_phone(pilot, "Helene", "+33 6 12 34 56 78")
        warning = pilot.app.screen
        assert isinstance(warning, DuplicateWarning)
        assert "Hélène Dupont" in text_of(pilot, "#duplicate-list")
        await press(pilot, "o")
        card = pilot.app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == existing
    assert query(services, "SELECT count(*) FROM guest") == [(1,)]


async def test_duplicate_warning_keep_both_and_merge(services: Services) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await new_guest_with_phone(pilot, "Hélène", "06 12 34 56 78")
        await press(pilot, "k")  # keep both: saved, and flagged
        assert isinstance(pilot.app.screen, GuestCardScreen)
        await press(pilot, "escape")
        await new_guest_with_phone(pilot, "helene", "06 12 34 56 78, 07 98 76 54 32")
        await press(pilot, "m")  # merge what was typed into the existing guest
    assert query(services, "SELECT count(*) FROM guest") == [(2,)]
    assert query(services, "SELECT count(*) FROM possible_duplicate") == [(1,)]
    assert query(services, "SELECT guest_id, e164 FROM phone ORDER BY id") == [
        (1, "+33612345678"),
        (2, "+33612345678"),
        (1, "+33798765432"),
    ]


async def test_a_shared_phone_under_another_first_name_is_saved_without_asking(
    services: Services,
) -> None:
    add_guest(services, "Paul", "Dupont", phone="01 42 00 00 00")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await new_guest_with_phone(pilot, "Marie", "01 42 00 00 00")
        assert isinstance(pilot.app.screen, GuestCardScreen)
    assert query(services, "SELECT reason FROM possible_duplicate") == [
        ("same phone +33142000000",)
    ]


async def test_merge_from_the_card_after_a_confirmation(services: Services) -> None:
    keep = add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    drop = add_guest(services, "Helene", "Dupont", phone="07 98 76 54 32")
    add_visit(services, services.clock.today(), drop)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await to_guests(pilot)
        await type_text(pilot, "06 12")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        await press(pilot, "m")
        assert isinstance(pilot.app.screen, PickGuest)
        await press(pilot, "enter")  # the other Hélène Dupont, found by name
        confirm = pilot.app.screen
        assert isinstance(confirm, Confirm)
        assert "1 visit" in text_of(pilot, "#confirm-details")
        await press(pilot, "y")
        assert "07 98 76 54 32" in text_of(pilot, "#card-details")
    assert query(services, "SELECT id, visit_count FROM guest") == [(keep, 1)]
    assert drop != keep
