"""The audit (F12, or "Audit" in the palette): what was done with guests' data, newest first:
exports, access bundles, erasures, imports and their undo, each with when, who, what, for how
many guests, and a detail without personal data (services.rights.audit).

Years of events can make a long list: the newest 500 are read first, and 500 more each time
the cursor reaches the end of the list (or on m), so the screen opens as fast on a hundred
thousand events as on ten. The detail of the highlighted event is shown whole under the list
(the column cuts it to the width left, or is left out when too narrow), with the
staff member's name when the column cut it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import JustifyMethod
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, number
from guestbook.services.rights.audit import (
    ACTIONS,
    NOTHING_YET,
    AuditEvent,
    audit_events,
    count_audit_events,
    events_text,
    when_text,
)
from guestbook.tui.failures import working
from guestbook.tui.screens.base import SectionScreen

PAGE = 500  # events read at a time
WHO_WIDTH = 14  # a longer name is cut ("Marie-Bérénic…"); the line under the list has it
GUESTS_WIDTH = 7  # up to '999,999'
DETAIL_WIDTH = 10  # at least: narrower, the detail is only under the list
NOBODY = "—"  # an event recorded without a staff name
GROUP = "audit"


def _cell(text: str, justify: JustifyMethod = "left") -> Text:
    """A cell as plain text (a file name with brackets is no markup), cut with '…'."""
    return Text(text, no_wrap=True, overflow="ellipsis", justify=justify)


class AuditTable(DataTable[Text]):
    """The events, one a row: home and end go to the first and the last one read (the end
    reads the next page), as in the app's other lists."""

    BINDINGS = [
        Binding("home", "scroll_top", N_("Top"), show=False),
        Binding("end", "scroll_bottom", N_("Bottom"), show=False),
    ]


class AuditScreen(SectionScreen):
    PLACE = N_("Audit")  # what the help screen's title names
    DEFAULT_CSS = """
    AuditScreen #audit-status { height: auto; padding: 0 1; margin-top: 1; color: $accent; }
    AuditScreen #audit-table { height: 1fr; margin: 0 1; }
    AuditScreen #audit-detail { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    AuditScreen.-short #audit-status { margin-top: 0; }
    """
    BINDINGS = [
        Binding("m", "more", N_("More"), id="audit.more"),
        Binding("escape", "back", N_("Back"), id="audit.back"),
    ]

    @dataclass
    class Loaded(Message):
        offset: int  # where the page starts: 0 reads the list again from the newest
        events: list[AuditEvent]
        total: int

    def __init__(self) -> None:
        super().__init__()
        self.events: list[AuditEvent] = []
        self.total = 0
        self.widths: tuple[int, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading the audit…"), id="audit-status")
        yield AuditTable(id="audit-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="audit-detail")

    @property
    def table(self) -> AuditTable:
        return self.query_one("#audit-table", AuditTable)

    @property
    def more(self) -> bool:
        """Whether older events are still unread."""
        return len(self.events) < self.total

    def on_screen_resume(self) -> None:
        # Back from an export or an import opened over it: their events are the newest.
        self.load(0, max(PAGE, len(self.events)))

    @work(thread=True, exclusive=True, group=GROUP, exit_on_error=False)
    def load(self, offset: int, limit: int = PAGE) -> None:
        page = audit_events(self.services, limit=limit, offset=offset)
        self.post_message(self.Loaded(offset, page, count_audit_events(self.services)))

    def on_audit_screen_loaded(self, message: Loaded) -> None:
        if message.offset and message.offset != len(self.events):
            return  # a page asked for before the list was read again
        self.total = message.total
        if message.offset:
            self.events += message.events
            self._add_rows(message.events)
        else:
            row = self.table.cursor_row
            self.events = list(message.events)
            self._fill()
            if self.events:
                self.table.move_cursor(row=min(row, len(self.events) - 1))
        self.table.display = bool(self.events)
        self.table.focus()
        self.query_one("#audit-status", Static).update(self.status())
        self._show_detail()
        self.refresh_bindings()

    def status(self) -> str:
        if not self.events:
            return _(NOTHING_YET)
        text = events_text(len(self.events), self.total)
        if self.more:
            text += " " + _("The end of the list, or m, shows older ones.")
        return text

    # --- the table ----------------------------------------------------------------------------

    def _column_widths(self) -> tuple[int, ...]:
        """When, who, what, guests, and the detail in the width the others leave (no detail
        column when too little is left: the line under the list has it)."""
        headings = (_("When"), _("Who"), _("What"), _("Guests"))
        # The longest date of any month, every action's label: the same width on every page.
        months = [dt.datetime(2026, month, 28, 12, tzinfo=dt.UTC) for month in range(1, 13)]
        days = [when_text(moment) for moment in months]
        whos = [cell_len(event.who or NOBODY) for event in self.events[:PAGE]]
        widths = [
            max(cell_len(headings[0]), *map(cell_len, days)),
            min(WHO_WIDTH, max(cell_len(headings[1]), *whos, 1)),
            max(cell_len(headings[2]), *(cell_len(_(label)) for label in ACTIONS.values())),
            max(cell_len(headings[3]), GUESTS_WIDTH),
        ]
        # The screen's width, less the table's margins and its scrollbar, and the cells' padding.
        room = self.size.width - 2 - 2 - 2 * self.table.cell_padding * (len(widths) + 1)
        room -= sum(widths)
        return (*widths, room) if room >= DETAIL_WIDTH else tuple(widths)

    def _fill(self) -> None:
        """The table drawn again: every event read so far, in columns fitting the width."""
        table = self.table
        self.widths = self._column_widths()
        table.clear(columns=True)
        labels = (_("When"), _("Who"), _("What"), _("Guests"), _("Detail"))
        for index, (label, width) in enumerate(zip(labels, self.widths, strict=False)):
            table.add_column(_cell(label, "right" if index == 3 else "left"), width=width)
        self._add_rows(self.events)

    def _add_rows(self, page: list[AuditEvent]) -> None:
        columns = len(self.widths)
        self.table.add_rows(
            [
                _cell(when_text(event.at)),
                _cell(event.who or NOBODY),
                _cell(event.action_label),
                _cell(number(event.guests), "right"),
                _cell(event.detail),
            ][:columns]
            for event in page
        )

    def on_resize(self, event: events.Resize) -> None:
        if self.events and self._column_widths() != self.widths:
            row = self.table.cursor_row
            self._fill()
            self.table.move_cursor(row=row)

    @on(DataTable.RowHighlighted, "#audit-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        if event.cursor_row >= len(self.events) - 1:
            self.action_more()  # the end of the list: the next page

    def _show_detail(self) -> None:
        row = self.table.cursor_row
        event = self.events[row] if self.events and 0 <= row < len(self.events) else None
        shown = Text()
        if event is not None and self.widths and cell_len(event.who) > self.widths[1]:
            shown.append(f"{event.who} · ")  # cut in its column
        if event is not None and event.detail:
            shown.append(_("Detail:"), style="bold")
            shown.append(f" {event.detail}")
        self.query_one("#audit-detail", Static).update(shown)

    # --- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return self.more  # m only while there are older events to read
        return True

    def action_more(self) -> None:
        if self.more and not working(self, GROUP):
            self.load(len(self.events))

    def action_back(self) -> None:
        self.dismiss()
