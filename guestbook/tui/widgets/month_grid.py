"""A month of birthdays: one cell a day with its count, the days calls fall due, and today."""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from guestbook.domain.rewards import add_months
from guestbook.i18n import N_, _, month_text
from guestbook.services.calendar import DayCount, MonthView

# The columns' headers, Monday first (English, marked: shown through `_`).
WEEKDAYS = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


class MonthGrid(Widget, can_focus=True):
    """Arrows move by day (up and down by week), page keys by month."""

    DEFAULT_CSS = """
    MonthGrid {
        width: auto;
        height: auto;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("left", "move(-1)", N_("Day before"), id="calendar.day_before", show=False),
        Binding("right", "move(1)", N_("Day after"), id="calendar.day_after", show=False),
        Binding("up", "move(-7)", N_("Week before"), id="calendar.week_before", show=False),
        Binding("down", "move(7)", N_("Week after"), id="calendar.week_after", show=False),
        Binding("pageup", "month(-1)", N_("Month before"), id="calendar.month_before"),
        Binding("pagedown", "month(1)", N_("Month after"), id="calendar.month_after"),
    ]

    selected: reactive[dt.date] = reactive(dt.date(2000, 1, 1))
    # layout=True: a month with larger counts makes the grid wider, a sixth week taller.
    view: reactive[MonthView | None] = reactive(None, layout=True)

    @dataclass
    class Selected(Message):
        day: dt.date

    def __init__(self, today: dt.date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.today = today
        self._cell_width = 6
        self.set_reactive(MonthGrid.selected, today)

    def action_move(self, days: int) -> None:
        self.selected = self.selected + dt.timedelta(days=days)

    def action_month(self, months: int) -> None:
        self.selected = add_months(self.selected, months)

    def watch_selected(self, old: dt.date, day: dt.date) -> None:
        if (old.year, old.month) != (day.year, day.month):
            self.refresh(layout=True)  # a month may have a sixth week; a day within, no change
        self.post_message(self.Selected(day))

    def render(self) -> Table:
        year, month = self.selected.year, self.selected.month
        title = Text(month_text(self.selected).capitalize(), style="bold")  # a title: "Juin 2026"
        table = Table(
            title=title, show_edge=False, box=None, pad_edge=False, padding=(0, 1), expand=False
        )
        counts = self._counts(year, month)
        weeks = [
            [self._cell(day, counts.get(day), day.month == month) for day in week]
            for week in std_calendar.Calendar().monthdatescalendar(year, month)
        ]
        # As wide as the widest cell ("22 1909*•" among a million guests), so that no cell
        # wraps onto a second line and the grid keeps one line a week. Until the month's counts
        # come, the last width holds, so the grid does not shrink and grow back on every move.
        if counts:
            self._cell_width = max(6, *(cell.cell_len for week in weeks for cell in week))
        width = self._cell_width
        for name in WEEKDAYS:
            table.add_column(_(name), justify="right", width=width, header_style="dim")
        for week in weeks:
            table.add_row(*week)
        return table

    def _counts(self, year: int, month: int) -> dict[dt.date, DayCount]:
        view = self.view
        if view is None or (view.year, view.month) != (year, month):
            return {}
        return {count.day: count for count in view.days}

    def _cell(self, day: dt.date, count: DayCount | None, in_month: bool) -> Text:
        if not in_month:
            return Text(f"{day.day:>2}", style="dim")
        text = Text(f"{day.day:>2}")
        if count is not None and count.birthdays:
            text.append(f" {count.birthdays}", style="bold")
            if count.leap_observed:
                text.append("*", style="bold")
        if count is not None and count.calls_due:
            text.append("•")
        style = ""
        if day == self.today:
            style = "underline"
        if day == self.selected:
            style = "reverse bold" if self.has_focus else "reverse"
        text.stylize(style)
        return text

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
