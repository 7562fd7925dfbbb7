"""The table at the door: never lost by ctrl+q or ctrl+l, the host named once (not the chef,
not the computer's login), problems named as labelled and all at once with the focus on the
first, ctrl+e at home in a field, and known guests shown and completed at the table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList

from guestbook.bootstrap import Services, make_app, make_services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.services.guests.edit import save_guest
from guestbook.services.staff import remember_staff
from guestbook.settings import Settings
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.staff_name import StaffName
from guestbook.tui.screens.checkout import CheckoutScreen, Seat
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, type_text, wait_for_workers


async def seat_new_guest(pilot: Pilot[None], first: str, *, consent: str = "enter") -> None:
    """A new guest with a first name and a phone; `consent`: the key for "may the chef call
    you?" (Enter leaves it not asked)."""
    await press(pilot, "ctrl+n")
    await type_text(pilot, first)
    await press(pilot, "enter", "enter")
    await type_text(pilot, "0612345678")
    await press(pilot, "enter", consent, "ctrl+s")


async def test_quitting_with_a_table_unsaved_asks_first(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "ctrl+q")  # nothing typed: nothing to lose, no question
        assert not isinstance(app.screen, Confirm) and app.return_code == 0
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        await seat_new_guest(pilot, "Perdu")
        await press(pilot, "f2", "ctrl+q")  # from another section too
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == "The table is not saved — quit anyway?"
        await press(pilot, "enter")  # No has the focus
        assert app.is_running and not isinstance(app.screen, Confirm)
        await press(pilot, "ctrl+q", "y")
        assert not app.is_running


async def test_ctrl_l_asks_before_clearing_the_table(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        await seat_new_guest(pilot, "Anne")
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        await press(pilot, "ctrl+l")
        assert isinstance(app.screen, Confirm)
        await press(pilot, "n")
        assert [seat.name for seat in screen.draft.seats] == ["Anne"]
        await press(pilot, "ctrl+l", "y")
        assert screen.draft.seats == []


async def test_the_host_is_asked_once_never_the_login_nor_the_chef(
    db_path: Path, today: dt.date, settings: Settings
) -> None:
    services = make_services(db_path, FixedClock(today), settings)  # no --staff
    remember_staff(services, "Zoé", "door")  # a host's name used in an earlier session
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "v")  # the chef logs a call first
        await type_text(pilot, "Chef Paul")
        await press(pilot, "enter")
        await press(pilot, "3")  # then the host opens Checkout: asked, not given the chef's
        prompt = app.screen
        assert isinstance(prompt, StaffName)
        assert text_of(pilot, ".dialog-title") == "Who is at the door?"
        assert prompt.query_one("#answer", Input).value == ""  # never the OS login
        offered = prompt.query_one("#staff-recent", OptionList)
        names = [str(offered.get_option_at_index(i).prompt) for i in range(offered.option_count)]
        assert names == ["Zoé"]  # the hosts' names: neither the chef's nor the login
        await press(pilot, "enter")  # nothing typed: the list below is offered
        assert text_of(pilot, "#staff-error") == "type your name (or pick it below with ↓)"
        await press(pilot, "down", "enter")
        await seat_new_guest(pilot, "Léa", consent="y")
        await press(pilot, "ctrl+s")
        await press(pilot, "f2", "3")  # asked once: not again
        assert isinstance(app.screen, CheckoutScreen)
    assert query(services, "SELECT staff FROM call_attempt") == [("Chef Paul",)]
    door = "SELECT staff FROM consent_event WHERE source = 'checkout'"
    assert query(services, door) == [("Zoé",)]
    services.close()


async def test_every_problem_named_in_words_the_first_focused(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        screen.put_seat(Seat("Anne Martin", guest_id=anne), None)
        for field, typed in (("date", "31/02/2026"), ("party", ""), ("spend", "abc")):
            screen.query_one(f"#table-{field}", Input).value = typed
        await press(pilot, "ctrl+s")
        shown = text_of(pilot, "#checkout-problems")
        for label in ("Date:", "Party size:", "Spend (€):"):
            assert label in shown
        assert "party_size" not in shown and "spend:" not in shown
        assert screen.query_one("#table-date", Input).has_focus
        await type_text(pilot, "2")  # retyping the date: its stale message goes
        shown = text_of(pilot, "#checkout-problems")
        assert "Date:" not in shown and "Spend (€):" in shown


async def test_ctrl_e_in_a_field_goes_to_the_end_of_the_line(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        spend = app.screen.query_one("#table-spend", Input)
        spend.focus()
        await type_text(pilot, "84,50")
        await press(pilot, "home", "ctrl+e")
        assert spend.cursor_position == len("84,50")
        assert isinstance(app.screen, CheckoutScreen) and not app._notifications


async def test_known_guests_show_and_complete_their_details(services: Services) -> None:
    form = GuestForm("Henriette", "Klein", phones="0611223344", birthday="04/07", allergies="œufs")
    valid = validate_form(form, today=services.clock.today(), region="FR")
    now, settings = services.clock.now(), services.settings
    services.write(
        lambda s: save_guest(s, valid, guest_id=None, now=now, settings=settings, staff="T")
    )
    add_guest(services, "Anne", "Martin", phone=None, call_consent=None)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        for name in ("henriette", "anne martin"):
            await press(pilot, "ctrl+f")
            await type_text(pilot, name)
            await press(pilot, "enter")
        seats = app.screen.query_one("#seats", DataTable)
        henriette, anne = (list(map(str, seats.get_row_at(i))) for i in (0, 1))
        assert henriette[2:4] == ["06 11 22 33 44", "4 Jul"]
        assert anne[2:4] == ["to ask (Enter)", "to ask (Enter)"]
        assert "Henriette Klein: œufs" in text_of(pilot, "#table-allergies")
        await press(pilot, "down", "enter")  # Anne's row: complete what her card lacks
        await type_text(pilot, "0698765432")
        await press(pilot, "enter")
        await type_text(pilot, "12/03")
        await press(pilot, "enter", "y", "ctrl+s")
        anne = list(map(str, seats.get_row_at(1)))
        assert anne[2:4] == ["06 98 76 54 32", "12 Mar"]
        await press(pilot, "ctrl+s")
    assert query(
        services,
        "SELECT primary_phone, birth_day, birth_month, consent_call FROM guest WHERE last_name "
        "= 'Martin'",
    ) == [("+33698765432", 12, 3, 1)]


async def test_with_no_name_used_yet_no_list_is_offered(
    db_path: Path, today: dt.date, settings: Settings
) -> None:
    """Enter on an empty name said "or pick it below with ↓" over an empty space (a user
    walk): the list is named only when it is there."""
    services = make_services(db_path, FixedClock(today), settings)  # no --staff, no name yet
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3", "enter")
        assert isinstance(app.screen, StaffName)
        assert not app.screen.query_one("#staff-recent", OptionList).display
        assert text_of(pilot, "#staff-error") == "type your name"
    services.close()
