"""A message's plan, before anything is sent (Messages, Enter on a message not sent yet, or
right after recording one): how many guests each channel reaches, who is left out and why,
and those guests by name, so that the owner can phone the ones who can be phoned (Enter opens
their card). t shows the guests reached instead, each with their message as they will receive
it; s sends.

The plan is read again each time the screen shows (services.messages.plan_message): a consent
withdrawn or a guest erased since changes it, as it changes what a send does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, ngettext, number
from guestbook.services.context import Services
from guestbook.services.messages import (
    MessagePlan,
    Recipient,
    get_message,
    plan_message,
    recipients,
)
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.message_preview import (
    Draft,
    PreviewGuest,
    load_preview_guest,
    render_preview,
)
from guestbook.tui.screens.messages_text import (
    address_text,
    channel_label,
    plan_lines,
    purpose_label,
    reason_words,
)

SHOWN = 500  # guests listed; the counts above say how many there are in all


@dataclass(frozen=True)
class PlanView:
    draft: Draft
    plan: MessagePlan
    left_out: list[Recipient]
    reached: list[Recipient]


def _first(found: Iterator[Recipient], count: int) -> list[Recipient]:
    """The first guests of a list that may hold a million; the rest is never read (the
    generator is closed, and its connection with it)."""
    try:
        return list(itertools.islice(found, count))
    finally:
        close = getattr(found, "close", None)
        if callable(close):
            close()


def read_plan(services: Services, message_id: int) -> PlanView:
    """The message, its plan and the first guests of each list; in a worker."""
    message = get_message(services, message_id)
    plan = plan_message(services, message_id)
    lists = [
        _first(recipients(services, message_id, left_out=left_out), SHOWN)
        for left_out in (True, False)
    ]
    draft = Draft(message.purpose, message.subject, message.body)
    return PlanView(draft, plan, lists[0], lists[1])


def plan_title(message_id: int, draft: Draft) -> Text:
    title = Text(_("Message {id}").format(id=message_id), style="bold")
    title.append(f" · {purpose_label(draft.purpose)} · ")
    title.append(draft.subject, style="italic")
    return title


class MessagePlanScreen(SectionScreen):
    SECTION = "messages"
    PLACE = N_("Message plan")
    DEFAULT_CSS = """
    MessagePlanScreen #plan-title { height: auto; padding: 0 1; margin-top: 1; }
    MessagePlanScreen #plan-counts { height: auto; padding: 0 1; color: $accent; }
    MessagePlanScreen #plan-list-title { height: auto; padding: 0 1; margin-top: 1; text-style: bold; }
    MessagePlanScreen #plan-body { height: 1fr; }
    MessagePlanScreen #plan-table { width: 1fr; margin: 0 1; }
    MessagePlanScreen #plan-preview-box { width: 1fr; padding: 0 1; border-left: vkey $panel; }
    MessagePlanScreen.-short #plan-title { margin-top: 0; }
    MessagePlanScreen.-left-out #plan-preview-box { display: none; }
    """
    BINDINGS = [
        Binding("enter", "open_guest", N_("Open the card"), id="plan.open"),
        Binding("t", "switch_list", N_("Reached / left out"), id="plan.toggle"),
        Binding("s", "send", N_("Send"), id="plan.send"),
        Binding("escape", "back", N_("Back"), id="plan.back"),
    ]

    @dataclass
    class Loaded(Message):
        view: PlanView

    @dataclass
    class GuestLoaded(Message):
        recipient: Recipient
        guest: PreviewGuest

    def __init__(self, message_id: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.view: PlanView | None = None
        self.showing_reached = False

    def compose_body(self) -> ComposeResult:
        yield Static(_("Reading the plan…"), markup=False, id="plan-title")
        yield Static("", markup=False, id="plan-counts")
        yield Static("", markup=False, id="plan-list-title")
        with Horizontal(id="plan-body"):
            yield DataTable(id="plan-table", cursor_type="row")
            with VerticalScroll(id="plan-preview-box"):
                yield Static("", markup=False, id="plan-preview")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#plan-table", DataTable)

    def on_screen_resume(self) -> None:
        self.load()  # back from a card or a send: the guests may have changed

    @work(thread=True, exclusive=True, group="message-plan", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(read_plan(self.services, self.message_id)))

    def on_message_plan_screen_loaded(self, message: Loaded) -> None:
        first = self.view is None
        self.view = view = message.view
        plan = view.plan
        if first:  # nobody left out: the guests reached are what there is to see
            self.showing_reached = plan.reached == plan.audience
        self.query_one("#plan-title", Static).update(plan_title(self.message_id, view.draft))
        counts = plan_lines(plan.audience, plan.by_channel, plan.left_out)
        self.query_one("#plan-counts", Static).update("\n".join(counts))
        self.fill()

    @property
    def shown(self) -> list[Recipient]:
        if self.view is None:
            return []
        return self.view.reached if self.showing_reached else self.view.left_out

    def fill(self) -> None:
        if self.view is None:
            return
        table, shown = self.table, self.shown
        region = self.services.settings.phone_region
        row = table.cursor_row
        table.clear(columns=True)
        cells: list[tuple[str, ...]]
        if self.showing_reached:
            table.add_columns(_("Guest"), _("Channel"), _("Address"))
            cells = [
                (channel_label(r.channel), address_text(r.channel, r.address, region))
                for r in shown
            ]
        else:
            table.add_columns(_("Guest"), _("Why"))
            cells = [(reason_words(r.channel),) for r in shown]
        for recipient, more in zip(shown, cells, strict=True):
            # Text, never markup: a name or an address may hold brackets.
            table.add_row(Text(f"#{recipient.guest_id} {recipient.name}"), *map(Text, more))
        # The guests left out get no message: the list takes the width, names in full.
        self.set_class(not self.showing_reached, "-left-out")
        self.query_one("#plan-list-title", Static).update(self.list_title())
        if shown:
            table.move_cursor(row=min(max(row, 0), len(shown) - 1))
        table.focus()
        self.show_preview()

    def list_title(self) -> str:
        assert self.view is not None
        plan = self.view.plan
        if self.showing_reached:
            total = plan.reached
            title = ngettext(
                "{count} guest reached (t: those left out)",
                "{count} guests reached (t: those left out)",
                total,
            )
        else:
            total = plan.audience - plan.reached
            title = ngettext(
                "{count} guest left out: Enter opens the card, to phone them (t: those reached)",
                "{count} guests left out: Enter opens the card, to phone them (t: those reached)",
                total,
            )
        text = title.format(count=number(total))
        if total > SHOWN:
            text += " " + _("The first {shown} are listed.").format(shown=number(SHOWN))
        return text

    # --- the preview of the highlighted guest -------------------------------------------------

    @property
    def current(self) -> Recipient | None:
        row, shown = self.table.cursor_row, self.shown
        return shown[row] if 0 <= row < len(shown) else None

    @on(DataTable.RowHighlighted, "#plan-table")
    def show_preview(self) -> None:
        preview = self.query_one("#plan-preview", Static)
        recipient = self.current
        if recipient is None or not self.showing_reached:
            preview.update("")
            return
        self.load_guest(recipient)

    @work(thread=True, exclusive=True, group="message-plan-guest", exit_on_error=False)
    def load_guest(self, recipient: Recipient) -> None:
        self.post_message(
            self.GuestLoaded(recipient, load_preview_guest(self.services, recipient.guest_id))
        )

    def on_message_plan_screen_guest_loaded(self, message: GuestLoaded) -> None:
        if self.view is None or message.recipient != self.current:
            return
        guest, channel = message.guest, message.recipient.channel
        # The address the plan uses, which may not be the first one on the card.
        if channel == "email":
            guest = replace(guest, email=message.recipient.address)
        elif channel in ("sms", "call"):
            region = self.services.settings.phone_region
            guest = replace(guest, phone=address_text("sms", message.recipient.address, region))
        shown = render_preview(
            self.view.draft, guest, self.services.settings, (message.recipient.channel,)
        )
        self.query_one("#plan-preview", Static).update(shown)

    # --- actions ----------------------------------------------------------------------------

    def action_switch_list(self) -> None:
        self.showing_reached = not self.showing_reached
        self.fill()

    @on(DataTable.RowSelected, "#plan-table")
    def selected(self) -> None:
        self.action_open_guest()

    def action_open_guest(self) -> None:
        if (recipient := self.current) is not None:
            self.open_guest(recipient.guest_id)

    def action_send(self) -> None:
        from guestbook.tui.dialogs.message_send import MessageSendDialog

        self.app.push_screen(MessageSendDialog(self.message_id))

    def action_back(self) -> None:
        self.dismiss()
