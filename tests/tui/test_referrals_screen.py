"""Recording a referral from the Referrals screen, by keyboard."""

from __future__ import annotations

import sqlite3

from guestbook.bootstrap import Services, make_app
from tests.builders import add_guest
from tests.tui.test_agenda_screen import settle


async def record(app: object, pilot: object, referred: str, sponsor: str) -> None:
    for text in (referred, sponsor):
        await pilot.press(*text)  # type: ignore[attr-defined]
        await settle(app, pilot)
        await pilot.press("enter")  # type: ignore[attr-defined]  # the first match
        await settle(app, pilot)


async def test_record_a_referral_then_refuse_a_circle(services: Services) -> None:
    ana = add_guest(services, "Ana", "Marraine")
    leo = add_guest(services, "Léo", "Filleul")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("5")
        await settle(app, pilot)
        await pilot.press("n")
        await settle(app, pilot)
        await record(app, pilot, "leo", "ana")
        await pilot.press("n")
        await settle(app, pilot)
        await record(app, pilot, "ana", "leo")  # Léo cannot sponsor his own sponsor
        messages = [n.message for n in app._notifications]
    assert any("Ana Marraine referred Léo Filleul: recorded." in m for m in messages)
    assert any("Not recorded" in m and "circle" in m for m in messages)
    with sqlite3.connect(services.db_path) as connection:
        rows = connection.execute("SELECT sponsor_id, referred_id FROM referral").fetchall()
    assert rows == [(ana, leo)]
