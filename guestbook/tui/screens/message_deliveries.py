"""What became of a message, guest by guest (Messages, Enter on a message sent): the channel
and address used, the state (queued, sent, failed, skipped), the reason of a failure or of a
guest left out, and when (for an SMS held, when it may go).

A message to every guest has as many rows: they are read a page at a time, the next page as
the cursor reaches the end of the list (or on m). f shows one state only, in turn; s sends
again (the failures are tried again, the guests reached are not written to twice).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, number
from guestbook.services.messages import MessageSummary, list_messages
from guestbook.services.messages.history import PAGE, Delivery, deliveries
from guestbook.tui.failures import working
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.messages_text import (
    DELIVERY_STATES,
    address_text,
    channel_label,
    moment_text,
    purpose_label,
    reason_words,
    state_word,
    states_text,
)

GROUP = "message-deliveries"
FILTERS: tuple[str | None, ...] = (None, *DELIVERY_STATES)


def when_text(delivery: Delivery, zone: str) -> str:
    if delivery.status == "queued" and delivery.due_at is not None:
        return _("from {when}").format(when=moment_text(delivery.due_at, zone))
    return moment_text(delivery.at, zone)


class MessageDeliveriesScreen(SectionScreen):
    SECTION = "messages"
    PLACE = N_("Deliveries")
    DEFAULT_CSS = """
    MessageDeliveriesScreen #deliveries-title { height: auto; padding: 0 1; margin-top: 1; }
    MessageDeliveriesScreen #deliveries-status { height: auto; padding: 0 1; color: $accent; }
    MessageDeliveriesScreen #deliveries-table { height: 1fr; margin: 0 1; }
    MessageDeliveriesScreen #deliveries-detail {
        height: auto; max-height: 3; padding: 0 1; color: $text-muted;
    }
    MessageDeliveriesScreen.-short #deliveries-title { margin-top: 0; }
    """
    BINDINGS = [
        Binding("f", "filter", N_("Filter by state"), id="deliveries.filter"),
        Binding("m", "more", N_("More"), id="deliveries.more"),
        Binding("enter", "open_guest", N_("Open the card"), id="deliveries.open"),
        Binding("s", "send", N_("Send again"), id="deliveries.send"),
        Binding("escape", "back", N_("Back"), id="deliveries.back"),
    ]

    @dataclass
    class Loaded(Message):
        offset: int
        rows: list[Delivery]
        summary: MessageSummary | None

    def __init__(self, message_id: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.status: str | None = None
        self.rows: list[Delivery] = []
        self.summary: MessageSummary | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(_("Reading the deliveries…"), markup=False, id="deliveries-title")
        yield Static("", markup=False, id="deliveries-status")
        table: DataTable[Text] = DataTable(
            id="deliveries-table", cursor_type="row", zebra_stripes=True
        )
        # The reason last: a server's can be long, the line under the list has it whole.
        table.add_columns(
            _("Guest"), _("Channel"), _("Address"), _("State"), _("When"), _("Reason")
        )
        yield table
        yield Static("", markup=False, id="deliveries-detail")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#deliveries-table", DataTable)

    @property
    def total(self) -> int:
        """The rows of the state shown (of every state without a filter)."""
        if self.summary is None:
            return 0
        counts = self.summary.deliveries
        return counts.get(self.status, 0) if self.status else sum(counts.values())

    @property
    def more(self) -> bool:
        return len(self.rows) < self.total

    def on_screen_resume(self) -> None:
        self.load(0, max(PAGE, len(self.rows)))

    @work(thread=True, exclusive=True, group=GROUP, exit_on_error=False)
    def load(self, offset: int, limit: int = PAGE) -> None:
        page = deliveries(
            self.services, self.message_id, status=self.status, offset=offset, limit=limit
        )
        summary = next((m for m in list_messages(self.services) if m.id == self.message_id), None)
        self.post_message(self.Loaded(offset, page, summary))

    def on_message_deliveries_screen_loaded(self, message: Loaded) -> None:
        if message.offset and message.offset != len(self.rows):
            return  # a page asked for before the list was read again
        self.summary = message.summary
        row = self.table.cursor_row
        if message.offset:
            self.rows += message.rows
        else:
            self.rows = list(message.rows)
            self.table.clear()
        zone, region = self.services.settings.time_zone, self.services.settings.phone_region
        for delivery in message.rows:
            cells = (
                f"#{delivery.guest_id} {delivery.name}",
                channel_label(delivery.channel),
                address_text(delivery.channel, delivery.address, region),
                state_word(delivery.status),
                when_text(delivery, zone),
                reason_words(delivery.reason),  # a server's words may hold brackets: no markup
            )
            self.table.add_row(*map(Text, cells))
        if not message.offset and self.rows:
            self.table.move_cursor(row=min(row, len(self.rows) - 1))
        self.table.focus()
        self.show_status()
        self.show_detail()
        self.refresh_bindings()

    def show_status(self) -> None:
        if self.summary is None:
            return
        title = Text(_("Message {id}").format(id=self.message_id), style="bold")
        title.append(f" · {purpose_label(self.summary.purpose)} · ")
        title.append(self.summary.subject, style="italic")
        self.query_one("#deliveries-title", Static).update(title)
        shown = _("all states") if self.status is None else state_word(self.status)
        status = _("{states} · shown: {shown}, {count} of {total} (f changes it)").format(
            states=states_text(self.summary.deliveries),
            shown=shown,
            count=number(len(self.rows)),
            total=number(self.total),
        )
        self.query_one("#deliveries-status", Static).update(status)

    def show_detail(self) -> None:
        """The highlighted guest's reason, whole (its column may cut it)."""
        row = self.table.cursor_row
        reason = self.rows[row].reason if 0 <= row < len(self.rows) else ""
        self.query_one("#deliveries-detail", Static).update(reason_words(reason))

    # --- actions ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "more":
            return self.more
        return True

    @on(DataTable.RowHighlighted, "#deliveries-table")
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()
        if event.cursor_row >= len(self.rows) - 1:
            self.action_more()  # the end of the list: the next page

    def action_more(self) -> None:
        if self.more and not working(self, GROUP):
            self.load(len(self.rows))

    def action_filter(self) -> None:
        self.status = FILTERS[(FILTERS.index(self.status) + 1) % len(FILTERS)]
        self.load(0)

    @on(DataTable.RowSelected, "#deliveries-table")
    def selected(self) -> None:
        self.action_open_guest()

    def action_open_guest(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.rows):
            self.open_guest(self.rows[row].guest_id)

    def action_send(self) -> None:
        from guestbook.tui.dialogs.message_send import MessageSendDialog

        self.app.push_screen(MessageSendDialog(self.message_id))

    def action_back(self) -> None:
        self.dismiss()
