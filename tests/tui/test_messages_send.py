"""Sending a message from the app (issue 16): the question says how many guests by which
channel and that news by SMS waits for its hours; the send writes the letters' PDF and the SMS
file where the app writes files and says so; the history counts the deliveries, the deliveries
list each guest, filtered by state, and the guest's card lists the message received."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app, make_services
from guestbook.settings import Settings
from guestbook.settings_messages import SmsSettings
from guestbook.tui.app import GuestbookApp
from guestbook.tui.dialogs.message_send import MessageSendDialog
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.message_deliveries import MessageDeliveriesScreen
from guestbook.tui.screens.message_plan import MessagePlanScreen
from guestbook.tui.screens.messages import MessagesScreen
from tests.database import query
from tests.pilot import press, text_of, type_text, until, wait_for_workers
from tests.tui.test_messages_compose import SIZE, fill, guest, open_composer

PARIS = ZoneInfo("Europe/Paris")


class FridayMorning:
    """Friday 20 November 2026, 10:00 in Paris, all day long: an SMS may go."""

    def today(self) -> dt.date:
        return dt.date(2026, 11, 20)

    def now(self) -> dt.datetime:
        return dt.datetime(2026, 11, 20, 10, 0, tzinfo=PARIS).astimezone(dt.UTC)


def app_with_folder(services: Services, folder: Path) -> GuestbookApp:
    """The app, its files (letters, SMS file) going to `folder` as after an export there."""
    app = make_app(services)
    app.last_export_folder = folder
    return app


async def test_send_from_the_plan_writes_the_letters_and_the_sms_file(tmp_path: Path) -> None:
    settings = replace(Settings(), sms=SmsSettings(provider="file"))
    services = make_services(tmp_path / "friday.db", FridayMorning(), settings, staff="Test")
    lea = guest(services, "Léa", "Martin", phone="06 12 34 56 78")
    marc = guest(services, "Marc", "Durand", address="12 rue Oberkampf, Paris", postcode="75011")
    folder = tmp_path / "out"
    folder.mkdir()
    try:
        async with app_with_folder(services, folder).run_test(size=SIZE) as pilot:
            await open_composer(pilot)
            await press(pilot, "enter", "up", "enter")  # the purpose: an incident notice
            await fill(pilot, "#aud-everyone", " ")
            await fill(pilot, "#subject", "Le dessert du 14")
            await fill(pilot, "#body", "Bonjour {first_name}, le dessert contenait des noix.")
            await press(pilot, "ctrl+s")
            assert isinstance(pilot.app.screen, MessagePlanScreen)
            counts = text_of(pilot, "#plan-counts")
            assert "Emails 0 · Text messages 1 · Letters 1 · Phone calls 0" in counts
            await press(pilot, "s")
            dialog = pilot.app.screen
            assert isinstance(dialog, MessageSendDialog)
            assert str(dialog.query_one("#send-question").render()) == "Send message 1 to 2 guests?"
            await press(pilot, "y")
            await until(pilot, lambda: dialog.done)
            said = text_of(pilot, "#send-result")
            assert "Letters to print: " + str(folder) in said
            assert "SMS file for the gateway: " + str(folder) in said
            await press(pilot, "escape", "escape")
            history = pilot.app.screen
            assert isinstance(history, MessagesScreen)
            row = [str(cell) for cell in history.query_one(DataTable).get_row_at(0)]
            assert row[2:] == ["Incident notice", "Le dessert du 14", "queued 2"]
            await press(pilot, "enter")
            deliveries = pilot.app.screen
            assert isinstance(deliveries, MessageDeliveriesScreen)
            table = deliveries.query_one(DataTable)
            assert table.row_count == 2
            assert [str(cell) for cell in table.get_row_at(0)][:4] == [
                f"#{lea} Léa Martin", "Text messages", "06 12 34 56 78", "queued",
            ]  # fmt: skip
            await press(pilot, "f", "f")  # the sent ones: none (handed over, not sent)
            assert table.row_count == 0
            assert "shown: sent, 0 of 0" in text_of(pilot, "#deliveries-status")
            await press(pilot, "f", "f", "f")  # every state again
            assert "shown: all states, 2 of 2" in text_of(pilot, "#deliveries-status")
            await press(pilot, "down", "enter")
            card = pilot.app.screen
            assert isinstance(card, GuestCardScreen) and card.guest_id == marc
            assert "Le dessert du 14 · Letters · queued" in text_of(pilot, "#card-events")
    finally:
        services.close()
    states = query(services, "SELECT guest_id, channel, status FROM message_delivery ORDER BY 1")
    assert states == [(lea, "sms", "queued"), (marc, "post", "queued")]
    assert len(list(folder.glob("letters-*.pdf"))) == 1
    assert len(list(folder.glob("sms-*.csv"))) == 1


async def test_news_by_sms_on_a_sunday_waits_and_the_question_says_so(
    services: Services, tmp_path: Path
) -> None:
    services = replace(services, settings=replace(services.settings, sms_stop="STOP au 36111"))
    guest(services, "Léa", "Martin", phone="06 12 34 56 78", consent={"sms": True})
    async with app_with_folder(services, tmp_path).run_test(size=SIZE) as pilot:
        await open_composer(pilot)
        await fill(pilot, "#aud-everyone", " ")
        await fill(pilot, "#subject", "Soirée jazz")
        await fill(pilot, "#body", "Bonjour {first_name}, jazz samedi soir.")
        await press(pilot, "ctrl+s", "s")
        dialog = pilot.app.screen
        assert isinstance(dialog, MessageSendDialog)
        details = text_of(pilot, "#send-details")
        assert "the 1 SMS will wait until Mon 23 Nov 08:00." in details
        await press(pilot, "y")
        await until(pilot, lambda: dialog.done)
        said = text_of(pilot, "#send-result")
        assert "Waiting or handed over: 1" in said
        assert "The SMS held will go from 23 Nov 2026 08:00" in said
    assert query(services, "SELECT status, channel FROM message_delivery") == [("queued", "sms")]


async def test_c_stops_a_send_under_way_and_closes_the_dialog_otherwise(
    services: Services,
) -> None:
    guest(services, "Léa", "Martin", phone="06 12 34 56 78")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_composer(pilot)
        await fill(pilot, "#aud-everyone", " ")
        await fill(pilot, "#subject", "Fermeture")
        await fill(pilot, "#body", "Nous sommes fermés lundi.")
        await press(pilot, "ctrl+s", "s")
        dialog = pilot.app.screen
        assert isinstance(dialog, MessageSendDialog)
        dialog.busy = True  # as while a send runs
        await press(pilot, "c")
        assert dialog.cancelled()
        assert isinstance(pilot.app.screen, MessageSendDialog)  # still open
        assert text_of(pilot, "#send-result") == "Stopping…"
        dialog.busy = False
        await press(pilot, "c")
        assert isinstance(pilot.app.screen, MessagePlanScreen)
        await wait_for_workers(pilot)
    assert query(services, "SELECT count(*) FROM message_delivery") == [(0,)]


async def test_the_history_starts_empty_and_says_how_to_write(services: Services) -> None:
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "7")
        assert text_of(pilot, "#messages-status") == "No message yet: n writes the first one."
        await type_text(pilot, "n")
        assert pilot.app.screen.query_one("#purpose").has_focus
