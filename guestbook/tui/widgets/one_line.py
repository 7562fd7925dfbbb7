"""A header line that never runs off the screen: cut at a word, with "…" (finding D22).

`OneLine` is a `Static` one line high (same `update`, same `content`: what was set, whole); when
its text is wider than the line, it shows it cut after the last whole word that fits, then "…".
"""

from __future__ import annotations

from textual.app import RenderResult
from textual.content import Content
from textual.widgets import Static

ELLIPSIS = "…"
SEPARATORS = " ·,:;—–-"  # not left before the "…"


def shorten(text: str, width: int) -> str:
    """`text` in `width` cells: whole if it fits, else up to the last whole word that fits
    and "…" (a single word too long for the line is cut inside it)."""
    return shorten_content(Content(text), width).plain


def shorten_content(content: Content, width: int) -> Content:
    """`content` (its styles kept) in `width` cells, cut as `shorten` cuts."""
    if content.cell_length <= width:
        return content
    if width <= 1:
        return Content(ELLIPSIS[:width])
    room = width - 1  # for the "…"
    plain = content.plain
    fits = len(content.truncate(room).plain)  # characters that fit in `room` cells
    cut = plain.rfind(" ", 0, fits + 1)  # the last space at or before the cut
    if cut <= 0 or not plain[:cut].strip():
        cut = fits  # one long word: cut inside it
    head = content[:cut]
    head = head[: len(head.plain.rstrip(SEPARATORS))]  # "came · 1,571…", not "came ·…"
    return head + ELLIPSIS if head.plain else Content(ELLIPSIS)


class OneLine(Static):
    """A one-line Static whose text, too wide, is cut at a word with "…"."""

    DEFAULT_CSS = """
    OneLine {
        height: 1;
    }
    """

    def render(self) -> RenderResult:
        visual = self.visual
        if not isinstance(visual, Content):
            return visual
        width = self.size.width - self.styles.gutter.width
        return shorten_content(visual.split("\n")[0], width)
