"""The door's target: a table of four new guests (names, a phone each, birthdays, a consent
each, one referral between two of them) saved in at most 120 keys, typed one key at a time and
every key counted: Enter, Tab, arrows and shortcuts too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.pilot import Pilot

from guestbook.bootstrap import make_app, make_services
from guestbook.clock import FixedClock
from guestbook.settings import Settings
from tests.database import query
from tests.pilot import wait_for_workers

TARGET = 120


class Keyboard:
    """Presses keys one at a time as a host does (each key's work done before the next),
    and counts them."""

    def __init__(self, pilot: Pilot[None]) -> None:
        self.pilot = pilot
        self.count = 0

    async def press(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)
            if len(key) > 1:  # a shortcut, Enter: what it starts is done before the next key
                await wait_for_workers(self.pilot)

    async def type(self, text: str) -> None:
        await self.press(*text)

    async def guest(self, first: str, last: str, phone: str, birthday: str, then: str) -> None:
        """A new guest as the host takes them at the door: Enter from field to field, `y` to
        "may the chef call you?" (which moves on to the birthday), then `then`: ctrl+n for
        the next guest, ctrl+s for the last one."""
        await self.type(first)
        await self.press("enter")
        if last.endswith("→"):  # the family's name, suggested from the table: → takes it
            await self.type(last[:-1])
            await self.press("right")
        else:
            await self.type(last)
        await self.press("enter")
        await self.type(phone)
        await self.press("enter", "y")
        await self.type(birthday)
        await self.press(then)


async def test_a_table_of_four_new_guests_in_at_most_120_keys(
    db_path: Path, today: dt.date, settings: Settings
) -> None:
    services = make_services(db_path, FixedClock(today), settings)  # no --staff
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        session = Keyboard(pilot)  # once per session: open Checkout, say who is at the door
        await session.press("3")
        await session.type("Zoé")
        await session.press("enter")
        keys = Keyboard(pilot)
        await keys.press("ctrl+n")
        await keys.guest("Léa", "Roux", "0612345678", "12/03", then="ctrl+n")
        await keys.guest("Marc", "R→", "0698765432", "05/11", then="ctrl+n")
        await keys.guest("Inès", "Petit", "0781223344", "29/02", then="ctrl+n")
        await keys.guest("Hugo", "P→", "0655443322", "01/01", then="ctrl+s")
        await keys.press("ctrl+r", "enter")  # Hugo, just seated, was brought by Léa (first)
        await keys.press("ctrl+s")
        assert keys.count <= TARGET, keys.count
        assert session.count == 5
    services.close()

    services = make_services(db_path, FixedClock(today), settings)
    guests = query(
        services,
        "SELECT id, first_name, last_name, primary_phone, birth_day, birth_month, birth_year "
        "FROM guest ORDER BY id",
    )
    ids = {row[1]: row[0] for row in guests}
    assert [row[1:] for row in guests] == [
        ("Léa", "Roux", "+33612345678", 12, 3, None),
        ("Marc", "Roux", "+33698765432", 5, 11, None),
        ("Inès", "Petit", "+33781223344", 29, 2, None),
        ("Hugo", "Petit", "+33655443322", 1, 1, None),
    ]
    consents = query(
        services, "SELECT guest_id, channel, granted, staff, source FROM consent_event"
    )
    assert sorted(consents) == [(ids[n], "call", 1, "Zoé", "checkout") for n in ids]
    assert query(services, "SELECT sponsor_id, referred_id FROM referral") == [
        (ids["Léa"], ids["Hugo"])
    ]
    assert query(services, "SELECT party_size FROM visit") == [(4,)]
    services.close()
