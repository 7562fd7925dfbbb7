"""A message sent by phone on the agenda screen: the notice call shows the message's subject and
its text for the guest, to read out; an outcome logged by key settles the delivery."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from guestbook.bootstrap import Services, make_app
from guestbook.domain.audience import Audience
from guestbook.services import messages
from guestbook.services.messages.send import send_message
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.widgets.hanging import Hanging
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, until, wait_for_workers

DELIVERY = "SELECT status, reason FROM message_delivery WHERE channel = 'call'"


async def test_the_agenda_shows_the_notice_call_s_script_and_logs_it(
    services: Services, tmp_path: Path
) -> None:
    guest = add_guest(services, "Hugo", "Martin", phone="01 45 67 89 01")
    body = "Bonjour {first_name}, le plat du 3 contenait des noix."
    draft = messages.MessageDraft("incident", "Le plat du 3", body, Audience(everyone=True))
    send_message(services, messages.new_message(services, draft).message_id, output_dir=tmp_path)
    app = make_app(services)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        calls = screen.query_one("#calls", OptionList)
        (notice,) = [
            calls.get_option_at_index(i)
            for i in range(calls.option_count)
            if (calls.get_option_at_index(i).id or "").startswith("notice:")
        ]
        assert isinstance(notice.prompt, Hanging)
        shown = notice.prompt.text.plain
        assert "Hugo Martin" in shown
        assert "Notice: Le plat du 3 — read out: “Bonjour Hugo, le plat du 3" in shown
        await press(pilot, "r")
        await until(pilot, lambda: query(services, DELIVERY) == [("sent", "")])
        await until(pilot, lambda: bool(screen.listing.done))
        (done,) = screen.listing.done.values()
        assert (done.call.guest_id, done.outcome.value) == (guest, "reached")
    assert query(services, "SELECT reason, outcome FROM call_attempt") == [("notice", "reached")]
