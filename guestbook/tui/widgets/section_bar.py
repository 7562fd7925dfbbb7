"""The row of sections under the header: where you are, and the key for each place."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from guestbook.i18n import _
from guestbook.tui.sections import SECTIONS


class SectionBar(Static):
    DEFAULT_CSS = """
    SectionBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__(self._text(current))

    @staticmethod
    def _text(current: str) -> Text:
        text = Text()
        for section in SECTIONS:
            style = "bold reverse" if section.mode == current else ""
            text.append(f" {section.key} ", style="bold" if section.mode != current else style)
            text.append(f"{_(section.title)} ", style=style)
            text.append("  ")
        text.append(_("(F2–F6 while typing)  F7 export  F8 import  ? help"), style="dim")
        return text
