"""The agenda screen of a site (issue 19): this site's guests first, `a` for the whole
group's and back, the line above the calls saying which; a restaurant without sites is told
why `a` does nothing."""

from __future__ import annotations

from dataclasses import replace

from guestbook.bootstrap import Services, make_app
from tests.pilot import press, text_of, wait_for_workers
from tests.tui.test_agenda_groups import listed
from tests.unit.test_agenda_sites import _group


def _names(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for name in ("Anne Martin", "Léa Roux", "Paul Roux", "Zoé Petit"):
            if name in line:
                found.append(name)
    return found


async def test_a_switches_between_this_site_and_the_whole_group(services: Services) -> None:
    _group(services)
    services.settings = replace(services.settings, site="Bastille")
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        assert _names(listed(pilot)) == ["Anne Martin", "Léa Roux", "Zoé Petit"]
        summary = text_of(pilot, "#agenda-summary")
        assert summary.startswith("Bastille (a: whole group) · 1 call today, 2 overdue")
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert sorted(_names(listed(pilot))) == [
            "Anne Martin",
            "Léa Roux",
            "Paul Roux",
            "Zoé Petit",
        ]
        assert text_of(pilot, "#agenda-summary").startswith("Whole group (a: Bastille) · ")
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert _names(listed(pilot)) == ["Anne Martin", "Léa Roux", "Zoé Petit"]


async def test_without_sites_a_says_why(services: Services) -> None:
    _group(services)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        before = _names(listed(pilot))
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert _names(listed(pilot)) == before and len(before) == 4
        assert text_of(pilot, "#agenda-summary").startswith("1 call today, 3 overdue")
        messages = [notification.message for notification in app._notifications]
        assert any("This restaurant has no site" in message for message in messages)
