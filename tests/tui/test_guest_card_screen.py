"""The guest card: the postal address shown and edited, and an objection to any contact."""

from __future__ import annotations

from textual.widgets import Input

from guestbook.bootstrap import Services, make_app
from guestbook.services.guests.consent import OBJECTION_WORDING
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.guest_form import GuestFormDialog
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import execute, query
from tests.pilot import press, text_of, type_text, until, wait_for_workers

SIZE = (120, 40)


async def test_the_address_shows_on_the_card_and_is_edited_in_the_form(
    services: Services,
) -> None:
    guest = add_guest(services, "Inès", "Postale")
    execute(services, "UPDATE guest SET address = ?, postcode = ? WHERE id = ?",
            "3 place Bellecour, Lyon", "69002", guest)  # fmt: skip
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2")
        await type_text(pilot, "ines")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        details = text_of(pilot, "#card-details")
        assert "3 place Bellecour, Lyon" in details and "69002" in details
        await press(pilot, "e")
        form = pilot.app.screen
        assert isinstance(form, GuestFormDialog)
        address = form.query_one("#field-address", Input)
        assert address.value == "3 place Bellecour, Lyon"
        address.value = "12 rue des Lilas\n  Villeurbanne"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        assert "12 rue des Lilas, Villeurbanne" in text_of(pilot, "#card-details")
    assert query(services, "SELECT address FROM guest") == [("12 rue des Lilas, Villeurbanne",)]


async def test_an_objection_withdraws_every_channel_after_a_confirmation(
    services: Services,
) -> None:
    guest = add_guest(services, "Paul", "Refus", emails=("paul@example.fr",))
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "2")
        await type_text(pilot, "refus")
        await press(pilot, "enter")
        await press(pilot, "o")
        assert isinstance(pilot.app.screen, Confirm)
        await press(pilot, "n")  # kept as is: nothing recorded
        assert query(services, "SELECT consent_call FROM guest") == [(1,)]
        await press(pilot, "o", "y")
        assert isinstance(pilot.app.screen, GuestCardScreen)
        await until(pilot, lambda: "Phone calls: no" in text_of(pilot, "#card-details"))
    assert query(
        services, "SELECT consent_call, consent_sms, consent_email, consent_post FROM guest"
    ) == [(0, 0, 0, 0)]
    withdrawals = query(
        services,
        "SELECT channel, source, wording FROM consent_event WHERE guest_id = ? AND granted = 0",
        guest,
    )
    assert sorted(withdrawals) == sorted(
        (channel, "card", OBJECTION_WORDING) for channel in ("call", "sms", "email", "post")
    )
