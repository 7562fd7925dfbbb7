"""The birthday calendar driven by keys."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.tui.widgets.month_grid import MonthGrid
from tests.builders import add_guest
from tests.tui.test_agenda_screen import settle


async def test_navigate_months_days_and_jump(services: Services) -> None:
    add_guest(services, "Noël", "Martin", birthday=Birthday(25, 12, 1976))
    add_guest(services, "Leap", "Day", birthday=Birthday(29, 2))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("4")
        await settle(app, pilot)
        grid = app.screen.query_one(MonthGrid)
        assert grid.selected == dt.date(2026, 11, 22)
        await pilot.press("right", "down", "pagedown")
        await settle(app, pilot)
        assert grid.selected == dt.date(2026, 12, 30)
        assert grid.view is not None and (grid.view.year, grid.view.month) == (2026, 12)
        assert grid.view.total == 1
        await pilot.press("left", "left", "left", "left", "left")
        await settle(app, pilot)
        title = str(app.screen.query_one("#day-title", Static).render())
        assert "Friday 25 December 2026" in title
        table = app.screen.query_one("#day-list", DataTable)
        assert table.row_count == 1
        assert "Noël Martin" in [str(cell) for cell in table.get_row_at(0)]

        await pilot.press("g", *"28/02/2027", "enter")  # a non-leap year: observed on 28 Feb
        await settle(app, pilot)
        assert grid.selected == dt.date(2027, 2, 28)
        row = [str(cell) for cell in table.get_row_at(0)]
        assert "Leap Day" in row and any("*" in cell for cell in row)

        await pilot.press("g", *"31/02", "enter")  # refused, the dialog stays with the text
        await settle(app, pilot)
        assert "not a date" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("escape")

        await pilot.press("t")
        await settle(app, pilot)
        assert grid.selected == dt.date(2026, 11, 22)
        await pilot.press("v")  # the next 30 days: Noël's birthday is 33 days away
        await settle(app, pilot)
        title = str(app.screen.query_one("#day-title", Static).render())
        assert title.startswith("Next 30 days") and "0 birthdays" in title
