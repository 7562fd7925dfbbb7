"""Reading a CSV or TSV file from another system: its encoding, delimiter and header row.

Old systems write Windows-1252 or UTF-8 (with or without a BOM), separate with commas,
semicolons or tabs, and sometimes put a title line above the headers. Whatever cannot be read
as a table of text is refused with one message saying what the file seems to be.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from guestbook.exchange.headers import HeaderMap, map_headers
from guestbook.i18n import N_, _

DELIMITERS = (";", ",", "\t", "|")
HEADER_SEARCH_LINES = 10  # a title or a blank line or two may come before the headers
_SAMPLE_ROWS = 20

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


class NotAGuestList(ValueError):
    """The file cannot be read as a guest list; the message says why in plain words."""


@dataclass(frozen=True)
class Table:
    encoding: str  # the Python codec name that read it, e.g. 'utf-8-sig', 'cp1252'
    delimiter: str
    headers: list[str]
    header_line: int
    fields: HeaderMap
    text: str  # the decoded file, kept to iterate its rows once more

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) of every row after the headers that has any text in it."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        try:
            for cells in reader:
                if reader.line_num <= self.header_line:
                    continue
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, cells
        except csv.Error as error:
            raise NotAGuestList(
                _("line {line} cannot be read: {error}").format(line=reader.line_num, error=error)
            ) from None


def decode(data: bytes) -> tuple[str, str]:
    """(text, codec): BOMs first, then strict UTF-8, then Windows-1252."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            try:
                return data.decode(codec), codec
            except UnicodeDecodeError:
                raise NotAGuestList(_("it starts like a text file but is not valid text")) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise NotAGuestList(_("it is not text in UTF-8 or Windows-1252")) from None


def check_is_text(data: bytes) -> None:
    if not data.strip():
        raise NotAGuestList(_("it is empty"))
    for magic, why in _MAGIC:
        if data.startswith(magic):
            raise NotAGuestList(_(why))
    starts_utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in data[:65536] and not starts_utf16:
        raise NotAGuestList(_("it is a binary file, not a text table (CSV)"))


def _is_binary_text(text: str) -> bool:
    sample = text[:65536]
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return controls > max(2, len(sample) // 100)


def _sample(text: str, delimiter: str) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for cells in reader:
            rows.append(cells)
            if len(rows) >= HEADER_SEARCH_LINES + _SAMPLE_ROWS:
                break
    except csv.Error:
        pass  # a malformed sample only makes this delimiter less likely
    return rows


def _find_header(rows: list[list[str]]) -> tuple[int, HeaderMap] | None:
    """The first of the leading rows whose headers name a first, last or full name."""
    for index, cells in enumerate(rows[:HEADER_SEARCH_LINES]):
        fields = map_headers(cells)
        if fields.has_name:
            return index, fields
    return None


def read_table(data: bytes) -> Table:
    """Decode `data` and find its delimiter and header row, or NotAGuestList."""
    check_is_text(data)
    text, codec = decode(data)
    if _is_binary_text(text):
        raise NotAGuestList(_("it is a binary file, not a text table (CSV)"))
    best: tuple[tuple[int, int], str, int, HeaderMap, list[list[str]]] | None = None
    for delimiter in DELIMITERS:
        rows = _sample(text, delimiter)
        found = _find_header(rows)
        if found is None:
            continue
        index, fields = found
        width = len(rows[index])
        after = rows[index + 1 :]
        consistent = sum(1 for cells in after if len(cells) == width)
        # More recognised columns first, then rows of the header's width: a name containing a
        # comma must not make ',' win over the real ';'.
        score = (len(fields.columns) + width, consistent)
        if best is None or score > best[0]:
            best = (score, delimiter, index, fields, rows)
    if best is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        raise NotAGuestList(
            _(
                "no column holds a first or last name (looked for headers such as Prénom, Nom, "
                "First name, Last name); its first line is {line!r}"
            ).format(line=first[:80])
        )
    _score, delimiter, index, fields, rows = best
    header_line = _physical_line(text, delimiter, index)
    return Table(codec, delimiter, rows[index], header_line, fields, text)


def _physical_line(text: str, delimiter: str, record_index: int) -> int:
    """The line number where the header record ends (records may span lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for position, _cells in enumerate(reader):
        if position == record_index:
            return reader.line_num
    return 0
