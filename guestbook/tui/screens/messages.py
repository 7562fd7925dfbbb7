"""Messages (7): the messages written to guests, newest first, each with what became of it
(its deliveries counted by state). n writes a new one; Enter opens one (its plan while nothing
is sent, else its deliveries guest by guest; p its plan in any case); s sends the highlighted
one, with a progress bar and a way to stop.

shared/product.md, "Messages": nothing goes to a guest without a plan the owner has seen, and
the log keeps what became of each guest.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.messages import MessageSummary, list_messages
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.messages_text import purpose_label, states_text


def summary_row(summary: MessageSummary) -> tuple[Text, ...]:
    return (
        Text(str(summary.id), justify="right"),
        Text(date_text(summary.created_at.astimezone().date(), "day_month_year")),
        Text(purpose_label(summary.purpose)),
        Text(summary.subject, no_wrap=True, overflow="ellipsis"),  # never markup
        Text(states_text(summary.deliveries)),
    )


class MessagesScreen(SectionScreen):
    SECTION = "messages"
    DEFAULT_CSS = """
    MessagesScreen #messages-status { height: auto; padding: 0 1; margin-top: 1; color: $accent; }
    MessagesScreen #messages-table { height: 1fr; margin: 0 1; }
    MessagesScreen.-short #messages-status { margin-top: 0; }
    """
    BINDINGS = [
        Binding("n", "new", N_("New message"), id="messages.new"),
        Binding("enter", "open", N_("Open"), id="messages.open"),
        Binding("s", "send", N_("Send"), id="messages.send"),
        Binding("p", "plan", N_("Plan"), id="messages.plan"),
        Binding("r", "refresh", N_("Refresh"), id="messages.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        messages: list[MessageSummary]

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[MessageSummary] = []

    def compose_body(self) -> ComposeResult:
        yield Static(_("Reading the messages…"), markup=False, id="messages-status")
        table: DataTable[Text] = DataTable(id="messages-table", cursor_type="row")
        table.add_columns(_("No."), _("Written"), _("Purpose"), _("Subject"), _("Deliveries"))
        yield table

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#messages-table", DataTable)

    def on_screen_resume(self) -> None:
        self.load()  # back from a plan, a send or a new message

    @work(thread=True, exclusive=True, group="messages", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(list_messages(self.services)))

    def on_messages_screen_loaded(self, message: Loaded) -> None:
        table = self.table
        row = table.cursor_row
        self.messages = message.messages
        table.clear()
        for summary in self.messages:
            table.add_row(*summary_row(summary), key=str(summary.id))
        if self.messages:
            table.move_cursor(row=min(max(row, 0), len(self.messages) - 1))
        table.focus()
        self.query_one("#messages-status", Static).update(self.status())

    def status(self) -> str:
        count = len(self.messages)
        if not count:
            return _("No message yet: n writes the first one.")
        return ngettext(
            "{count} message, the newest first. Enter opens one, s sends it, n writes a new one.",
            "{count} messages, the newest first. Enter opens one, s sends it, n writes a new one.",
            count,
        ).format(count=number(count))

    @property
    def current(self) -> MessageSummary | None:
        row = self.table.cursor_row
        return self.messages[row] if 0 <= row < len(self.messages) else None

    # --- actions ----------------------------------------------------------------------------

    def action_new(self) -> None:
        from guestbook.tui.screens.message_compose import MessageComposeScreen

        self.app.push_screen(MessageComposeScreen())

    @on(DataTable.RowSelected, "#messages-table")
    def selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        summary = self.current
        if summary is None:
            return
        if summary.deliveries:
            from guestbook.tui.screens.message_deliveries import MessageDeliveriesScreen

            self.app.push_screen(MessageDeliveriesScreen(summary.id))
        else:
            from guestbook.tui.screens.message_plan import MessagePlanScreen

            self.app.push_screen(MessagePlanScreen(summary.id))

    def action_plan(self) -> None:
        """The plan even of a message sent: who it reaches today, who is left out."""
        if (summary := self.current) is not None:
            from guestbook.tui.screens.message_plan import MessagePlanScreen

            self.app.push_screen(MessagePlanScreen(summary.id))

    def action_send(self) -> None:
        if (summary := self.current) is None:
            return
        from guestbook.tui.dialogs.message_send import MessageSendDialog

        self.app.push_screen(MessageSendDialog(summary.id))

    def action_refresh(self) -> None:
        self.load()
