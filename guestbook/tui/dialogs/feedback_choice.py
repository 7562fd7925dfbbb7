"""One answer among a few, side by side, the one chosen marked: a score on its scale, or how
the feedback was given. The feedback dialog's two scales and its channel are three of these.

Keyboard first, as the consent toggle is: a digit picks (the dialog's bindings hand it to the
answer in focus), → and space step to the next answer, ← to the one before, Backspace leaves a
score out (a scale that may be left empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from guestbook.i18n import N_


class Choice(Widget, can_focus=True):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"choice--chosen", "choice--other"}
    DEFAULT_CSS = """
    Choice {
        width: auto;
        height: 1;
        .choice--chosen { background: $accent; color: $text; text-style: bold; }
        .choice--other { color: $text-muted; }
    }
    Choice:focus {
        background: $block-cursor-blurred-background;
        text-style: underline;
    }
    """
    BINDINGS = [
        Binding("right,space", "step(1)", N_("Next answer"), id="choice.next", show=False),
        Binding("left", "step(-1)", N_("Answer before"), id="choice.before", show=False),
        Binding("backspace,delete", "clear", N_("Leave out"), id="choice.clear", show=False),
    ]

    value: reactive[str | None] = reactive(None)

    @dataclass
    class Refused(Message):
        """A digit that is not one of the answers (an 8 on a scale from 1 to 7)."""

        choice: Choice
        typed: str

    @dataclass
    class Changed(Message):
        choice: Choice
        value: str | None

    def __init__(
        self,
        answers: Sequence[tuple[str, str]],
        value: str | None = None,
        *,
        may_be_empty: bool,
        id: str | None = None,
    ) -> None:
        """`answers`: (stored key, what is shown), in order; `may_be_empty`: Backspace leaves
        the answer out (a score nobody gave)."""
        super().__init__(id=id)
        self.answers = list(answers)
        self.may_be_empty = may_be_empty
        self.set_reactive(Choice.value, value)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        chosen = self.get_component_rich_style("choice--chosen")
        other = self.get_component_rich_style("choice--other")
        for key, shown in self.answers:
            text.append(f" {shown} ", style=chosen if key == self.value else other)
        return text

    def watch_value(self, value: str | None) -> None:
        self.post_message(self.Changed(self, value))

    @property
    def keys(self) -> list[str]:
        return [key for key, _shown in self.answers]

    def pick(self, key: str) -> None:
        """A key typed (a digit): chosen, then on to the next question, as the host asks them
        in order; refused, with the dialog saying why, when it is not one of the answers."""
        if key not in self.keys:
            self.post_message(self.Refused(self, key))
            return
        self.value = key
        self.screen.focus_next()

    def action_step(self, step: int) -> None:
        keys: list[str | None] = list(self.keys)
        if self.may_be_empty:
            keys.insert(0, None)
        at = keys.index(self.value) if self.value in keys else 0
        self.value = keys[(at + step) % len(keys)]

    def action_clear(self) -> None:
        if self.may_be_empty:
            self.value = None

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_step(1)
