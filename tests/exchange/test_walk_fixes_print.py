"""The printed agenda says how many calls it leaves off, and where they are (finding of a user's
walk: `p` wrote "54 calls" of 111, the sheet read "Overdue (107, 50 shown)" and nothing more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.services.agenda.calls import agenda_on
from guestbook.services.agenda.sheet import call_sheet
from guestbook.tui.screens.agenda_print import sheet_groups
from tests.builders import add_guest
from tests.pilot import press, until, wait_for_workers
from tests.tui.busy_pilot import errors

OVERDUE = 53  # birthdays from the 23rd to the 28th: their calls were due last week
NOTE = (
    "Not on this sheet: 3 more calls. The agenda in the app brings them up as these are done;"
    " `guestbook today` lists every call and `guestbook today --print` prints them all."
)


@pytest.fixture
def busy_day(services: Services) -> Services:
    """53 overdue birthday calls (the agenda lists 50 of them) and one for today."""
    for index in range(OVERDUE):
        add_guest(services, f"Invité{index:02d}", "Retard", birthday=Birthday(23 + index % 6, 11))
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    return services


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_sheet_says_first_how_many_calls_it_leaves_off(busy_day: Services) -> None:
    today, settings = busy_day.clock.today(), busy_day.settings
    agenda = busy_day.read(lambda connection: agenda_on(connection, today, settings))
    sheet = sheet_groups(agenda, None)
    assert sheet.left_off == 3
    assert [len(calls) for _heading, calls in sheet.groups] == [50, 1]
    text = call_sheet("Chez Nous", today, sheet.groups, "FR", left_off=sheet.left_off)
    first_page = text.split("\f")[0]
    assert NOTE in one_line(first_page)
    assert one_line(first_page).index(NOTE) < first_page.index("Overdue (53, 50 shown)")
    assert all(len(line) <= 80 for line in text.splitlines())
    # Nothing left off: nothing said (the command line's sheet lists every call).
    whole = call_sheet("Chez Nous", today, sheet.groups, "FR")
    assert "Not on this sheet" not in whole


def test_in_one_call_the_words_are_singular(busy_day: Services) -> None:
    text = call_sheet("Chez Nous", busy_day.clock.today(), [], "FR", left_off=1)
    assert "Not on this sheet: 1 more call. The agenda in the app brings it up" in one_line(text)


async def test_p_says_how_many_calls_are_not_on_the_sheet(
    busy_day: Services, documents: Path
) -> None:
    app = make_app(busy_day)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "p")
        await until(pilot, lambda: any("written to" in str(n.message) for n in app._notifications))
    sheet = documents / "calls-2026-11-22.txt"
    assert NOTE in one_line(sheet.read_text(encoding="utf-8"))
    said = [str(n.message) for n in app._notifications if "written to" in str(n.message)]
    assert said == [
        f"51 calls written to {sheet} (no printer command here: print that file). 3 more calls"
        " are not on the sheet: `guestbook today` lists every call and `guestbook today --print`"
        " prints them all."
    ]
    assert not errors(app)
