"""The help screen lists a screen's everyday keys first: the agenda's site switch (`a`, a part
the agenda is built from, agenda_site.py) comes after the calls' keys, not before them."""

from __future__ import annotations

import dataclasses

from textual.widgets import Static

from guestbook.bootstrap import Services, make_app
from guestbook.tui.screens.help import HelpScreen
from tests.builders import add_guest
from tests.pilot import wait_for_workers

SIZE = (120, 60)  # tall enough for the agenda's whole help

# The agenda's own keys, in the order agenda.py declares them (Enter is the list's there).
AGENDA_KEYS = [
    ("r", "Reached"),
    ("b", "Booked"),
    ("v", "Voicemail"),
    ("n", "No answer"),
    ("d", "Declined"),
    ("w", "Wrong no."),
    ("t", "Note"),
    ("u, ^z", "Undo"),
    ("s", "Feedback"),
    ("f", "Show: all, birthdays, thank-yous, win-backs"),
    ("l", "Birthdays left out, by name"),
    ("p", "Print today's calls"),
    ("^r", "Refresh"),
]


def section(help_text: str, heading: str) -> list[tuple[str, str]]:
    """(keys, what they do) of the rows under `heading`, in the order shown."""
    lines = help_text.splitlines()
    start = lines.index(heading) + 1
    rows = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break  # the next heading, or the blank line before it
        keys, description = line[2:24].strip(), line[24:].strip()
        rows.append((keys, description))
    return rows


async def test_the_site_switch_comes_after_the_agendas_everyday_keys(
    services: Services,
) -> None:
    services.settings = dataclasses.replace(services.settings, site="Lyon")  # a group's agenda
    add_guest(services, "Anne", "Martin")
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("question_mark")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-body Static", Static).render())
    rows = section(help_text, "Agenda")
    own = [row for row in rows if row in AGENDA_KEYS]
    assert own == AGENDA_KEYS  # every one of them, in their order
    site = rows.index(("a", "This site / the whole group"))
    assert site > rows.index(AGENDA_KEYS[-1])  # after the last of them
    assert site == len(rows) - 1
