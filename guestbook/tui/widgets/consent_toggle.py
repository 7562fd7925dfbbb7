"""One channel's consent in three states that never look alike: yes, no, not asked.

A checkbox cannot say "asked, and the guest said no": unticked reads as both. The toggle shows
the three answers side by side, the one chosen marked and coloured (yes: success, no: error,
not asked: a plain panel), so a glance tells them apart in either theme. One key answers and
moves on to the next question (y or o for oui, n), space or → steps through the three, and a
click too: the host asks the questions in order without leaving the keyboard.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from guestbook.i18n import N_, _

Answer = bool | None
ORDER: tuple[Answer, ...] = (None, True, False)  # what space steps through, from not asked
# (answer, mark, word): English, marked; translated where drawn.
SEGMENTS: tuple[tuple[Answer, str, str], ...] = (
    (True, "✓", N_("yes")),
    (False, "×", N_("no")),
    (None, "?", N_("not asked")),
)


class ConsentToggle(Widget, can_focus=True):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "consent-toggle--yes",
        "consent-toggle--no",
        "consent-toggle--unknown",
        "consent-toggle--other",
    }
    DEFAULT_CSS = """
    ConsentToggle {
        width: auto;
        height: 1;
        padding: 0 1 0 0;
        .consent-toggle--yes { background: $success; color: $text; text-style: bold; }
        .consent-toggle--no { background: $error; color: $text; text-style: bold; }
        .consent-toggle--unknown { background: $panel-lighten-2; color: $text; }
        .consent-toggle--other { color: $text-muted; }
    }
    ConsentToggle:focus {
        background: $block-cursor-blurred-background;
        text-style: underline;
    }
    """
    BINDINGS = [
        Binding("y,o", "answer('yes')", N_("Yes"), id="consent.yes"),
        Binding("n", "answer('no')", N_("No"), id="consent.no"),
        Binding("space,right", "step(1)", N_("Change"), id="consent.step"),
        Binding("left", "step(-1)", N_("Change"), id="consent.step_back", show=False),
        Binding("backspace,delete", "answer('')", N_("Not asked"), id="consent.unknown"),
        Binding("enter", "next", N_("Next"), id="consent.next", show=False),
    ]

    value: reactive[Answer] = reactive(None)

    @dataclass
    class Changed(Message):
        toggle: ConsentToggle
        value: Answer

    def __init__(self, channel: str, value: Answer = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.channel = channel
        self.set_reactive(ConsentToggle.value, value)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for answer, mark, word in SEGMENTS:
            if answer is self.value:
                name = {True: "yes", False: "no", None: "unknown"}[answer]
                style = self.get_component_rich_style(f"consent-toggle--{name}")
                text.append(f" {mark} {_(word)} ", style=style)
            else:
                other = self.get_component_rich_style("consent-toggle--other")
                text.append(f"  {_(word)}  ", style=other)
        return text

    def watch_value(self, value: Answer) -> None:
        self.post_message(self.Changed(self, value))

    def action_answer(self, answer: str) -> None:
        """Answered: set, then on to the next question, as the host asks them in order."""
        self.value = {"yes": True, "no": False}.get(answer)
        if answer:
            self.screen.focus_next()

    def action_next(self) -> None:
        """Enter: on to the next question, this one left as it is (as in a text field)."""
        self.screen.focus_next()

    def action_step(self, step: int) -> None:
        self.value = ORDER[(ORDER.index(self.value) + step) % len(ORDER)]

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_step(1)
