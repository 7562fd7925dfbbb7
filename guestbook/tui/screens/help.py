"""The help screen: every key of the screen below it and of the app, grouped and explained."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "guestbook is keyboard-first: every action has a key, and ctrl+p opens the command "
    "palette to find any command by name."
)


def describe_bindings(screen: Screen[object]) -> list[tuple[str, str, str]]:
    """(group, keys, what it does) for each binding active on `screen`, once per action."""
    seen: dict[tuple[str, str], tuple[str, str, str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description:
            continue
        group = "App" if active.node is screen.app else type(active.node).__name__
        label = screen.app.get_key_display(Binding(key, ""))
        slot = (group, binding.action)
        if slot in seen:
            previous = seen[slot]
            seen[slot] = (group, f"{previous[1]}, {label}", previous[2])
        else:
            seen[slot] = (group, label, binding.description)
    return sorted(seen.values(), key=lambda row: (row[0] == "App", row[0]))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help.close")]

    def __init__(self, rows: list[tuple[str, str, str]], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Text()
        table.append(f"{self.title_text}\n\n", style="bold")
        table.append(f"{INTRO}\n", style="italic")
        group = None
        for row_group, keys, description in self.rows:
            if row_group != group:
                group = row_group
                heading = "Everywhere" if group == "App" else _heading(group)
                table.append(f"\n{heading}\n", style="bold underline")
            table.append(f"  {keys:<22}", style="bold")
            table.append(f"{description}\n")
        table.append("\nEscape closes this help.", style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(table)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)


# Widgets named the way a user would name them.
_WIDGET_NAMES = {
    "OptionList": "In the list",
    "DataTable": "In the table",
    "Input": "In a text field",
    "MonthGrid": "In the month",
}


def _heading(class_name: str) -> str:
    return _WIDGET_NAMES.get(class_name) or class_name.removesuffix("Screen")
