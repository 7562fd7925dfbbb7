"""A yes-or-no question, with the facts to decide on: answers True or False."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Label, Static

from guestbook.i18n import N_, _
from guestbook.tui.failures import ReportsWorkerFailures


class Confirm(ReportsWorkerFailures, ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(
        self,
        question: str,
        details: Sequence[str] = (),
        *,
        yes: str | None = None,
        no: str | None = None,
        dangerous: bool = False,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.details = list(details)
        # The question, details and answers come translated; the default answers are ours.
        self.yes_label = _("Yes") if yes is None else yes
        self.no_label = _("No") if no is None else no
        self.dangerous = dangerous

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm"):
            yield Label(self.question, classes="dialog-title")
            if self.details:
                yield Static("\n".join(self.details), id="confirm-details")
            with Horizontal(classes="buttons"):
                yield Button(
                    _("{answer} (y)").format(answer=self.yes_label),
                    id="confirm-yes",
                    variant="error" if self.dangerous else "primary",
                )
                yield Button(_("{answer} (n)").format(answer=self.no_label), id="confirm-no")

    def on_mount(self) -> None:
        # The safe answer has the focus: Enter never destroys anything by accident.
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def close_unless_kept(screen: Screen[Any]) -> None:
    """Close a form whose typing would be lost, once the user says to discard it."""

    def answered(discard: bool | None) -> None:
        if discard:
            screen.dismiss(None)

    screen.app.push_screen(
        Confirm(_("Discard what you typed?"), yes=_("Discard"), no=_("Keep editing")), answered
    )


def ask_to_replace(screen: Screen[Any], path: Path, replace: Callable[[], None]) -> None:
    """A file of that name exists (nothing was written): `replace()` only when the owner says
    so; Enter keeps it, and the screen says so in its #result and goes back to its #path."""
    from textual.widgets import Input

    def answered(yes: bool | None) -> None:
        if yes:
            replace()
        else:
            screen.query_one("#result", Static).update(
                _("Not exported: {path} is kept. Choose another name.").format(path=path)
            )
            screen.query_one("#path", Input).focus()

    screen.app.push_screen(
        Confirm(
            _("{name} already exists. Replace it?").format(name=path.name),
            [str(path)],
            yes=_("Replace"),
            no=_("Keep it"),
            dangerous=True,
        ),
        answered,
    )
