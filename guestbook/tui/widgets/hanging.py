"""A list entry whose lines wrap under their own column, and whose colours always read.

The agenda's calls are a name and a phone in fixed columns, then the reason for the call; below,
indented, the details. On a narrow terminal a plain text wraps the reason back to column 0,
under the name: `Hanging` wraps the first line's tail under the column where it starts, and
each later line under its own indentation.

Its colours are checked against the row's background as it is drawn: a colour, or a dimmed
text, that would read at less than 4.5:1 there (a green on the cursor's blue, a dim detail on a
light grey) is brought toward the row's own text colour until it reads.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.color import Color
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from guestbook.tui.themes import MINIMUM_CONTRAST, contrast_ratio

DIM_FACTOR = 0.66  # how far Textual blends a dim text toward its background
MIN_COLUMN = 20  # narrower than this, the first line's tail hangs under the indentation below


class Hanging(Visual):
    """`text`'s first line wraps from column `at`; every later line under its own leading
    spaces. str() is the plain text, as for a Rich Text."""

    def __init__(self, text: Text, at: int) -> None:
        self.text = text
        self.at = at
        self._paragraphs = Content.from_rich_text(text).split("\n")
        self._lines: dict[int, list[Content]] = {}

    def __str__(self) -> str:
        return self.text.plain

    def lines(self, width: int) -> list[Content]:
        """The lines as laid out in `width` cells."""
        if (lines := self._lines.get(width)) is None:
            lines = self._lines[width] = self._lay_out(width)
        return lines

    def _lay_out(self, width: int) -> list[Content]:
        lines: list[Content] = []
        for index, paragraph in enumerate(self._paragraphs):
            plain = paragraph.plain
            if index:
                indent = len(plain) - len(plain.lstrip(" "))
            elif width - self.at >= MIN_COLUMN and len(plain) > self.at:
                indent = self.at
            else:  # too narrow for the column: the whole line wraps, under the lines below
                lines += _hang(Content(""), paragraph, width, self._below())
                continue
            lines += _hang(paragraph[:indent], paragraph[indent:], width, indent)
        return lines

    def _below(self) -> int:
        """The indentation of the second line (the details), where a narrow first line's
        continuation goes."""
        if len(self._paragraphs) < 2:
            return 0
        plain = self._paragraphs[1].plain
        return len(plain) - len(plain.lstrip(" "))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        content = Content("\n").join(self.lines(width))
        strips = content.render_strips(width, height, style, options)
        base = style.rich_style
        return [readable(strip, base) for strip in strips]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((paragraph.cell_length for paragraph in self._paragraphs), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))


def _hang(head: Content, tail: Content, width: int, indent: int) -> list[Content]:
    """`head`, then `tail` wrapped in what is left of `width`, each further line starting
    `indent` cells in."""
    room = max(width - max(head.cell_length, indent), 1)
    wrapped = tail.wrap(room) or [Content("")]
    lines = [head + wrapped[0]]
    lines += [Content(" " * indent) + line for line in wrapped[1:]]
    return lines


def readable(strip: Strip, base: RichStyle) -> Strip:
    """`strip` with every text colour reading on its background (at least 4.5:1): a colour
    that does not is blended toward the row's own text colour (`base`), a dim text undimmed."""
    segments = [
        Segment(text, readable_style(style, base) if style is not None and text.strip() else style)
        for text, style, _control in strip
    ]
    return Strip(segments, strip.cell_length)


@lru_cache(maxsize=1024)
def readable_style(style: RichStyle, base: RichStyle) -> RichStyle:
    """`style`, or a style like it whose colour reads on its background."""
    background = _opaque(style.bgcolor or base.bgcolor)
    foreground = _opaque(style.color or base.color)
    if background is None or foreground is None:
        return style
    shown = background.blend(foreground, DIM_FACTOR) if style.dim else foreground
    if contrast_ratio(shown, background) >= MINIMUM_CONTRAST:
        if style.color is not None and style.color.triplet is None:  # a named colour: as
            return style + RichStyle(color=foreground.rich_color)  # checked, not the terminal's
        return style
    target = _opaque(base.color) or background.get_contrast_text(1.0)
    color = target
    for step in range(11):  # toward the row's own colour, a tenth at a time
        color = foreground.blend(target, step / 10)
        if contrast_ratio(color, background) >= MINIMUM_CONTRAST:
            break
    return style + RichStyle(color=color.rich_color, dim=False)


def _opaque(color: RichColor | None) -> Color | None:
    """A Rich colour as Textual's, named ones in Rich's default terminal colours."""
    if color is None or color.is_default:
        return None
    return Color.from_rich_color(color, ansi=False)
