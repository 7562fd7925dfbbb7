"""Recording a referral from the Referrals screen, by keyboard."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from guestbook.bootstrap import Services, make_app
from guestbook.services.visits.referrals import record_referral
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


async def test_the_summary_wraps_instead_of_cutting_the_top_ambassador(
    services: Services,
) -> None:
    """D22: at 120 columns the summary ended in "top ambassador:", the name cut off."""
    sponsor = add_guest(services, "Marie-Bernadette", "de La Tour-Montgolfier-Saint-Exupéry")
    for index in range(3):
        friend = add_guest(services, f"Friend{index}", "Amie")
        record_referral(services, sponsor_id=sponsor, referred_id=friend)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "5")
        summary = app.screen.query_one("#referrals-summary", Static)
        shown = " ".join(str(summary.render()).split())
        assert shown.endswith(
            "top ambassador: Marie-Bernadette de La Tour-Montgolfier-Saint-Exupéry"
        )
        assert summary.size.height >= 2  # wrapped on screen, not cut at the edge
