"""What a user walking the Messages found, in the app: the plan and the question before a send
promised SMS that could never go (news with no opt-out mention set); the progress bar of a
send holding SMS stopped short of the end; a send again asked about every guest when it
writes only to the failures. Today is Sunday 22 November 2026: news by SMS waits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from textual.widgets import Label, ProgressBar

from guestbook.bootstrap import Services
from guestbook.tui.dialogs.message_send import MessageSendDialog
from guestbook.tui.screens.message_plan import MessagePlanScreen
from tests.database import query
from tests.pilot import press, text_of, until
from tests.tui.test_messages_compose import SIZE, fill, guest, open_composer
from tests.tui.test_messages_send import app_with_folder


def _question(dialog: MessageSendDialog) -> str:
    return str(dialog.query_one("#send-question", Label).render())


async def test_news_with_no_opt_out_mention_are_planned_without_sms(
    services: Services, tmp_path: Path
) -> None:
    guest(services, "Paul", "Martin", phone="06 12 34 56 78", consent={"sms": True})
    guest(services, "Léa", "Durand", email="lea@example.fr", consent={"email": True})
    async with app_with_folder(services, tmp_path).run_test(size=SIZE) as pilot:
        await open_composer(pilot)  # the purpose stays "News and invitations"
        await fill(pilot, "#aud-everyone", " ")
        await fill(pilot, "#subject", "Beaujolais")
        await fill(pilot, "#body", "Bonjour {first_name}, beaujolais jeudi.")
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, MessagePlanScreen)
        counts = text_of(pilot, "#plan-counts")
        assert "Text messages 0" in counts
        assert "SMS only, no opt-out mention (sms_stop) 1" in counts
        await press(pilot, "s")
        dialog = pilot.app.screen
        assert isinstance(dialog, MessageSendDialog)
        assert _question(dialog) == "Send message 1 to 1 guest?"
        assert "SMS will wait" not in text_of(pilot, "#send-details")
        await press(pilot, "y")
        await until(pilot, lambda: dialog.done)
    assert query(services, "SELECT channel, status FROM message_delivery ORDER BY guest_id") == [
        ("", "skipped"),
        ("email", "failed"),  # no email server in the tests' settings
    ]


async def test_a_send_again_asks_about_the_failures_only(
    services: Services, tmp_path: Path
) -> None:
    services = replace(services, settings=replace(services.settings, sms_stop="STOP au 36111"))
    guest(services, "Léa", "Durand", email="lea@example.fr", consent={"email": True})
    guest(services, "Paul", "Martin", phone="06 12 34 56 78", consent={"sms": True})
    post: dict[str, bool | None] = {"post": True}
    guest(services, "Zoé", "Petit", address="3 place Bellecour", postcode="69002", consent=post)
    async with app_with_folder(services, tmp_path).run_test(size=SIZE) as pilot:
        await open_composer(pilot)  # news: Paul's SMS waits for Monday 08:00
        await fill(pilot, "#aud-everyone", " ")
        await fill(pilot, "#subject", "Beaujolais")
        await fill(pilot, "#body", "Bonjour {first_name}, beaujolais jeudi.")
        await press(pilot, "ctrl+s", "s")
        dialog = pilot.app.screen
        assert isinstance(dialog, MessageSendDialog)
        assert _question(dialog) == "Send message 1 to 3 guests?"
        await press(pilot, "y")
        await until(pilot, lambda: dialog.done)
        bar = dialog.query_one(ProgressBar)
        # The email failed (no server), the SMS held, the letter written: all done.
        assert bar.total == 3 and bar.progress == 3
        await press(pilot, "escape", "s")
        again = pilot.app.screen
        assert isinstance(again, MessageSendDialog) and again is not dialog
        assert _question(again) == "Send message 1 to 1 guest?"  # the email that failed
        details = text_of(pilot, "#send-details")
        assert "Sent before: 1 guest already reached gets nothing more" in details
        assert "1 SMS held by an earlier send still waits for its hours." in details
        await press(pilot, "y")
        await until(pilot, lambda: again.done)
        said = text_of(pilot, "#send-result")
        assert "Failed: 1 " in said and "Waiting or handed over: 2 " in said
