"""A card's possible duplicates and the list of all of them (D25, "No list of possible
duplicates"), a booked call's date on the card (D9), and a self-referral refused by name (D18)."""

from __future__ import annotations

from textual.command import CommandList
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from guestbook.bootstrap import Services, make_app
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.pick_guest import PickGuest
from guestbook.tui.screens.duplicates import DuplicatesScreen, PickFlagged
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.guests import GuestsScreen
from tests.builders import add_guest
from tests.database import execute, query
from tests.pilot import press, text_of, type_text, until, wait_for_workers
from tests.tui.busy_pilot import errors

SIZE = (120, 40)


def flagged_pair(services: Services) -> tuple[int, int]:
    """Roland and a mistyped Rolland sharing a phone: both kept, flagged (names differ)."""
    roland = add_guest(services, "Roland", "Gaudin", phone="07 92 08 07 94")
    rolland = add_guest(services, "Rolland", "Gaudin", phone="07 92 08 07 94")
    assert query(services, "SELECT guest_a_id, guest_b_id FROM possible_duplicate") == [
        (roland, rolland)
    ]
    return roland, rolland


async def open_card(pilot: Pilot[None], search: str) -> GuestCardScreen:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    await type_text(pilot, search)
    await press(pilot, "enter")
    card = pilot.app.screen
    assert isinstance(card, GuestCardScreen)
    return card


async def test_merge_on_a_card_offers_its_flagged_duplicates_first(services: Services) -> None:
    """D25: m opened a search for the card's own name: "No match"."""
    roland, rolland = flagged_pair(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "roland")
        await press(pilot, "m")
        picker = pilot.app.screen
        assert isinstance(picker, PickFlagged)
        choices = picker.query_one("#pick-flagged-list", OptionList)
        listed = str(choices.get_option_at_index(0).prompt)
        assert f"Rolland Gaudin (#{rolland}) — same phone" in listed
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, Confirm)
        await press(pilot, "y")
        await until(pilot, lambda: query(services, "SELECT count(*) FROM guest") == [(1,)])
    assert query(services, "SELECT id FROM guest") == [(roland,)]
    assert query(services, "SELECT count(*) FROM possible_duplicate") == [(0,)]


async def test_the_flagged_picker_still_searches_for_another_guest(services: Services) -> None:
    flagged_pair(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "roland")
        await press(pilot, "m", "down", "enter")  # "Another guest…"
        assert isinstance(pilot.app.screen, PickGuest)


async def test_every_open_possible_duplicate_in_one_list(services: Services) -> None:
    roland, rolland = flagged_pair(services)
    paul = add_guest(services, "Paul", "Dupont", phone="01 42 00 00 00")
    marie = add_guest(services, "Marie", "Dupont", phone="01 42 00 00 00")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2", "ctrl+g")
        screen = pilot.app.screen
        assert isinstance(screen, DuplicatesScreen)
        assert "2 possible duplicates to look at" in text_of(pilot, "#duplicates-status")
        table = screen.query_one(DataTable)
        assert table.get_row_at(0)[:2] == [f"Paul Dupont (#{paul})", f"Marie Dupont (#{marie})"]
        await press(pilot, "enter")  # the pair: the older entry's card, which lists the other
        card = pilot.app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == paul
        assert f"#{marie}" in text_of(pilot, "#card-details")
        await press(pilot, "escape")
        assert pilot.app.screen is screen
        await press(pilot, "k", "y")  # Paul and Marie: two people (a shared landline)
        await until(pilot, lambda: "1 possible duplicate to look at" in text_of(
            pilot, "#duplicates-status"
        ))  # fmt: skip
        await press(pilot, "m", "y")  # Rolland is Roland: merged
        await until(pilot, lambda: "No possible duplicates" in text_of(
            pilot, "#duplicates-status"
        ))  # fmt: skip
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, GuestsScreen)
    assert query(services, "SELECT id FROM guest WHERE last_name = 'Gaudin'") == [(roland,)]
    assert rolland not in [row[0] for row in query(services, "SELECT id FROM guest")]
    assert query(
        services, "SELECT guest_a_id, guest_b_id, resolved_at IS NOT NULL FROM possible_duplicate"
    ) == [(paul, marie, 1)]


async def test_the_palette_opens_the_possible_duplicates(services: Services) -> None:
    flagged_pair(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        assert pilot.app.current_mode == "agenda"
        await press(pilot, "ctrl+p")
        await type_text(pilot, "possible duplicates")
        await until(pilot, lambda: pilot.app.screen.query(CommandList).first().option_count > 0)
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, DuplicatesScreen))
        assert pilot.app.current_mode == "guests"
        await until(pilot, lambda: "1 possible duplicate" in text_of(pilot, "#duplicates-status"))


async def test_the_card_shows_the_date_a_call_booked(services: Services) -> None:
    """D9: "6 Dec 2026 birthday: booked by Chef Paul", the date booked (9 Dec) nowhere."""
    guest = add_guest(services, "Océane", "Guilbert")
    execute(
        services,
        "INSERT INTO call_attempt (guest_id, reason, occasion_on, at, outcome, booked_for, "
        "note, staff) VALUES (?, 'birthday', '2026-12-06', '2026-11-22 09:30:00', 'booked', "
        "'2026-12-09', '', 'Chef Paul')",
        guest,
    )
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "oceane")
        assert "birthday: booked for Wed 9 Dec by Chef Paul" in text_of(pilot, "#card-events")
        assert "booked for Wed 9 Dec" in text_of(pilot, "#card-title")


async def test_a_self_referral_is_refused_naming_the_guest(services: Services) -> None:
    """D18: the referred guest was hidden from the sponsor list: "No match"."""
    helene = add_guest(services, "Hélène", "Marchetti")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "5", "n")
        await type_text(pilot, "helene march")
        await press(pilot, "enter")  # the referred guest
        await type_text(pilot, "helene march")
        await press(pilot, "enter")  # and as her own sponsor
        await until(pilot, lambda: bool(errors(pilot.app)))
        (refusal,) = errors(pilot.app)
    assert "Not recorded: Hélène Marchetti cannot refer themselves" in refusal
    assert query(services, "SELECT count(*) FROM referral") == [(0,)]
    assert helene
