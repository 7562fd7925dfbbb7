"""A yes-or-no question, with the facts to decide on: answers True or False."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static


class Confirm(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        details: Sequence[str] = (),
        *,
        yes: str = "Yes",
        no: str = "No",
        dangerous: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.details = list(details)
        self.yes_label = yes
        self.no_label = no
        self.dangerous = dangerous

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Label(self.question, classes="dialog-title")
            if self.details:
                yield Static("\n".join(self.details), id="confirm-details")
            with Horizontal(classes="buttons"):
                yield Button(
                    f"{self.yes_label} (y)",
                    id="confirm-yes",
                    variant="error" if self.dangerous else "primary",
                )
                yield Button(f"{self.no_label} (n)", id="confirm-no")

    def on_mount(self) -> None:
        # The safe answer has the focus: Enter never destroys anything by accident.
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
