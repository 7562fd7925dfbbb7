"""Checkout driven by the keyboard alone, checked row by row in the database."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.tui.screens.checkout import CheckoutScreen, Seat
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, type_text, wait_for_workers

# (first, last, phone, birthday, partner option in the list, consent to be called)
TABLE = [
    ("Hélène", "Dupont", "06 12 34 56 78", "12/03/1970", None, True),
    ("Marc", "Dupont", "06 98 76 54 32", "5 novembre", 0, True),
    ("Zoé", "Lefèvre", "07 81 22 33 44", "29/02/1988", None, False),
    ("Jérôme", "Bœuf", "06 55 44 33 22", "1 janvier 1965", None, True),
]


class Keyboard:
    """Presses keys and counts them, to show the table is quick to record."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        self.count += len(keys)
        await self.pilot.press(*keys)

    async def type(self, text: str) -> None:
        await self.press(*text)


async def add_new_guest(
    keys: Keyboard,
    first: str,
    last: str,
    phone: str,
    birthday: str,
    partner: int | None,
    call: bool,
) -> None:
    await keys.press("ctrl+n")
    await keys.type(first)
    await keys.press("enter")
    await keys.type(last)
    await keys.press("enter")
    await keys.type(phone)
    await keys.press("enter")
    await keys.press("y" if call else "enter")  # "may the chef call you?", then the birthday
    await keys.type(birthday)
    if partner is not None:  # past the email, allergies and the other consents
        await keys.press(*(["tab"] * 6), "enter", *(["down"] * (partner + 1)), "enter")
    await keys.press("ctrl+s")


async def test_four_new_guests_with_birthdays_by_keyboard(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        keys = Keyboard(pilot)
        await keys.press("3")
        await wait_for_workers(pilot)
        for guest in TABLE:
            await add_new_guest(keys, *guest)
            await wait_for_workers(pilot)
        await keys.press("shift+tab")  # back into the form: date, party, spend
        app.screen.query_one("#table-spend", Input).focus()
        await keys.type("212,40")
        await keys.press("tab")
        await keys.type("anniversaire")
        await keys.press("ctrl+s")
        await wait_for_workers(pilot)
        # Under a minute: about 200 keys at a host's typing speed of 4 keys a second.
        assert keys.count < 240, keys.count

    guests = query(
        services,
        "SELECT id, first_name, last_name, primary_phone, birth_day, birth_month, birth_year, "
        "partner_id, consent_call, visit_count FROM guest ORDER BY id",
    )
    visit = query(services, "SELECT party_size, spend_cents, occasion FROM visit")
    present = query(services, "SELECT count(*) FROM visit_guest")
    ids = [g[0] for g in guests]
    assert [g[1:] for g in guests] == [
        ("Hélène", "Dupont", "+33612345678", 12, 3, 1970, ids[1], 1, 1),
        ("Marc", "Dupont", "+33698765432", 5, 11, None, ids[0], 1, 1),
        ("Zoé", "Lefèvre", "+33781223344", 29, 2, 1988, None, None, 1),
        ("Jérôme", "Bœuf", "+33655443322", 1, 1, 1965, None, 1, 1),
    ]
    assert visit == [(4, 21240, "anniversaire")]
    assert present == [(4,)]


async def test_an_error_keeps_everything_typed(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        await add_new_guest(Keyboard(pilot), "Anne", "Roux", "06 11 22 33 44", "12/03", None, True)
        await wait_for_workers(pilot)
        app.screen.query_one("#table-spend", Input).focus()
        await pilot.press(*"beaucoup", "ctrl+s")
        await wait_for_workers(pilot)
        problems = str(app.screen.query_one("#checkout-problems", Static).render())
        assert "Not saved" in problems and "Spend (€):" in problems  # named as labelled
        assert app.screen.query_one("#table-spend", Input).value == "beaucoup"
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        assert len(screen.draft.seats) == 1
    assert query(services, "SELECT count(*) FROM guest") == [(0,)]


async def test_invalid_phone_in_the_form_keeps_the_form_open(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        keys = Keyboard(pilot)
        await keys.press("ctrl+n")
        await keys.type("Camille")
        await keys.press("tab", "tab")
        await keys.type("pas de téléphone")
        await keys.press("ctrl+s")
        await wait_for_workers(pilot)
        error = app.screen.query_one("#error-phones", Static)
        assert "not a phone number" in str(error.render())
        assert app.screen.query_one("#field-first_name", Input).value == "Camille"


async def test_rewards_owed_show_and_one_key_redeems(services: Services) -> None:
    import datetime as dt

    from guestbook.domain.calls import Outcome, Reason
    from guestbook.services.agenda.log import CallToLog, log_outcome

    anne = add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    log_outcome(
        services, CallToLog(anne, Reason.BIRTHDAY, dt.date(2026, 11, 29), None), Outcome.REACHED
    )
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        screen.draft.seats.append(Seat("Anne Martin", guest_id=anne))
        screen.refresh_seats()
        await wait_for_workers(pilot)
        rewards = screen.query_one("#rewards", DataTable)
        assert rewards.row_count == 1
        rewards.focus()
        await pilot.press("enter")  # one key redeems
        screen.query_one("#table-spend", Input).focus()
        await pilot.press(*"30", "ctrl+s")
        await wait_for_workers(pilot)
    redeemed = query(
        services, "SELECT redeemed_visit_id IS NOT NULL FROM reward WHERE guest_id = ?", anne
    )
    assert redeemed == [(1,)]


async def test_referral_at_checkout_earns_the_sponsor_a_reward(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f4")
        await add_new_guest(Keyboard(pilot), "Noé", "Filleul", "06 22 33 44 55", "", None, True)
        await wait_for_workers(pilot)
        await press(pilot, "ctrl+r")  # who referred the selected (new) guest?
        await type_text(pilot, "sophie")
        await press(pilot, "enter")
        seats = app.screen.query_one("#seats", DataTable)
        assert "Sophie Marraine" in [str(c) for c in seats.get_row_at(0)]
        app.screen.query_one("#table-spend", Input).focus()
        await pilot.press(*"40", "ctrl+s")
        await wait_for_workers(pilot)
    referral = query(services, "SELECT sponsor_id FROM referral")
    rewards = query(services, "SELECT guest_id, kind FROM reward")
    assert referral == [(sponsor,)]
    assert rewards == [(sponsor, "sponsor")]


async def test_an_address_for_letters_is_typed_at_checkout(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3", "ctrl+n")
        await type_text(pilot, "Inès")
        dialog = app.screen
        dialog.query_one("#field-address", Input).value = "3 place Bellecour, Lyon"
        dialog.query_one("#field-postcode", Input).value = "690#2"
        await press(pilot, "ctrl+s")  # a postcode is checked as the guest form checks it
        assert dialog is app.screen
        dialog.query_one("#field-postcode", Input).value = "69002"
        await press(pilot, "ctrl+s")
        app.screen.query_one("#table-spend", Input).value = "30"
        await press(pilot, "ctrl+s")
    assert query(services, "SELECT first_name, address, postcode FROM guest") == [
        ("Inès", "3 place Bellecour, Lyon", "69002")
    ]
