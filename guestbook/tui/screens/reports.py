"""Reports: the owner's figures for a period beside the period before's (services.reports),
computed in a thread worker (a second at 100,000 guests, ten at a million) while the screen
says so. The twelve months ending today by default; [ and ] move the period a month, p types
one, r computes it again.

Charts (visits per week, return rate and value at risk per month) are read in a second worker
once the figures are on screen, and shown instead of the figures with c: the figures need the
whole height at 120×40, and three charts are readable one under the other from about 160×50
(smaller, the charts scroll). A key rather than a split keeps both readable on a laptop.

Enter on a figure marked › opens the guests behind it (services.reports.guests); on the late
regulars, the agenda's win-back calls.

In a group of restaurants the report is this site's (its visits, and the guests whose home
site it is), as the agenda is; `a` switches to the whole group's and back (screens.site_switch),
and the line above the period says which."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, date_text
from guestbook.services.reports import Report, chosen_period, report
from guestbook.services.reports.guests import Behind
from guestbook.services.reports.series import Series, series
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.reports_text import LATE_REGULARS, report_rows
from guestbook.tui.screens.site_switch import SiteSwitch
from guestbook.tui.widgets.report_charts import ReportCharts

# "01/12/2025 – 30/11/2026": the two days apart by a dash with spaces, or an en dash.
PERIOD_SEPARATOR = re.compile(r"\s+[-–]\s+|–")


def shift_month(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (or earlier), the month's last day when it has fewer."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def period_title(figures: Report) -> str:
    """The period and the one it is compared with, on one line at 80 columns."""
    return _("{start} – {end}, beside {before_start} – {before_end}").format(
        start=date_text(figures.start, "day_month_year"),
        end=date_text(figures.end, "day_month_year"),
        before_start=date_text(figures.previous.start, "day_month_year"),
        before_end=date_text(figures.previous.end, "day_month_year"),
    )


class ReportsScreen(SiteSwitch, SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    ReportsScreen #report-period {
        padding: 0 1;
        height: auto;
        text-style: bold;
    }
    ReportsScreen #report-status {
        padding: 0 1;
        height: 1;
        color: $text-muted;
    }
    ReportsScreen #report-table {
        height: 1fr;
    }
    ReportsScreen #report-charts {
        display: none;
    }
    ReportsScreen.-charts #report-charts {
        display: block;
    }
    ReportsScreen.-charts #report-table {
        display: none;
    }
    """
    BINDINGS = [
        Binding(
            "left_square_bracket",
            "move(-1)",
            N_("Month before"),
            id="reports.back",
            key_display="[",
        ),
        Binding(
            "right_square_bracket",
            "move(1)",
            N_("Month after"),
            id="reports.forward",
            key_display="]",
        ),
        Binding("p", "type_period", N_("Period"), id="reports.period"),
        Binding("r", "refresh", N_("Refresh"), id="reports.refresh"),
        Binding("c", "toggle_charts", N_("Charts / figures"), id="reports.charts"),
        Binding("x", "export", N_("Excel workbook"), id="reports.export"),
        Binding("enter", "open_guests", N_("Open guests"), id="reports.open", show=False),
        Binding(
            "a", "switch_site", N_("This site / the whole group"), id="reports.site", show=False
        ),
    ]
    NO_SITE = N_(
        "This restaurant has no site: its report counts every visit and every guest. In a "
        "group, name each restaurant in the settings (F9, Site)."
    )

    @dataclass
    class Computed(Message):
        report: Report

    @dataclass
    class Charted(Message):
        series: Series
        site: str

    def __init__(self) -> None:
        super().__init__()
        self.start: dt.date | None = None  # None until the first report: the default period
        self.end: dt.date | None = None
        self.report: Report | None = None
        self.row_keys: list[str] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", id="report-period")
        yield Static(_("Computing the report…"), id="report-status")
        table: DataTable[str | Text] = DataTable(id="report-table", cursor_type="row")
        table.add_column(_("Figure"))
        for heading in (_("This period"), _("Before"), _("Difference")):
            table.add_column(Text(heading, justify="right"))
        yield table
        yield ReportCharts(id="report-charts")

    def on_mount(self) -> None:
        self.compute()

    def compute(self) -> None:
        self.query_one("#report-status", Static).update(_("Computing the report…"))
        self.run_report(self.start, self.end, self.site)

    def site_switched(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="report", exit_on_error=False)
    def run_report(self, start: dt.date | None, end: dt.date | None, site: str) -> None:
        self.post_message(self.Computed(report(self.services, start, end, site)))

    def on_reports_screen_computed(self, message: Computed) -> None:
        figures = message.report
        if figures.site != self.site:
            return  # computed before `a` switched: the report asked for since is on its way
        self.report = figures
        self.start, self.end = figures.start, figures.end
        title = "\n".join(line for line in (self.site_line(), period_title(figures)) if line)
        self.query_one("#report-period", Static).update(title)
        self.show_status()
        self.query_one("#report-charts", ReportCharts).waiting()
        self.run_series((figures.start, figures.end), figures.site)
        table = self.query_one("#report-table", DataTable)
        row = table.cursor_row
        table.clear()
        self.row_keys = []
        for index, line in enumerate(report_rows(figures)):
            self.row_keys.append(line.key)
            if line.heading:
                table.add_row(Text(line.label, style="bold"), "", "", "", key=str(index))
                continue
            table.add_row(
                Text("  " + line.shown_label),
                Text(line.current, justify="right"),
                Text(line.previous, justify="right"),
                Text(line.change, justify="right"),
                key=str(index),
            )
        table.move_cursor(row=row if 0 < row < table.row_count else 1)
        if not self.charts_shown:
            table.focus()

    # --- the charts -------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="report-series", exit_on_error=False)
    def run_series(self, period: tuple[dt.date, dt.date], site: str) -> None:
        self.post_message(self.Charted(series(self.services, period, site), site))

    def on_reports_screen_charted(self, message: Charted) -> None:
        shown = (message.series.start, message.series.end, message.site)
        if shown == (self.start, self.end, self.site):
            self.query_one("#report-charts", ReportCharts).show(message.series)

    @property
    def charts_shown(self) -> bool:
        return self.has_class("-charts")

    def action_toggle_charts(self) -> None:
        self.toggle_class("-charts")
        self.show_status()
        if self.charts_shown:
            self.query_one("#report-charts", ReportCharts).focus()
        else:
            self.query_one("#report-table", DataTable).focus()

    def show_status(self) -> None:
        if self.report is None:
            return
        if self.charts_shown:
            said = _("c: back to the figures.")
        else:
            said = _("Enter on a figure marked ›: the guests behind it. c: the charts.")
        self.query_one("#report-status", Static).update(said)

    # --- the period -------------------------------------------------------------------------

    def current_period(self) -> tuple[dt.date, dt.date]:
        today = self.services.clock.today()
        return chosen_period(self.start, self.end, today)

    def action_move(self, months: int) -> None:
        """A month back or on; on stops at today (what is to come has no figures): the
        period then ends today, as long as it was."""
        today = self.services.clock.today()
        start, end = self.current_period()
        if months > 0 and end >= today:
            self.app.bell()
            self.notify(_("The report already ends today."))
            return
        start, end = shift_month(start, months), shift_month(end, months)
        if end > today:
            start, end = start - (end - today), today
        self.start, self.end = start, end
        self.compute()

    def action_refresh(self) -> None:
        self.compute()

    def action_export(self) -> None:
        """The report of the period shown as an XLSX workbook, for the accountant."""
        from guestbook.tui.dialogs.report_export import ReportExportDialog

        start, end = self.current_period()
        self.app.push_screen(ReportExportDialog(self.services, start, end, site=self.site))

    def action_type_period(self) -> None:
        from guestbook.tui.dialogs.ask_text import AskText

        start, end = self.current_period()
        shown = f"{date_text(start, 'numeric')} – {date_text(end, 'numeric')}"

        def typed(answer: str | None) -> None:
            if answer is None:
                return
            period = self.read_period(answer)
            if isinstance(period, tuple):
                self.start, self.end = period
                self.compute()

        self.app.push_screen(
            AskText(
                _("Which period?"),
                value=shown,
                placeholder="01/12/2025 – 30/11/2026",
                hint=_(
                    "First day – last day (one day alone: from it to today). "
                    "Enter to confirm, Escape to cancel."
                ),
                validate=lambda text: (
                    problem if isinstance(problem := self.read_period(text), str) else None
                ),
            ),
            typed,
        )

    def read_period(self, text: str) -> tuple[dt.date, dt.date] | str:
        """The period typed ("01/12/2025 – 30/11/2026", or its first day alone: until today),
        or what is wrong with it."""
        from guestbook.domain.dates import DateError, filter_date
        from guestbook.errors import UserError

        today = self.services.clock.today()
        parts = [part.strip() for part in PERIOD_SEPARATOR.split(text.strip(), maxsplit=1)]
        try:
            start = filter_date(parts[0], today)
            end = filter_date(parts[1], today) if len(parts) > 1 and parts[1] else today
            return chosen_period(start, end, today)
        except (DateError, UserError) as error:
            return str(error)

    # --- the guests behind a figure ---------------------------------------------------------

    @on(DataTable.RowSelected, "#report-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_guests()

    def action_open_guests(self) -> None:
        table = self.query_one("#report-table", DataTable)
        row = table.cursor_row
        if self.charts_shown or not 0 <= row < len(self.row_keys):
            return
        key = self.row_keys[row]
        if key == LATE_REGULARS:
            self.app.run_worker(self._open_winbacks(), exclusive=False)
        elif key in {behind.value for behind in Behind} and self.start and self.end:
            from guestbook.tui.screens.report_guests import ReportGuestsScreen

            period = (self.start, self.end)
            self.app.push_screen(ReportGuestsScreen(Behind(key), period, self.site))

    async def _open_winbacks(self) -> None:
        from guestbook.domain.calls import Reason
        from guestbook.tui.screens.agenda import AgendaScreen

        await self.app.run_action("section('agenda')")
        screen = self.app.screen
        if isinstance(screen, AgendaScreen):
            if screen.whole_group != self.whole_group:  # the report's guests: its site's or all
                screen.whole_group = self.whole_group
                screen.action_refresh()
            while screen.reason is not Reason.WINBACK:  # the agenda's `f`, to the win-backs
                screen.action_next_view()
