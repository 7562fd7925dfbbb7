"""Writing a message in the app (issue 16): the composer records the message with its audience
and shows its plan, the counts being plan_message's; the preview shows one guest's texts; the
SMS counter names the characters that force UCS-2 and ctrl+r replaces them (ctrl+z puts them
back); what is wrong is said by its field and nothing typed is lost.
Today is Sunday 22 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TextArea

from guestbook.bootstrap import Services, make_app
from guestbook.domain.audience import Audience
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.domain.sms_text import is_gsm7
from guestbook.services.guests.edit import save_guest
from guestbook.services.messages import plan_message
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.message_compose import MessageComposeScreen
from guestbook.tui.screens.message_plan import MessagePlanScreen
from guestbook.tui.screens.messages import MessagesScreen
from guestbook.tui.screens.messages_text import plan_lines
from tests.builders import add_visit
from tests.database import query, scalar
from tests.pilot import press, text_of, type_text, wait_for_workers

SIZE = (120, 40)


def guest(
    services: Services,
    first: str,
    last: str,
    *,
    phone: str = "",
    email: str = "",
    address: str = "",
    postcode: str = "",
    consent: dict[str, bool | None] | None = None,
) -> int:
    """A guest saved as the guest form saves one, with the contact data given only."""
    form = GuestForm(
        first_name=first,
        last_name=last,
        phones=phone,
        emails=email,
        address=address,
        postcode=postcode,
        consent=consent or {},
    )
    valid = validate_form(form, today=services.clock.today(), region="FR")
    return services.write(
        lambda session: save_guest(
            session,
            valid,
            guest_id=None,
            now=services.clock.now(),
            settings=services.settings,
            staff="Test",
            source="test",
        )
    ).guest_id


async def open_composer(pilot: Pilot[None]) -> MessageComposeScreen:
    await wait_for_workers(pilot)
    await press(pilot, "7")
    assert isinstance(pilot.app.screen, MessagesScreen)
    await press(pilot, "n")
    composer = pilot.app.screen
    assert isinstance(composer, MessageComposeScreen)
    return composer


async def fill(pilot: Pilot[None], selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector).focus()
    await type_text(pilot, text)


def restaurant_guests(services: Services) -> tuple[int, int, int]:
    """Léa (email, agreed to emails) and Marc (a mobile, never asked) came on 3 November;
    Zoé (a letter's address) did not."""
    lea = guest(services, "Léa", "Martin", email="lea@example.fr", consent={"email": True})
    marc = guest(services, "Marc", "Durand", phone="06 12 34 56 78", postcode="75011")
    zoe = guest(services, "Zoé", "Petit", address="12 rue Oberkampf, Paris", postcode="75011")
    add_visit(services, dt.date(2026, 11, 3), lea, marc)
    return lea, marc, zoe


async def test_a_message_is_recorded_with_its_audience_and_its_plan_shown(
    services: Services,
) -> None:
    lea, marc, _zoe = restaurant_guests(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_composer(pilot)
        await fill(pilot, "#aud-visited_from", "01/11/2026")
        await fill(pilot, "#aud-visited_to", "10 nov")
        await fill(pilot, "#subject", "Le diner du {last_visit}")
        await fill(pilot, "#body", "Bonjour {first_name}, merci de votre visite.")
        await press(pilot, "ctrl+s")
        plan_screen = pilot.app.screen
        assert isinstance(plan_screen, MessagePlanScreen)
        message_id = plan_screen.message_id
        plan = plan_message(services, message_id)
        # News: Léa by email, Marc never agreed to anything.
        assert plan.by_channel["email"] == 1 and plan.left_out["no_consent"] == 1
        shown = text_of(pilot, "#plan-counts").strip()
        assert shown == "\n".join(plan_lines(plan.audience, plan.by_channel, plan.left_out))
        assert shown.startswith("2 guests chosen, 1 reached.")
        table = plan_screen.query_one("#plan-table", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            f"#{marc} Marc Durand",
            "no consent",
        ]
        await press(pilot, "enter")  # the guest left out: their card, to phone them
        card = pilot.app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == marc
        await press(pilot, "escape", "t")
        assert [str(cell) for cell in table.get_row_at(0)][:2] == [f"#{lea} Léa Martin", "Emails"]
        assert "Bonjour Léa, merci de votre visite." in text_of(pilot, "#plan-preview")
    recorded = query(services, "SELECT purpose, subject, body, audience_json, staff FROM message")
    audience = Audience(visited_from=dt.date(2026, 11, 1), visited_to=dt.date(2026, 11, 10))
    assert recorded == [
        (
            "relational",
            "Le diner du {last_visit}",
            "Bonjour {first_name}, merci de votre visite.",
            audience.to_json(),
            "Test",
        )
    ]


async def test_problems_are_said_by_their_fields_and_nothing_typed_is_lost(
    services: Services,
) -> None:
    restaurant_guests(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        composer = await open_composer(pilot)
        await fill(pilot, "#aud-visited_from", "31/02/2026")
        await fill(pilot, "#aud-postcodes", "75, Paris")
        await fill(pilot, "#body", "Bonjour {prenom}")
        assert "unknown placeholder {prenom}" in text_of(pilot, "#error-body")  # as typed
        await press(pilot, "ctrl+s")
        assert pilot.app.screen is composer
        assert "does not exist" in text_of(pilot, "#aud-error-visited_from")
        assert "“Paris” is not the start of a postcode" in text_of(pilot, "#aud-error-postcodes")
        assert text_of(pilot, "#error-subject") == "The message needs a subject."
        assert "unknown placeholder {prenom}" in text_of(pilot, "#error-body")
        assert composer.query_one("#body", TextArea).text == "Bonjour {prenom}"
        assert composer.query_one("#aud-postcodes", Input).value == "75, Paris"
        # Corrected, but for no one: the audience's own problem, under the filters.
        for selector in ("#aud-visited_from", "#aud-postcodes"):
            composer.query_one(selector, Input).value = ""
        composer.query_one("#body", TextArea).text = "Bonjour {first_name}"
        await fill(pilot, "#subject", "Nouvelles")
        await press(pilot, "ctrl+s")
        assert (
            text_of(pilot, "#aud-error") == "Choose who the message is for: a filter, or everyone."
        )
        assert text_of(pilot, "#error-body") == ""
    assert scalar(services, "SELECT count(*) FROM message") == 0


async def test_the_preview_and_the_sms_counter_with_its_plain_equivalents(
    services: Services,
) -> None:
    _lea, marc, _zoe = restaurant_guests(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        composer = await open_composer(pilot)
        await fill(pilot, "#subject", "Votre visite du {last_visit}")
        await fill(pilot, "#body", "Bonjour {first_name}, ")
        body = composer.query_one("#body", TextArea)
        body.insert("l’équipe de {restaurant} vous attend « samedi »")  # as pasted
        await wait_for_workers(pilot)
        preview = text_of(pilot, "#preview")
        assert "No guest chosen" in preview and "UCS-2 because of ’ « »" in preview
        await fill(pilot, "#preview-guest", str(marc))
        preview = text_of(pilot, "#preview")
        assert f"For Marc Durand (#{marc})" in preview
        assert "Subject: Votre visite du 3 November 2026" in preview
        assert "Bonjour Marc, l’équipe de Chez Nous vous attend « samedi »" in preview
        assert "to 06 12 34 56 78" in preview
        assert "No letter: no postal address" in preview  # a postcode alone is none
        await press(pilot, "ctrl+r")
        assert body.text == 'Bonjour {first_name}, l\'équipe de {restaurant} vous attend "samedi"'
        assert is_gsm7(body.text)
        assert "GSM-7 · 1 SMS · " in text_of(pilot, "#preview")
        body.focus()
        await press(pilot, "ctrl+z")
        assert "« samedi »" in body.text
        assert "UCS-2 because of ’ « »" in text_of(pilot, "#preview")


async def test_in_french_the_preview_writes_the_last_visit_the_french_way(
    services: Services, french: None
) -> None:
    _lea, marc, _zoe = restaurant_guests(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_composer(pilot)
        assert "Actualités et invitations" in text_of(pilot, "#purpose #label")
        await fill(pilot, "#aud-last_visit_since", "1er nov. 2026")
        await fill(pilot, "#subject", "Votre visite du {last_visit}")
        await fill(pilot, "#body", "Bonjour {first_name} !")
        await fill(pilot, "#preview-guest", str(marc))
        preview = text_of(pilot, "#preview")
        assert "Votre visite du 3 novembre 2026" in preview and "Bonjour Marc !" in preview
        await press(pilot, "ctrl+s")
        plan_screen = pilot.app.screen
        assert isinstance(plan_screen, MessagePlanScreen)
        table = plan_screen.query_one("#plan-table", DataTable)
        assert [str(cell) for cell in table.get_row_at(0)] == [
            f"#{marc} Marc Durand",
            "sans consentement",
        ]
    audience = query(services, "SELECT audience_json FROM message")
    assert audience == [(Audience(last_visit_since=dt.date(2026, 11, 1)).to_json(),)]
