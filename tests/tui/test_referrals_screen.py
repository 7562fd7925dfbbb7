"""Recording a referral from the Referrals screen, by keyboard."""

from __future__ import annotations

from textual.pilot import Pilot

from guestbook.bootstrap import Services, make_app
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, type_text, wait_for_workers


async def record(pilot: Pilot[None], referred: str, sponsor: str) -> None:
    for text in (referred, sponsor):
        await type_text(pilot, text)
        await press(pilot, "enter")  # the first match


async def test_record_a_referral_then_refuse_a_circle(services: Services) -> None:
    ana = add_guest(services, "Ana", "Marraine")
    leo = add_guest(services, "Léo", "Filleul")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "5")
        await press(pilot, "n")
        await record(pilot, "leo", "ana")
        await press(pilot, "n")
        await record(pilot, "ana", "leo")  # Léo cannot sponsor his own sponsor
        messages = [n.message for n in app._notifications]
    assert any("Ana Marraine referred Léo Filleul: recorded." in m for m in messages)
    assert any("Not recorded" in m and "circle" in m for m in messages)
    rows = query(services, "SELECT sponsor_id, referred_id FROM referral")
    assert rows == [(ana, leo)]
