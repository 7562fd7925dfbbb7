"""Letters to guests as ONE PDF (fpdf2), A4, a page per guest, for a DL window envelope.

Each letter starts a page of its own (`add_page` per letter); a letter too long for one page
goes on over the next (a new page whenever the next line would not fit), whose top line names
the recipient and the page, and the next guest starts a new page again. So the pages of one
guest are together and in order, and no page holds two guests' letters.

The page: the restaurant's name and address at the top left, the recipient's address block in
the envelope's window, the date (written by the caller in the interface's language, e.g.
"Paris, le 22 novembre 2026") under it, then the subject and the body, wrapped. Fold marks on
the left edge at 99 and 198 mm fold the A4 sheet in three for a DL (110 × 220 mm) envelope.

The window. The address frame is the one French mailing guides give for window envelopes
(edics.fr, "Rédiger vos adresses : les bonnes pratiques"): 85 mm wide and 33 mm high, 110 mm
from the sheet's left edge and 55 mm from its top, in a 9 to 12 point font. Checked against
the usual French DL window envelope, whose 45 × 100 mm window sits on the right, 20 mm from
the right edge and 15 mm from the bottom (the common manufacturers' measure; La Poste's own
page for it was not found): the window spans 100-200 mm across and 50-95 mm down the folded
sheet, and the frame stays inside it while the sheet slides in the envelope (up to 10 mm
across, 11 mm down), but for the last 5 mm of a full 38-character line when the sheet sits
at the far right. The lines are the caller's (domain/postal.py: at most 6 lines of at most 38
characters, the last ones in capitals without accents, as La Poste asks), centred in the frame's
height, in 10 points, or 9 when a line would not fit in 85 mm.

Fonts: DejaVu Sans, regular and bold, shipped in delivery/fonts/ with their licence and
embedded in the PDF (fpdf2 embeds the subset of glyphs used), so € œ ’ « » print on any printer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from guestbook.delivery.files import written_aside
from guestbook.i18n import _

FONTS = Path(__file__).with_name("fonts")
FAMILY = "DejaVuSans"
MAX_ADDRESS_LINES = 6

# Millimetres on the A4 sheet (210 × 297).
LEFT, RIGHT_EDGE, TOP, BOTTOM = 20.0, 190.0, 15.0, 20.0
WINDOW_X, WINDOW_Y, WINDOW_W, WINDOW_H = 110.0, 55.0, 85.0, 33.0
DATE_Y, SUBJECT_Y = 98.0, 112.0
FOLDS = (99.0, 198.0)
BASELINE = 0.75  # where a line's baseline sits in its height
HEAD_WIDTH = WINDOW_X - LEFT - 5  # the letterhead keeps clear of the window


@dataclass(frozen=True)
class Letterhead:
    """What every letter of the run shares: the restaurant's name and address lines, and the
    date line as the caller writes it."""

    name: str
    address: tuple[str, ...]
    date: str


@dataclass(frozen=True)
class Letter:
    """One guest's letter: the address block's lines (at most 6), the subject and the body
    (paragraphs separated by blank lines)."""

    address: tuple[str, ...]
    subject: str
    body: str


Progress = Callable[[int, int], None]  # (letters done, letters in all)


class _Sheets(FPDF):
    """The PDF, with the top line of a letter's continuation pages."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_margins(LEFT, TOP, 210 - RIGHT_EDGE)
        self.set_auto_page_break(auto=True, margin=BOTTOM)
        self.set_creator("guestbook")
        self.letter_start = 1
        self.recipient = ""
        self._widths: dict[tuple[str, str, float, str], float] = {}

    def header(self) -> None:
        page = self.page_no() - self.letter_start + 1
        if page > 1:
            style, size = self.font_style, self.font_size_pt
            self.set_font(FAMILY, "", 8)
            self.set_text_color(110)
            line = _("{recipient}, page {page}").format(recipient=self.recipient, page=page)
            self.text(LEFT, TOP + 3, line)
            self.set_text_color(0)
            self.set_font(FAMILY, style, size)
            self.set_y(TOP + 10)
        self._fold_marks()

    def lines(self, text: str, width: float, height: float, x: float = LEFT) -> None:
        """`text` wrapped at words to `width`, a line at a time from `x` down; a new page when
        the next line would not fit. fpdf2's text() is a quarter of cell()'s cost: the page
        break that cell() would make is made here."""
        for line in wrap(text, width, self.word_width):
            if self.y + height > self.page_break_trigger:
                self.add_page()
            self.text(x, self.y + height * BASELINE, line)
            self.set_y(self.y + height)

    def word_width(self, word: str) -> float:
        key = (self.font_family, self.font_style, self.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = self.get_string_width(word)
        return width

    def _fold_marks(self) -> None:
        self.set_draw_color(170)
        self.set_line_width(0.2)
        for y in FOLDS:
            self.line(4, y, 8, y)
        self.set_draw_color(0)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """The lines of `text` at most `width` wide, broken between words (a word wider than a line
    is cut); a line break in `text` is kept, a blank line too. fpdf2's own multi_cell measures
    the line again at every character (a letter took 30 ms): each word is measured once here."""
    space = measure(" ")
    lines: list[str] = []
    for paragraph in text.splitlines():
        line: list[str] = []
        used = 0.0
        for word in _cut(paragraph.split(), width, measure):
            size = measure(word)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [], 0.0
            used += (space if line else 0.0) + size
            line.append(word)
        lines.append(" ".join(line))
    return lines


def _cut(words: list[str], width: float, measure: Callable[[str], float]) -> list[str]:
    """The words, those wider than a line (a long link) cut into pieces that fit."""
    pieces: list[str] = []
    for word in words:
        while measure(word) > width and len(word) > 1:
            end = len(word) - 1
            while end > 1 and measure(word[:end]) > width:
                end -= 1
            pieces.append(word[:end])
            word = word[end:]
        pieces.append(word)
    return pieces


def write_letters(
    path: Path,
    letterhead: Letterhead,
    letters: Sequence[Letter],
    on_progress: Progress | None = None,
) -> int:
    """Write every letter into one PDF at `path` (written aside, then renamed); returns its
    number of pages. `on_progress(done, total)` is called after each letter; raising in it
    (guestbook.progress.Cancelled) stops the run and leaves no file."""
    sheets = _Sheets()
    for done, letter in enumerate(letters, start=1):
        _write_letter(sheets, letterhead, letter)
        if on_progress is not None:
            on_progress(done, len(letters))
    if not letters:
        sheets.add_page()  # an empty run still gives a readable PDF
    data = sheets.output()
    with written_aside(path) as handle:
        handle.write(data)
    return sheets.page_no()


def _write_letter(sheets: _Sheets, letterhead: Letterhead, letter: Letter) -> None:
    if len(letter.address) > MAX_ADDRESS_LINES:
        raise ValueError(f"an address block has at most 6 lines: {letter.address!r}")
    sheets.letter_start = sheets.page_no() + 1
    sheets.recipient = letter.address[0] if letter.address else ""
    sheets.add_page()
    _letterhead(sheets, letterhead)
    _address_block(sheets, letter.address)
    sheets.set_font(FAMILY, "", 10)
    sheets.set_y(DATE_Y)
    sheets.lines(letterhead.date, RIGHT_EDGE - WINDOW_X, 5, x=WINDOW_X)
    sheets.set_y(SUBJECT_Y)
    sheets.set_font(FAMILY, "B", 11)
    subject = _("Subject: {subject}").format(subject=" ".join(letter.subject.split()))
    sheets.lines(subject, RIGHT_EDGE - LEFT, 5.5)
    sheets.ln(5)
    sheets.set_font(FAMILY, "", 11)
    sheets.lines(letter.body.strip(), RIGHT_EDGE - LEFT, 5.5)


def _letterhead(sheets: _Sheets, letterhead: Letterhead) -> None:
    sheets.set_y(TOP)
    sheets.set_font(FAMILY, "B", 12)
    sheets.lines(letterhead.name, HEAD_WIDTH, 6)
    sheets.set_font(FAMILY, "", 9)
    sheets.lines("\n".join(letterhead.address), HEAD_WIDTH, 4.2)


def _address_block(sheets: _Sheets, lines: tuple[str, ...]) -> None:
    """The lines in the window's frame, left-aligned, no blank line between them."""
    size = 10.0
    sheets.set_font(FAMILY, "", size)
    if any(sheets.get_string_width(line) > WINDOW_W for line in lines):
        size = 9.0
        sheets.set_font(FAMILY, "", size)
    height = size * 0.45  # line height in mm, a little over the font's size
    top = WINDOW_Y + max(0.0, (WINDOW_H - height * len(lines)) / 2)
    for number, line in enumerate(lines):
        sheets.text(WINDOW_X, top + height * (number + BASELINE), line)
