"""The birthday calendar driven by keys."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import pytest
from textual.app import App, ComposeResult
from textual.widgets import DataTable, Static

from guestbook.bootstrap import Services, make_app
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.calendar import DayCount, MonthView
from guestbook.tui.screens import calendar as calendar_screen
from guestbook.tui.widgets.month_grid import MonthGrid
from tests.builders import add_guest
from tests.pilot import press, wait_for_workers


async def test_navigate_months_days_and_jump(services: Services) -> None:
    add_guest(services, "Noël", "Martin", birthday=Birthday(25, 12, 1976))
    add_guest(services, "Leap", "Day", birthday=Birthday(29, 2))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "4")
        grid = app.screen.query_one(MonthGrid)
        assert grid.selected == dt.date(2026, 11, 22)
        await pilot.press("right", "down", "pagedown")
        await wait_for_workers(pilot)
        assert grid.selected == dt.date(2026, 12, 30)
        assert grid.view is not None and (grid.view.year, grid.view.month) == (2026, 12)
        assert grid.view.total == 1
        await pilot.press("left", "left", "left", "left", "left")
        await wait_for_workers(pilot)
        title = str(app.screen.query_one("#day-title", Static).render())
        assert "Friday 25 December 2026" in title
        table = app.screen.query_one("#day-list", DataTable)
        assert table.row_count == 1
        assert "Noël Martin" in [str(cell) for cell in table.get_row_at(0)]

        await pilot.press("g", *"28/02/2027", "enter")  # a non-leap year: observed on 28 Feb
        await wait_for_workers(pilot)
        assert grid.selected == dt.date(2027, 2, 28)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "Leap Day" in row and any("*" in cell for cell in row)

        await pilot.press("g", *"31/02", "enter")  # refused, the dialog stays with the text
        await wait_for_workers(pilot)
        assert "does not exist" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("escape")

        await press(pilot, "t")
        assert grid.selected == dt.date(2026, 11, 22)
        title = str(app.screen.query_one("#day-title", Static).render())
        assert title.endswith("no birthday · v for the next 30 days"), title
        await press(pilot, "v")  # the next 30 days: Noël's birthday is 33 days away
        title = str(app.screen.query_one("#day-title", Static).render())
        assert title.startswith("Next 30 days") and "0 birthdays" in title


async def test_the_30_day_list_follows_the_month_paged_to(services: Services) -> None:
    """Findings: in "next 30 days" the list kept showing today's 30 days while the owner paged
    to other months or jumped to a date."""
    add_guest(services, "Noël", "Martin", birthday=Birthday(25, 12, 1976))
    add_guest(services, "Galette", "Rois", birthday=Birthday(6, 1, 1980))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "4", "v")
        title = app.screen.query_one("#day-title", Static)
        table = app.screen.query_one("#day-list", DataTable)
        assert str(title.render()).startswith("Next 30 days: Sun 22 Nov")
        await press(pilot, "down")  # still among the next 30 days: the same list
        assert str(title.render()).startswith("Next 30 days")
        await press(pilot, "pagedown")  # 29 December: the list starts there
        assert str(title.render()).startswith("30 days from Tue 29 Dec"), title.render()
        assert [str(table.get_row_at(0)[1])] == ["Galette Rois"]
        await press(pilot, "g", *"20/12", "enter")  # among today's 30 days: today's list again
        assert str(title.render()).startswith("Next 30 days: Sun 22 Nov")
        await press(pilot, "g", *"02/01/2027", "enter")
        assert str(title.render()).startswith("30 days from Sat 2 Jan – Sun 31 Jan 2027"), (
            title.render()
        )
        assert table.row_count == 1
        await press(pilot, "t")
        assert str(title.render()).startswith("Next 30 days: Sun 22 Nov")


async def test_a_day_list_shows_every_column_in_120_columns(services: Services) -> None:
    # Regression: beside the month, the list ran past the screen edge: the call status was
    # clipped and the rewards and partner columns could only be reached by scrolling.
    partner = add_guest(services, "Marie", "Besnard")
    guest = add_guest(
        services,
        "Pierre-Matthieu",
        "Besnard-Benard",
        birthday=Birthday(25, 11, 1976),
        partner_id=partner,
    )
    yesterday = dataclasses.replace(services, clock=FixedClock(dt.date(2026, 11, 21)))
    for _ in range(2):  # two tries, the day before
        log_outcome(
            yesterday,
            CallToLog(guest, Reason.BIRTHDAY, dt.date(2026, 11, 25), None),
            Outcome.VOICEMAIL,
        )
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("4", "v")
        await wait_for_workers(pilot)
        table = app.screen.query_one("#day-list", DataTable)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert cells[1:4] == ["Pierre-Matthieu Besnard-Benard", "50 ◎", "2 tries, last voicemail"]
        assert cells[5] == "Marie Besnard"
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_month_keeps_one_line_a_week_with_a_million_guests_counts() -> None:
    # Regression: with four-digit counts ("1909•") the cells wrapped onto a second line and
    # the grid, sized before the counts came, showed only its first weeks.
    class GridApp(App[None]):
        def compose(self) -> ComposeResult:
            yield MonthGrid(dt.date(2026, 11, 22))

    app = GridApp()
    async with app.run_test(size=(120, 36)) as pilot:
        grid = app.query_one(MonthGrid)
        days = calendar.Calendar().itermonthdates(2026, 11)
        grid.view = MonthView(
            2026, 11, tuple(DayCount(day, 1909, 0, 1) for day in days if day.month == 11)
        )
        await pilot.pause()
        weeks = len(calendar.Calendar().monthdatescalendar(2026, 11))
        assert grid.size.height == 2 + weeks  # the month's name, the weekdays, the weeks
        lines = [strip.text for strip in grid.render_lines(grid.outer_size.region)]
        assert any("22 1909•" in line for line in lines), lines


async def test_a_crowded_day_lists_its_first_guests_and_counts_them_all(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Among a million guests a day has ~2,000 birthdays: the day list shows DAY_LIST_LIMIT.
    monkeypatch.setattr(calendar_screen, "DAY_LIST_LIMIT", 2)
    for first in ("Anne", "Bruno", "Chloé"):
        add_guest(services, first, "Martin", birthday=Birthday(25, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("4", "right", "right", "right")
        await wait_for_workers(pilot)
        table = app.screen.query_one("#day-list", DataTable)
        title = str(app.screen.query_one("#day-title", Static).render())
        assert table.row_count == 2
        assert title.endswith("3 birthdays (first 2 shown)"), title
