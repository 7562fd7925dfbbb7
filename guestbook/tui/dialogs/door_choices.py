"""The two questions checkout asks about people: is this new guest someone already here (the
guest form's duplicate check, services.guests.duplicates), and who referred a guest (someone at
this table, or any guest found by name)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.domain.contact import format_phone
from guestbook.i18n import N_, _
from guestbook.services.guests.duplicates import DuplicateMatch
from guestbook.tui.failures import ReportsWorkerFailures

SameChoice = tuple[Literal["use", "keep"], int | None]  # ("use", guest id) or ("keep", None)
Sponsor = int | tuple[int, str]  # a seat of this table (its index), or a guest (id, name)


def same_contact(match: DuplicateMatch, region: str) -> str:
    """'• Hélène Dupont (#12), same phone: 06 12 34 56 78' (a phone or an email)."""
    if match.kind == "phone":
        line = _("• {name} (#{guest_id}), same phone: {value}")
        value = format_phone(match.value, region)
    else:
        line = _("• {name} (#{guest_id}), same email: {value}")
        value = match.value
    return line.format(name=match.name, guest_id=match.guest_id, value=value)


class SameGuestAtDoor(ReportsWorkerFailures, ModalScreen[SameChoice | None]):
    """The guest typed seems to be here already: seat the existing guest (what was typed
    completes their card), or keep a new guest, flagged as a possible duplicate."""

    DEFAULT_CSS = "#door-same-list { height: auto; max-height: 8; }"

    BINDINGS = [
        Binding("u", "use", N_("Use the existing guest"), id="door_same.use"),
        Binding("k", "keep", N_("Keep as new"), id="door_same.keep"),
        Binding("escape", "back", N_("Back to the form"), id="door_same.back"),
    ]

    def __init__(self, matches: Sequence[DuplicateMatch], region: str) -> None:
        super().__init__(classes="dialog-screen")
        self.matches = list(matches)
        self.phone_region = region

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="door-same"):
            yield Label(_("This guest may already be here"), classes="dialog-title")
            yield OptionList(
                *(
                    Option(same_contact(match, self.phone_region), id=str(match.guest_id))
                    for match in self.matches
                ),
                id="door-same-list",
            )
            yield Static(
                _(
                    "Use the existing guest: they sit at this table as a known guest, and what "
                    "you typed completes their card. Keep as new: both are kept and flagged as "
                    "a possible duplicate."
                ),
                classes="hint",
            )
            with Horizontal(classes="buttons"):
                yield Button(_("Use the existing guest (u)"), id="use", variant="primary")
                yield Button(_("Keep as new (k)"), id="keep")

    def on_mount(self) -> None:
        matches = self.query_one("#door-same-list", OptionList)
        matches.highlighted = 0
        matches.focus()

    @on(OptionList.OptionSelected, "#door-same-list")
    def selected(self) -> None:
        self.action_use()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_use() if event.button.id == "use" else self.action_keep()

    def action_use(self) -> None:
        index = self.query_one("#door-same-list", OptionList).highlighted or 0
        self.dismiss(("use", self.matches[index].guest_id))

    def action_keep(self) -> None:
        self.dismiss(("keep", None))

    def action_back(self) -> None:
        self.dismiss(None)


class WhoReferred(ReportsWorkerFailures, ModalScreen[Sponsor | None]):
    """Who referred a guest: one of the others at this table (Enter), or any guest found by
    name (ctrl+f)."""

    DEFAULT_CSS = "#referred-at-table { height: auto; max-height: 8; }"

    BINDINGS = [
        Binding("ctrl+f", "find", N_("Someone not at this table"), id="referred.find"),
        Binding("escape", "cancel", N_("Cancel"), id="referred.cancel"),
    ]

    def __init__(
        self, question: str, at_table: Sequence[tuple[int, str]], exclude: Collection[int]
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.at_table = list(at_table)  # (seat index, name)
        self.exclude = list(exclude)  # guest ids a search must not offer

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="who-referred"):
            yield Static(self.question, classes="dialog-title")
            people = OptionList(
                *(Option(name, id=str(seat)) for seat, name in self.at_table),
                id="referred-at-table",
            )
            people.border_title = _("At the table")
            yield people
            yield Static(
                _("Enter picks · ctrl+f someone not at this table · Escape cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        people = self.query_one("#referred-at-table", OptionList)
        people.highlighted = 0
        people.focus()

    @on(OptionList.OptionSelected, "#referred-at-table")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_find(self) -> None:
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def found(guest: tuple[int, str] | None) -> None:
            if guest is not None:
                self.dismiss(guest)

        self.app.push_screen(PickGuest(self.question, exclude=self.exclude), found)

    def action_cancel(self) -> None:
        self.dismiss(None)
