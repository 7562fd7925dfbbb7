"""The row of sections under the header: where you are, and the key for each place.

It fits the terminal's width: when the whole row does not fit, it drops the "(F2–F6 while
typing)" reminder, then the F12 audit hint, then the F9 settings hint (both are seldom opened;
the help and the palette name them), then tightens and cuts the titles of the other sections ("4 Calend…", down
to the key alone). The current section's title and the F7, F8 and ? keys always stay; their
words go before the titles are cut too short to tell apart.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widget import Widget

from guestbook.i18n import N_, _
from guestbook.tui.sections import SECTIONS

WHILE_TYPING = N_("(F2–F6 while typing)")
# The keys that work everywhere, with what they open (English, marked: shown through `_`).
HINTS = (("F7", N_("export")), ("F8", N_("import")), ("?", N_("help")))
SETTINGS_HINT = ("F9", N_("settings"))
AUDIT_HINT = ("F12", N_("audit"))
CURRENT = "bold reverse"


class SectionBar(Widget):
    DEFAULT_CSS = """
    SectionBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def render(self) -> Text:
        return section_line(self.current, self.size.width - self.styles.gutter.width)

    @property
    def text(self) -> str:
        """The line as shown (for tests and for reading it out)."""
        return self.render().plain


def section_line(current: str, width: int) -> Text:
    """The bar's line for `width` cells: the widest form that fits. "F9 settings" goes last
    of the hints: the titles close up first (at 120 columns, seven sections keep it)."""
    longest = max(cell_len(_(section.title)) for section in SECTIONS)
    for while_typing, settings, audit in (
        (True, True, True),
        (False, True, True),
        (False, True, False),
        (False, False, False),
    ):
        hints = _hints(gap=2, while_typing=while_typing, settings=settings, audit=audit)
        line = _sections(current) + hints
        if line.cell_len <= width:
            return line
        if settings and not audit:  # before giving up F9: the close form with it
            close = _sections(current, longest) + _hints(gap=1, while_typing=False, settings=True)
            if close.cell_len <= width:
                return close
    tight, limit = _tight(current, width, _hints(gap=1, while_typing=False), longest)
    if _tell_apart(current, limit):
        return tight
    # Titles cut so short they look alike ("2 C… 3 C… 4 C…" for Clients, Caisse, Calendrier)
    # tell nobody where a key goes: the hints' words go first (the keys stay; help names them).
    keys_only, longer = _tight(
        current, width, _hints(gap=1, while_typing=False, words=False), longest
    )
    return keys_only if longer > limit else tight


def _tight(current: str, width: int, hints: Text, longest: int) -> tuple[Text, int]:
    """The line with the others' titles cut shorter until it fits, and the cut's length."""
    room = width - hints.cell_len
    for limit in range(longest, 0, -1):
        sections = _sections(current, limit)
        if sections.cell_len <= room:
            break
    return sections + hints, limit


def _tell_apart(current: str, limit: int) -> bool:
    """Whether the other sections' titles cut to `limit` all differ."""
    cut = [
        _shorten_word(_(section.title), limit) for section in SECTIONS if section.mode != current
    ]
    return len(set(cut)) == len(cut)


def _sections(current: str, limit: int | None = None) -> Text:
    """The sections, the current one picked out. With `limit`, the tight form: the other
    sections' titles cut to `limit` cells with "…" (a title left with no letter goes, its key
    stays)."""
    text = Text()
    for index, section in enumerate(SECTIONS):
        title = _(section.title)
        if index:
            text.append("  ")
        if section.mode == current:
            text.append(f" {section.key} {title} ", style=CURRENT)
        elif limit is None:
            text.append(f" {section.key} ", style="bold")
            text.append(f"{title} ")
        else:
            text.append(section.key, style="bold")
            if short := _shorten_word(title, limit):
                text.append(f" {short}")
    return text


def _shorten_word(word: str, width: int) -> str:
    """`word` in `width` cells: whole, or its start and "…" (at least one letter), or ""."""
    if cell_len(word) <= width:
        return word
    if width < 2:
        return ""
    kept = ""
    for char in word:
        if cell_len(kept + char) > width - 1:
            break
        kept += char
    return kept + "…"


def _hints(
    gap: int, while_typing: bool, settings: bool = False, audit: bool = False, words: bool = True
) -> Text:
    text = Text("  ")
    if while_typing:
        text.append(_(WHILE_TYPING) + " " * gap)
    seldom = (SETTINGS_HINT,) * settings + (AUDIT_HINT,) * audit
    hints = (*HINTS[:2], *seldom, *HINTS[2:])
    for index, (key, said) in enumerate(hints):
        if index:
            text.append(" " * gap)
        text.append(key, style="bold")
        if words:
            text.append(f" {_(said)}")
    return text
