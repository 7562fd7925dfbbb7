"""Birthday calendar: a month grid, the selected day's guests, and the next 30 days.

The call states in the day list (BirthdayRow.call_status) come translated from
services.calendar: shown as they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.domain.birthdays import MILESTONE_MARK
from guestbook.domain.dates import calendar_date
from guestbook.i18n import N_, _, date_text, month_text, ngettext, number
from guestbook.services.agenda.describe import booked_text
from guestbook.services.agenda.missed import birthday_bookings
from guestbook.services.calendar import (
    DAY_LIST_LIMIT,
    NEXT_DAYS_LIMIT,
    BirthdayRow,
    MonthView,
    birthdays_between,
    month_view,
)
from guestbook.tui.dialogs.ask_text import AskText
from guestbook.tui.format import date_problem
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.widgets.month_grid import MonthGrid

NEXT_DAYS = 30
LEGEND = N_(
    "N birthdays · • calls due · * 29 February observed\ntoday underlined · ◎ turning 18, 20, 30…"
)


class CalendarScreen(SectionScreen):
    SECTION = "calendar"
    BINDINGS = [
        Binding("t", "today", N_("Today"), id="calendar.today"),
        Binding("g", "go_to", N_("Go to date"), id="calendar.go_to"),
        Binding("v", "toggle_view", N_("Day / next 30 days"), id="calendar.toggle_view"),
        Binding("enter", "open_guest", N_("Open guest"), id="calendar.open", show=False),
    ]

    @dataclass
    class MonthLoaded(Message):
        view: MonthView

    @dataclass
    class ListLoaded(Message):
        title: str
        rows: list[BirthdayRow]
        total: int
        # (guest id, birthday) → the date booked by the birthday call (shown with "booked").
        booked: dict[tuple[int, dt.date], dt.date] = field(default_factory=dict)

    def __init__(self) -> None:
        super().__init__()
        self.next_days_view = False
        self.rows: list[BirthdayRow] = []
        self.window_start: dt.date | None = None  # the first day the 30-day list shows

    def compose_body(self) -> ComposeResult:
        today = self.services.clock.today()
        # The month above, the list below at the full width: its six columns (the partner to
        # invite, the rewards owed) fit a 120-column terminal only so.
        with Vertical(id="calendar-body"):
            with Horizontal(id="calendar-top"):
                yield MonthGrid(today, id="month")
                with Vertical(id="calendar-side"):
                    yield Static("", id="month-total")
                    yield Static(_(LEGEND), id="calendar-legend")
            yield Static("", id="day-title")
            table: DataTable[str] = DataTable(id="day-list", cursor_type="row")
            table.add_columns(
                _("Date"), _("Guest"), _("Turning"), _("Call"), _("Rewards"), _("Partner")
            )
            yield table

    def on_mount(self) -> None:
        self.query_one(MonthGrid).focus()

    def on_screen_resume(self) -> None:
        grid = self.query_one(MonthGrid)
        self.load_month(grid.selected)
        self.load_list(grid.selected)

    @on(MonthGrid.Selected)
    def day_selected(self, message: MonthGrid.Selected) -> None:
        grid = self.query_one(MonthGrid)
        view = grid.view
        if view is None or (view.year, view.month) != (message.day.year, message.day.month):
            self.load_month(message.day)
        if not self.next_days_view or self.days_from(message.day) != self.window_start:
            # The 30-day list follows the selection once it leaves the days listed (a month
            # paged to, a date typed), and comes back to today's with it.
            self.load_list(message.day)

    def days_from(self, day: dt.date) -> dt.date:
        """The first day of the 30-day list for a selected `day`: today while `day` is among
        the next 30 days, else `day` itself."""
        today = self.services.clock.today()
        return today if today <= day < today + dt.timedelta(days=NEXT_DAYS) else day

    @work(thread=True, exclusive=True, group="calendar-month", exit_on_error=False)
    def load_month(self, day: dt.date) -> None:
        view = month_view(self.services, day.year, day.month)
        self.post_message(self.MonthLoaded(view))

    def on_calendar_screen_month_loaded(self, message: MonthLoaded) -> None:
        self.query_one(MonthGrid).view = message.view  # a reactive: the grid redraws
        view = message.view
        total = ngettext("{count} birthday in {month}", "{count} birthdays in {month}", view.total)
        month = month_text(dt.date(view.year, view.month, 1))
        self.query_one("#month-total", Static).update(
            total.format(count=number(view.total), month=month)
        )

    @work(thread=True, exclusive=True, group="calendar-list", exit_on_error=False)
    def load_list(self, day: dt.date) -> None:
        services = self.services
        today = services.clock.today()
        if self.next_days_view:
            start = self.days_from(day)
            end = start + dt.timedelta(days=NEXT_DAYS - 1)
            self.window_start = start
            if start == today:
                title = ngettext(
                    "Next {days} day: {start} – {end}",
                    "Next {days} days: {start} – {end}",
                    NEXT_DAYS,
                )
            else:
                title = ngettext(
                    "{days} day from {start} – {end}", "{days} days from {start} – {end}", NEXT_DAYS
                )
            title = title.format(
                days=NEXT_DAYS,
                start=date_text(start, "weekday"),
                end=date_text(end, "weekday_year"),
            )
        else:
            start = end = day
            title = date_text(day, "long")
        # A day among a million guests has ~2,000 birthdays: painting them all took half a
        # second on every arrow key, for rows nobody scrolls to.
        limit = NEXT_DAYS_LIMIT if self.next_days_view else DAY_LIST_LIMIT
        rows, total = birthdays_between(services, start, end, limit=limit)
        booked = birthday_bookings(services, start, end)
        self.post_message(self.ListLoaded(title, rows, total, booked))

    def on_calendar_screen_list_loaded(self, message: ListLoaded) -> None:
        self.rows = message.rows
        shown = len(message.rows)
        total = message.total
        if not total and not self.next_days_view:
            count = _("no birthday · v for the next 30 days")
        elif shown < total:
            count = ngettext(
                "{count} birthday (first {shown} shown)",
                "{count} birthdays (first {shown} shown)",
                total,
            ).format(count=number(total), shown=number(shown))
        else:
            count = ngettext("{count} birthday", "{count} birthdays", total)
            count = count.format(count=number(total))
        self.query_one("#day-title", Static).update(f"{message.title} — {count}")
        table = self.query_one("#day-list", DataTable)
        table.clear()
        for row in message.rows:
            turning = (
                ""
                if row.turning is None
                else f"{row.turning}{' ' + MILESTONE_MARK if row.milestone else ''}"
            )
            date = date_text(row.occurs_on, "weekday") + (" *" if row.leap_observed else "")
            rewards = ""
            if row.rewards_owed:
                owed = ngettext("{count} owed", "{count} owed", row.rewards_owed)
                rewards = owed.format(count=number(row.rewards_owed))
            table.add_row(
                date,
                row.name,
                turning,
                # Translated by services.calendar; a booked call says for when.
                booked_text(booked)
                if (booked := message.booked.get((row.guest_id, row.occurs_on)))
                else row.call_status,
                rewards,
                row.partner or "",
                key=f"{row.guest_id}:{row.occurs_on}",
            )

    def action_today(self) -> None:
        self.query_one(MonthGrid).selected = self.services.clock.today()

    def action_go_to(self) -> None:
        today = self.services.clock.today()

        def jump(answer: str | None) -> None:
            if answer is not None:
                self.query_one(MonthGrid).selected = calendar_date(answer, today)

        self.app.push_screen(
            AskText(
                _("Go to which date?"),
                placeholder=_("14/02/2027, 14/02 or 02/2027"),
                validate=lambda text: date_problem(calendar_date, text, today),
            ),
            jump,
        )

    def action_toggle_view(self) -> None:
        self.next_days_view = not self.next_days_view
        self.load_list(self.query_one(MonthGrid).selected)

    def action_open_guest(self) -> None:
        table = self.query_one("#day-list", DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            self.notify(_("No guest on this day."), severity="warning")
            return
        self.open_guest(self.rows[table.cursor_row].guest_id)

    @on(DataTable.RowSelected, "#day-list")
    def row_selected(self) -> None:
        self.action_open_guest()
