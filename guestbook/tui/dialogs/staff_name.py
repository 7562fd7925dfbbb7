"""Who is working, asked once per session: the chef before the first call logged, the host
before the first table saved. The one prompt for both.

Never filled in from the computer's login: on a shared restaurant computer that name means
nothing in a call log or as the witness of a consent. The names used lately are offered instead
(services.staff): ↓ then Enter picks one, or the name is typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.suggester import SuggestFromList
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.i18n import N_, _
from guestbook.services.staff import Role, recent_staff, remember_staff
from guestbook.tui.failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp


class StaffName(ReportsWorkerFailures, ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="staff.cancel"),
        Binding("down", "to_names", N_("Names used lately"), id="staff.recent", show=False),
    ]

    @dataclass
    class Loaded(Message):
        names: list[str]

    def __init__(self, question: str, why: str, role: Role) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question  # translated by the caller, as `why`
        self.why = why
        self.role = role

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="staff-name"):
            # Static, not Label: a long question wraps instead of being cut at the edge.
            yield Static(self.question, classes="dialog-title")
            yield Static(self.why, classes="hint")
            yield Input(placeholder=_("your name"), id="answer")
            yield Static("", id="staff-error", classes="error")
            yield OptionList(id="staff-recent")
            yield Static(_("Enter to confirm, Escape to cancel."), classes="hint")

    def on_mount(self) -> None:
        self.query_one("#staff-recent", OptionList).display = False
        self.load_names()

    @work(thread=True, exclusive=True, group="staff-names", exit_on_error=False)
    def load_names(self) -> None:
        self.post_message(self.Loaded(recent_staff(self.services, self.role)))

    def on_staff_name_loaded(self, message: Loaded) -> None:
        if not message.names:
            return
        names = self.query_one("#staff-recent", OptionList)
        names.add_options([Option(name, id=str(i)) for i, name in enumerate(message.names)])
        names.display = True
        names.border_title = _("Names used lately (↓ then Enter)")
        answer = self.query_one("#answer", Input)
        answer.suggester = SuggestFromList(message.names, case_sensitive=False)

    @on(Input.Submitted, "#answer")
    def typed(self, event: Input.Submitted) -> None:
        event.stop()
        name = " ".join(event.value.split())
        if not name:
            # The list below is there once a name was used in this role.
            listed = self.query_one("#staff-recent", OptionList).display
            self.query_one("#staff-error", Static).update(
                _("type your name (or pick it below with ↓)") if listed else _("type your name")
            )
            return
        self.dismiss(name)

    @on(OptionList.OptionSelected, "#staff-recent")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.prompt))

    def action_to_names(self) -> None:
        names = self.query_one("#staff-recent", OptionList)
        if names.display and names.option_count:
            names.focus()
            if names.highlighted is None:
                names.highlighted = 0

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_staff(
    screen: Screen[Any], role: Role, question: str, why: str, then: Callable[[str], None]
) -> None:
    """Ask who is working in `role`; the name answered is remembered among the names used
    lately in it (in the background: a busy database only loses the suggestion) and handed to
    `then`."""
    services = cast("GuestbookApp", screen.app).services

    def answered(name: str | None) -> None:
        if not name:
            return
        screen.run_worker(
            lambda: remember_staff(services, name, role),
            thread=True,
            group="staff-remember",
            exit_on_error=False,
        )
        then(name)

    screen.app.push_screen(StaffName(question, why, role), answered)
