"""The guests behind a figure of the report (Enter on a figure marked › in Reports): the list
in the Guests section's own table (widgets.guest_table), what puts the guest under the cursor
in it on the line above, Enter for the card, Escape back to the report.

The list is read in a worker (services.reports.guests), and again on coming back from a card,
where the guest may have been edited or erased.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from guestbook.i18n import N_, _
from guestbook.services.guests.listing import Page, SortOrder
from guestbook.services.reports import Period
from guestbook.services.reports.guests import Behind, GuestsBehind, guests_behind
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.report_guests_text import facts_text, list_status, list_title
from guestbook.tui.widgets.guest_table import GuestTable


class ReportGuestsScreen(SectionScreen):
    SECTION = "reports"
    DEFAULT_CSS = """
    ReportGuestsScreen #report-guests-title { height: auto; padding: 0 1; text-style: bold; }
    ReportGuestsScreen #report-guests-status { height: auto; padding: 0 1; color: $text-muted; }
    ReportGuestsScreen #report-guests-fact { height: auto; padding: 0 1; color: $accent; }
    """
    BINDINGS = [
        Binding("escape", "back", N_("Back to the report"), id="report_guests.back"),
    ]

    @dataclass
    class Loaded(Message):
        listed: GuestsBehind

    def __init__(self, behind: Behind, period: Period, site: str = "") -> None:
        super().__init__()
        self.behind, self.period, self.site = behind, period, site  # site: '' the whole group
        self.listed: GuestsBehind | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(list_title(self.behind, *self.period, self.site), id="report-guests-title")
        yield Static(_("Looking for the guests…"), id="report-guests-status")
        yield Static("", id="report-guests-fact")
        yield GuestTable(self.services.settings.phone_region, id="report-guests-table")

    @property
    def table(self) -> GuestTable:
        return self.query_one("#report-guests-table", GuestTable)

    def on_screen_resume(self) -> None:
        self.load()  # first shown, or back from a card: edited or erased there, maybe

    @work(thread=True, exclusive=True, group="report-guests", exit_on_error=False)
    def load(self) -> None:
        self.post_message(
            self.Loaded(guests_behind(self.services, self.behind, self.period, site=self.site))
        )

    def on_report_guests_screen_loaded(self, message: Loaded) -> None:
        listed = self.listed = message.listed
        rows = listed.rows
        page = Page(SortOrder.NAME, 0, 0, rows)  # the whole list in one page: no more to load
        self.table.reset(len(rows), max(len(rows), 1), [page], self.table.cursor)
        self.table.focus()
        self.query_one("#report-guests-status", Static).update(list_status(listed))
        self.show_fact()

    @on(GuestTable.Moved)
    def show_fact(self) -> None:
        row, listed = self.table.current, self.listed
        said = ""
        if row is not None and listed is not None and row.guest_id in listed.facts:
            said = facts_text(row.name, listed.facts[row.guest_id])
        self.query_one("#report-guests-fact", Static).update(said)

    @on(GuestTable.Chosen)
    def chosen(self, message: GuestTable.Chosen) -> None:
        if message.row.erased:  # counted in the figure, but nothing personal is left
            self.notify(_("This guest was erased: there is no card to open."))
            return
        self.open_guest(message.row.guest_id)

    def action_back(self) -> None:
        self.dismiss()
