"""The help screen: every key of the screen below it and of the app, grouped and explained.

Key descriptions are English msgids (ours marked with N_ where the bindings are defined,
Textual's in guestbook.tui.textual_words): each is translated here, where it is shown."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from guestbook.i18n import N_, _
from guestbook.tui.failures import ReportsWorkerFailures

INTRO = N_(
    "guestbook is keyboard-first: every action has a key, and ctrl+p opens the command "
    "palette to find any command by name."
)


def describe_bindings(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(heading, keys, what it does) for each binding active on `screen`, once per action,
    grouped by the screen or widget that holds them, the app's last. In a group, the keys its
    class declares come before those of the parts it is built from (the agenda's everyday
    keys before AgendaSite's `a`): Textual lists a base class's bindings first.

    Heading and description are English msgids: the help screen shows them translated."""
    seen: dict[tuple[str, str], tuple[str, str, str, bool]] = {}
    headings: dict[str, str] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        node = active.node
        group = "App" if node is screen.app else type(node).__name__
        headings[group] = _heading(group, isinstance(node, ModalScreen))
        label = screen.app.get_key_display(Binding(key, ""))
        slot = (group, binding.action)
        if slot in seen:
            previous = seen[slot]
            seen[slot] = (group, f"{previous[1]}, {label}", previous[2], previous[3])
        else:
            part = binding.id is not None and binding.id in _parts_keys(type(node))
            seen[slot] = (group, label, binding.description, part)
    rows = sorted(seen.values(), key=lambda row: (row[0] == "App", row[0], row[3]))
    return [(headings[group], keys, description) for group, keys, description, _part in rows]


def _parts_keys(cls: type) -> set[str]:
    """The ids of the bindings `cls` takes from guestbook classes it is built from (not
    Textual's: theirs keep the place Textual gives them), unless it declares them itself."""
    own = {binding.id for binding in _declared(cls)}
    return {
        binding.id
        for base in cls.__mro__[1:]
        if base.__module__.startswith("guestbook.")
        for binding in _declared(base)
        if binding.id is not None and binding.id not in own
    }


def _declared(cls: type) -> list[Binding]:
    return [item for item in vars(cls).get("BINDINGS", []) if isinstance(item, Binding)]


class HelpScreen(ReportsWorkerFailures, ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", N_("Close help"), id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Text()
        table.append(f"{self.title_text}\n\n", style="bold")
        table.append(f"{_(INTRO)}\n", style="italic")
        group = None
        for row_group, keys, description in self.rows:
            if row_group != group:
                group = row_group
                table.append(f"\n{_(group)}\n", style="bold underline")
            table.append(f"  {keys:<22}", style="bold")
            table.append(f"{_(description)}\n")
        table.append("\n" + _("Escape closes this help."), style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(table)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


# Screens and widgets named the way a user would name them (English, marked: translated where
# shown). A dialog without an entry is "In this window".
_WIDGET_NAMES = {
    "App": N_("Everywhere"),
    "AgendaScreen": N_("Agenda"),
    "GuestsScreen": N_("Guests"),
    "GuestCardScreen": N_("Guest card"),
    "CheckoutScreen": N_("Checkout"),
    "CalendarScreen": N_("Calendar"),
    "ReferralsScreen": N_("Referrals"),
    "AuditScreen": N_("Audit"),
    "MessagesScreen": N_("Messages"),
    "MessageComposeScreen": N_("New message"),
    "MessagePlanScreen": N_("Message plan"),
    "MessageDeliveriesScreen": N_("Deliveries"),
    "MessageSendDialog": N_("Sending"),
    "TextArea": N_("In the text"),
    "OptionList": N_("In the list"),
    "CallsList": N_("In the list"),  # the agenda's (guestbook.tui.screens.agenda_view)
    "GuestTable": N_("In the list"),
    "AuditTable": N_("In the list"),
    "DataTable": N_("In the table"),
    "Input": N_("In a text field"),
    "MonthGrid": N_("In the month"),
    "Select": N_("In a drop-down list"),
    "SelectOverlay": N_("In the drop-down menu"),
    "Checkbox": N_("On a checkbox"),
    "Button": N_("On a button"),
    "Tabs": N_("In the tabs"),
    "ContentTabs": N_("In the tabs"),
    "VerticalScroll": N_("In a scrolling area"),
}
_A_WINDOW = N_("In this window")


def _heading(class_name: str, dialog: bool) -> str:
    """The English heading of a group of keys (translated where shown)."""
    name = _WIDGET_NAMES.get(class_name)
    if name:
        return name
    return _A_WINDOW if dialog else class_name.removesuffix("Screen")
