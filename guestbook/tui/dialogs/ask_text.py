"""A small typed dialog: one question, one line of input, an answer or None on Escape."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from guestbook.i18n import N_, _
from guestbook.tui.failures import ReportsWorkerFailures

# Returns None when the text is acceptable, or the message saying what is wrong.
Validator = Callable[[str], str | None]


class AskText(ReportsWorkerFailures, ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="dialog.cancel")]

    def __init__(
        self,
        question: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str | None = None,
        validate: Validator | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.value = value
        self.placeholder = placeholder
        # The question, placeholder and hint come translated; the default hint is ours.
        self.hint = _("Enter to confirm, Escape to cancel.") if hint is None else hint
        self.check = validate

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="answer")
            yield Static("", id="error", classes="error")
            yield Static(self.hint, classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self.check(event.value) if self.check else None
        if problem:
            # The text stays as typed; only the message changes.
            self.query_one("#error", Static).update(problem)
            return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
