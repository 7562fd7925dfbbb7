"""Reading a CSV or TSV file from another system: its encoding, delimiter and header row.

Old systems write Windows-1252 or UTF-8 (with or without a BOM), separate with commas,
semicolons or tabs, and sometimes put a title line above the headers. Whatever cannot be read
as a table of text is refused with one message saying what the file seems to be.

Every line of the file is accounted for: it is above the headers, blank, part of a row, or a
row rejected with its reason. A line is rejected whatever it holds when it cannot be trusted:
holding a NUL character, longer than any guest's row, or opening a quoted cell that is never
properly closed (such a quote would otherwise swallow the rows after it into one cell). A line
written in another encoding than the rest of the file rejects the row it is part of, whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from guestbook.exchange.headers import HeaderMap, field_for, map_headers
from guestbook.i18n import N_, _, number, quoted

DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH_LINES = 10  # a title or a blank line or two may come before the headers
_SAMPLE_ROWS = 20
_SAMPLE_LINES = 200  # the physical lines the delimiter and the headers are looked for in

# A row of a guest list is a few hundred characters; a cell may hold line breaks (an address,
# notes), but a row never spans more lines than this, nor more characters (which also keeps
# every cell under the csv module's own limit of 131,072 characters).
MAX_LINE_CHARS = 100_000
MAX_ROW_LINES = 100

# Files people pick by mistake, recognised by their first bytes: why each is refused.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (
        b"PK\x03\x04",
        N_("it looks like a zip archive or an Excel/LibreOffice workbook: save it as CSV first"),
    ),
    (b"\xd0\xcf\x11\xe0", N_("it looks like an old Excel or Word file: save it as CSV first")),
    (b"%PDF", N_("it looks like a PDF document, not a table")),
    (
        b"SQLite format 3\x00",
        N_("it looks like a database file: to bring back a backup use `guestbook restore`"),
    ),
    (b"\x89PNG", N_("it looks like an image, not a table")),
    (b"\xff\xd8\xff", N_("it looks like an image, not a table")),
)
# The encodings' names as the owner knows them (Excel calls Windows-1252 "ANSI").
ENCODING_NAMES = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}
_UNBALANCED = N_(
    'a quote (") on this line opens a cell that is never properly closed: fix the quotes of '
    "this line"
)
_CONTROLS = bytes(code for code in range(32) if chr(code) not in "\t\r\n")


class NotAGuestList(ValueError):
    """The file cannot be read as a guest list; the message says why in plain words."""


@dataclass(frozen=True)
class Lines:
    """A file's physical lines, decoded, with their endings; the lines rejected whatever they
    hold (index from 0 → reason); the lines written in the encoding the file is not in."""

    texts: list[str]
    encoding: str  # the file's: 'utf-8', 'utf-8-sig', 'cp1252' or 'utf-16'
    problems: dict[int, str] = field(default_factory=dict)
    odd: frozenset[int] = frozenset()
    odd_encoding: str = ""  # the odd lines' encoding, 'utf-8' or 'cp1252'


class Record(NamedTuple):
    """Physical lines `line` to `end` (from 1) as one row's cells; `problem` when the row is
    rejected whatever its cells hold; no cells when the lines are blank."""

    line: int
    end: int
    cells: list[str]
    problem: str = ""


@dataclass(frozen=True)
class Table:
    encoding: str  # the Python codec name that read it, e.g. 'utf-8-sig', 'cp1252'
    delimiter: str
    headers: list[str]
    header_line: int  # the physical line where the header row ends
    fields: HeaderMap
    lines: Lines

    def rows(self) -> Iterator[Record]:
        """Every line after the headers, as rows (blank ones without cells), in order. A line
        in the other encoding is read with the row it belongs to, which is rejected for it:
        rejected alone, it would leave a cell it opens or closes on another line split."""
        texts, problems, odd = self.lines.texts, self.lines.problems, self.lines.odd
        feed = _Feed(texts, {index for index in problems if index not in odd})
        reader = csv.reader(feed, delimiter=self.delimiter)
        index = self.header_line
        while index < len(texts):
            problem = problems.get(index)
            if problem is not None and index not in odd:
                yield Record(index + 1, index + 1, _alone(texts[index], self.delimiter), problem)
                index += 1
                continue
            feed.start(index)
            cells = _next_row(reader)
            end = feed.position
            cut = feed.stopped  # a quoted cell still open where the file or the row ends
            if cells is None or cut or (end - index > 1 and not self._plausible(texts[index:end])):
                # The quote opening a cell here closes elsewhere, or never: reject this line
                # and read the next ones as the rows they are.
                cells = _alone(texts[index], self.delimiter)
                yield Record(index + 1, index + 1, cells, problem or _(_UNBALANCED))
                index += 1
                continue
            problem = next((problems[line] for line in range(index, end) if line in odd), "")
            blank = not problem and not any(cell.strip() for cell in cells)
            yield Record(index + 1, end, [] if blank else cells, problem)
            index = end

    def _plausible(self, lines: Sequence[str]) -> bool:
        """Whether a row spanning several lines is one row whose cells hold line breaks (an
        address, notes), rather than a stray quote swallowing the rows after it: its quotes
        pair up strictly, and the lines between its first and last are not, every one, a row
        of the header's width when read on their own (a note's lines seldom all are)."""
        try:
            if len(list(csv.reader(lines, delimiter=self.delimiter, strict=True))) != 1:
                return False
        except csv.Error:
            return False
        width = len(self.headers)
        inner = [line for line in lines[1:-1] if line.strip()]
        rows = bool(inner) and all(self._row_alone(line) == width for line in inner)
        return width < 3 or not rows

    def _row_alone(self, line: str) -> int:
        """The cells of `line` read on its own as a well-formed row; 0 when it is not one (its
        quotes do not pair up): then it is a piece of a cell, not a row a stray quote hid."""
        try:
            return len(next(csv.reader([line.rstrip("\r\n")], delimiter=self.delimiter,
                                       strict=True), []))  # fmt: skip
        except csv.Error:
            return 0


class _Feed:
    """The lines a csv.reader reads, from a line chosen before each row; it stops a row at a
    line in `stops`, at MAX_ROW_LINES lines or at MAX_LINE_CHARS characters."""

    def __init__(self, texts: list[str], stops: set[int]) -> None:
        self.texts, self.stops = texts, stops
        self.first = self.position = self.chars = 0
        self.stopped = False

    def start(self, index: int) -> None:
        self.first = self.position = index
        self.chars = 0
        self.stopped = False  # whether the reader asked for a line it was not given

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        index = self.position
        if index >= len(self.texts) or (
            index > self.first
            and (
                index in self.stops
                or index - self.first >= MAX_ROW_LINES
                or self.chars + len(self.texts[index]) > MAX_LINE_CHARS
            )
        ):
            self.stopped = True
            raise StopIteration
        text = self.texts[index]
        self.chars += len(text)
        self.position = index + 1
        return text


def _next_row(reader: Iterator[list[str]]) -> list[str] | None:
    try:
        return next(reader)
    except (csv.Error, StopIteration):
        return None


def _alone(text: str, delimiter: str) -> list[str]:
    """The cells of one line read on its own (a rejected line, for the rejects file)."""
    try:
        return next(csv.reader([text.rstrip("\r\n")], delimiter=delimiter), [])
    except csv.Error:
        return [text.rstrip("\r\n")]


# --- bytes to lines of text ----------------------------------------------------------------


def check_is_text(data: bytes) -> None:
    if not data.strip():
        raise NotAGuestList(_("it is empty"))
    for magic, why in _MAGIC:
        if data.startswith(magic):
            raise NotAGuestList(_(why))
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and _is_binary(data[:65536]):
        raise NotAGuestList(_("it is a binary file, not a text table (CSV)"))


def _is_binary(sample: bytes | str) -> bool:
    """More than a stray control character or two (a NUL in one line is that line's problem)."""
    if isinstance(sample, bytes):
        controls = len(sample) - len(sample.translate(None, _CONTROLS))
    else:
        controls = sum(sample.count(chr(code)) for code in _CONTROLS)
    return controls > max(2, len(sample) // 100)


def decode_lines(data: bytes) -> Lines:
    """The file's lines, each decoded. A UTF-16 file (it has a BOM) is decoded whole. Else the
    file is UTF-8 when it all reads so; otherwise each line with accents is UTF-8 or
    Windows-1252, the file is in the encoding of most of them (UTF-8 with a BOM), and the
    lines in the other one are odd: decoded as what they are, and rejected. A line that reads
    both ways without its UTF-8 reading being Latin text is in the file's encoding."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotAGuestList(_("it starts like a text file but is not valid text")) from None
        if _is_binary(text[:65536]):
            raise NotAGuestList(_("it is a binary file, not a text table (CSV)"))
        return _checked(Lines(_split(text), "utf-16"))
    bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if bom else data
    try:
        return _checked(Lines(_split(body.decode("utf-8")), "utf-8-sig" if bom else "utf-8"))
    except UnicodeDecodeError:
        pass
    raw = [line.encode("latin-1") for line in _split(body.decode("latin-1"))]
    kinds = [_kind(line) for line in raw]
    base = "utf-8" if bom or _mostly_utf8(kinds) else "cp1252"
    texts: list[str] = []
    problems: dict[int, str] = {}
    odd: set[int] = set()
    for index, (line, found) in enumerate(zip(raw, kinds, strict=True)):
        kind = base if found == "either" else found
        texts.append(line.decode(_CODECS[kind], errors="replace"))
        if kind in ("", base):
            continue
        if kind == "?":
            problems[index] = _("this line is neither UTF-8 nor Windows-1252 text")
            continue
        odd.add(index)
        problems[index] = _(
            "this line is in {found} while the rest of the file is in {expected}: check its accents"
        ).format(found=ENCODING_NAMES[kind], expected=ENCODING_NAMES[base])
    other = "cp1252" if base == "utf-8" else "utf-8"
    encoding = "utf-8-sig" if bom else base
    return _checked(Lines(texts, encoding, problems, frozenset(odd), other if odd else ""))


# A line's kind ('' for ASCII, '?' for neither UTF-8 nor Windows-1252) → the codec it is read
# with (a line of neither is rejected; its text only goes to the rejects file).
_CODECS = {"": "ascii", "utf-8": "utf-8", "cp1252": "cp1252", "?": "cp1252"}

# What a line's UTF-8 reading holds when it truly is UTF-8 in a guest list: Latin letters and
# their accents (apart too, as macOS writes them), punctuation (’ « » …), currency (€),
# letterlike signs (№), symbols and emoji of notes. Windows-1252 text that happens to be valid
# UTF-8 spells something else: 'çŒŒ' is the UTF-8 of '猌', 'café »' (no-break space) of '頻'.
_NOT_LATIN = re.compile(
    "[^\x00-\x7f\xa0-\u024f"  # ASCII, Latin-1 (no control), Latin Extended-A and -B
    "\u0300-\u036f"  # combining accents
    "\u1e00-\u1eff"  # Latin Extended Additional (Vietnamese names: Nguyễn)
    "\u2000-\u214f"  # punctuation, super- and subscripts, currency, letterlike
    "\u2600-\u27bf\U0001f300-\U0001faff]"  # symbols, dingbats (☎ ✓ ★) and emoji
)


def _kind(line: bytes) -> str:
    """'' for plain ASCII, else 'utf-8', 'cp1252', '?' (neither) or 'either': valid in both,
    its UTF-8 reading not Latin text (Windows-1252 by accident, or CJK written in UTF-8)."""
    if line.isascii():
        return ""
    cp1252 = "\ufffd" not in line.decode("cp1252", errors="replace")  # 5 bytes are undefined
    try:
        utf8 = line.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252" if cp1252 else "?"
    return "either" if cp1252 and _NOT_LATIN.search(utf8) else "utf-8"


def _mostly_utf8(kinds: list[str]) -> bool:
    """Whether most lines with accents read as UTF-8, those that read both ways included (a
    file of Chinese names stays UTF-8); a tie only when one plainly is UTF-8."""
    plain = kinds.count("utf-8")
    votes = plain + kinds.count("either")
    others = kinds.count("cp1252") + kinds.count("?")
    return votes > others or (votes == others and plain > 0)


def _split(text: str) -> list[str]:
    """Physical lines with their endings, split where the csv module ends lines (\\r\\n, \\n
    or \\r), never at the other line separators str.splitlines knows."""
    return list(io.StringIO(text, newline=""))


def _checked(lines: Lines) -> Lines:
    """`lines` with the NUL characters and the overlong lines added to its problems."""
    for index, text in enumerate(lines.texts):
        if index in lines.problems:
            continue
        if "\x00" in text:
            lines.problems[index] = _("this line holds a NUL character: the file may be damaged")
        elif len(text) > MAX_LINE_CHARS:
            lines.problems[index] = _(
                "this line is too long ({count} characters, at most {limit})"
            ).format(count=number(len(text)), limit=number(MAX_LINE_CHARS))
    return lines


# --- the delimiter and the header row ------------------------------------------------------


def _sample(texts: list[str], delimiter: str) -> list[tuple[list[str], int]]:
    """The first rows (cells, physical line where the row ends) read with `delimiter`."""
    reader = csv.reader(texts[:_SAMPLE_LINES], delimiter=delimiter)
    rows: list[tuple[list[str], int]] = []
    try:
        for cells in reader:
            rows.append((cells, reader.line_num))
            if len(rows) >= HEADER_SEARCH_LINES + _SAMPLE_ROWS:
                break
    except csv.Error:
        pass  # a malformed sample only makes this delimiter less likely
    return rows


def _find_header(rows: list[tuple[list[str], int]]) -> tuple[int, HeaderMap] | None:
    """The first of the leading rows whose headers name a first, last or full name."""
    for index, (cells, _line) in enumerate(rows[:HEADER_SEARCH_LINES]):
        fields = map_headers(cells)
        if fields.has_name:
            return index, fields
    return None


def read_table(data: bytes) -> Table:
    """Decode `data` and find its delimiter and header row, or NotAGuestList."""
    check_is_text(data)
    lines = decode_lines(data)
    best: tuple[tuple[int, int], str, int, HeaderMap, list[tuple[list[str], int]]] | None = None
    for delimiter in DELIMITERS:
        rows = _sample(lines.texts, delimiter)
        found = _find_header(rows)
        if found is None:
            continue
        index, fields = found
        width = len(rows[index][0])
        consistent = sum(1 for cells, _line in rows[index + 1 :] if len(cells) == width)
        # More recognised columns first, then rows of the header's width: a name containing a
        # comma must not make ',' win over the real ';'.
        score = (len(fields.columns) + width, consistent)
        if best is None or score > best[0]:
            best = (score, delimiter, index, fields, rows)
    if best is None:
        first = next((line for line in lines.texts if line.strip()), "")
        raise NotAGuestList(
            _(
                "no column holds a first or last name (looked for headers such as Prénom, Nom, "
                "First name, Last name); its first line is {line}"
            ).format(line=quoted(first.strip()[:80]))
        )
    _score, delimiter, index, fields, rows = best
    headers, header_line = rows[index]
    _refuse_garbled_headers(fields.ignored)
    return Table(lines.encoding, delimiter, headers, header_line, fields, lines)


def _refuse_garbled_headers(ignored: Sequence[str]) -> None:
    """A header left aside that names a field once its encoding is repaired ('PrÃ©nom' is
    'Prénom' written in UTF-8 and read as Windows-1252): its column would be lost unseen."""
    for header in ignored:
        for codec in ("cp1252", "latin-1"):
            try:
                repaired = header.encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if repaired != header and field_for(repaired) is not None:
                raise NotAGuestList(
                    _(
                        "its header {header} is {repaired} in the wrong encoding: save the "
                        "file again as UTF-8"
                    ).format(header=quoted(header), repaired=quoted(repaired))
                )
            break
