"""Sending a message (Messages or its plan, s): first the question with the facts (how many
guests by which channel, SMS that will wait for their hours, emails with no server set up),
then the send with a progress bar that Escape or c stops, then what it did, in words, with
where the letters' PDF and the SMS file were written.

A send is resumable (services.messages.send): stopped midway, what went is recorded, and
sending again reaches only the guests not reached yet and tries the failures again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast
from zoneinfo import ZoneInfo

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Label, ProgressBar, Static

from guestbook.domain.sms_hours import next_allowed
from guestbook.errors import UserError
from guestbook.i18n import N_, _
from guestbook.progress import Cancelled
from guestbook.services.messages import (
    MessagePlan,
    SendOutlook,
    get_message,
    plan_message,
    send_outlook,
)
from guestbook.services.messages.history import deliveries
from guestbook.services.messages.send import SendResult, send_message
from guestbook.tui.dialogs.long_work import LongWorkDialog
from guestbook.tui.screens.messages_text import (
    moment_text,
    plan_lines,
    result_lines,
    send_question,
    sent_before,
    sms_wait,
)

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp


@dataclass(frozen=True)
class SendFacts:
    plan: MessagePlan
    outlook: SendOutlook  # how many the send writes to now (a send again: the failures…)
    lines: list[str]


def send_facts(services: Services, message_id: int) -> SendFacts:
    """What the question says before a send; in a worker."""
    purpose = get_message(services, message_id).purpose
    plan = plan_message(services, message_id)
    outlook = send_outlook(services, message_id)
    lines = plan_lines(plan.audience, plan.by_channel, plan.left_out)
    now = services.clock.now()
    zone = services.settings.time_zone
    allowed = next_allowed(now, purpose, zone=ZoneInfo(zone))
    if wait := sms_wait(purpose, plan.by_channel.get("sms", 0), now, allowed, zone):
        lines.append(wait)
    if plan.by_channel.get("email") and not services.settings.smtp.configured:
        lines.append(_("No email server is set up ([smtp] in the settings): the emails will fail."))
    if deliveries(services, message_id, limit=1):
        lines.extend(sent_before(outlook))
    return SendFacts(plan, outlook, lines)


def result_text(result: SendResult, zone: str) -> str:
    lines = result_lines(
        sent=result.sent,
        failed=result.failed,
        waiting=result.waiting,
        skipped=result.skipped,
        cancelled=result.cancelled,
    )
    if result.next_sms_at is not None:
        when = moment_text(result.next_sms_at, zone)
        lines.append(_("The SMS held will go from {when}: send again then.").format(when=when))
    if result.letters is not None:
        lines.append(_("Letters to print: {path}").format(path=result.letters))
    if result.sms_file is not None:
        lines.append(_("SMS file for the gateway: {path}").format(path=result.sms_file))
    lines.extend(result.problems)
    return "\n".join(lines)


class MessageSendDialog(LongWorkDialog):
    BINDINGS = [
        Binding("y", "send", N_("Send"), id="send.run"),
        Binding("escape,c", "cancel", N_("Stop or close"), id="send.cancel"),
    ]

    @dataclass
    class Read(Message):
        facts: SendFacts

    def __init__(self, message_id: int) -> None:
        super().__init__()
        self.message_id = message_id
        self.facts: SendFacts | None = None
        self.done = False

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="send"):
            yield Label(
                _("Send message {id}?").format(id=self.message_id),
                id="send-question",
                classes="dialog-title",
            )
            yield Static(_("Reading the plan…"), markup=False, id="send-details")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", markup=False, id="send-result")
            with Horizontal(classes="buttons"):
                yield Button(_("Send (y)"), variant="primary", id="send-run", disabled=True)
                yield Button(_("Close (esc)"), id="send-close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#send-close", Button).focus()
        self.read()

    @work(thread=True, exclusive=True, group="message-send-facts", exit_on_error=False)
    def read(self) -> None:
        self.post_message(self.Read(send_facts(self.services, self.message_id)))

    def on_message_send_dialog_read(self, message: Read) -> None:
        self.facts = facts = message.facts
        to_write = facts.outlook.to_write
        self.query_one("#send-question", Label).update(send_question(self.message_id, to_write))
        self.query_one("#send-details", Static).update("\n".join(facts.lines))
        self.query_one("#send-run", Button).disabled = not to_write

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "send":
            return (
                self.facts is not None
                and bool(self.facts.outlook.to_write)
                and not (self.busy or self.done)
            )
        return True

    def action_send(self) -> None:
        if not self.check_action("send", ()):
            return
        self.start()
        self.query_one("#send-run", Button).disabled = True
        self.query_one("#send-result", Static).update(_("Sending…"))
        self.run_send(self.folder())

    def folder(self) -> Path:
        """Where the letters and an SMS file go: the folder of the session's last export, else
        the documents folder (as the access bundle)."""
        from guestbook.paths import documents_folder

        last = cast("GuestbookApp", self.app).last_export_folder
        return last if last is not None and last.is_dir() else documents_folder()

    @work(thread=True, exclusive=True, group="message-send", exit_on_error=False)
    def run_send(self, folder: Path) -> None:
        zone = self.services.settings.time_zone
        try:
            result = send_message(
                self.services,
                self.message_id,
                output_dir=folder,
                progress=self.progress,
                cancel=self.cancelled,
            )
            said = result_text(result, zone)
        except Cancelled:
            said = _(
                "Stopped: what was sent is recorded; sending again reaches only the guests "
                "not reached yet."
            )
        except UserError as error:
            said = _("Not sent: {error}").format(error=error)
        self.app.call_from_thread(self.finished, said)

    def finished(self, said: str) -> None:
        self.finish()
        self.done = True
        self.query_one("#send-result", Static).update(said)
        self.query_one("#send-close", Button).focus()
        self.refresh_bindings()

    def action_cancel(self) -> None:
        if self.busy:
            self._stop.set()  # the send stops at its next guest; what went is recorded
            self.query_one("#send-result", Static).update(_("Stopping…"))
        else:
            self.dismiss(None)

    @on(Button.Pressed, "#send-run")
    def run_pressed(self) -> None:
        self.action_send()

    @on(Button.Pressed, "#send-close")
    def close_pressed(self) -> None:
        self.action_cancel()
