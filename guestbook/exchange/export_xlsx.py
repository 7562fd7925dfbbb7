"""XLSX export: the CSV's columns in one sheet, written as SpreadsheetML straight into the zip.

Why no library: at 100,000 guests the export must take at most 3× the CSV export of the same
run (issue 14). Writing the same 20,000 demo rows on this project's machine took: openpyxl's
write-only mode (used until then) 7.1 s, XlsxWriter's constant_memory mode 2.2 s (~10 s at
100,000, where the whole CSV export takes 1.4-2.4 s), PyExcelerate 2.4 s (and it holds the
whole sheet in memory), the writer below 0.23 s. A sheet of plain cells is little XML; what
the libraries spend is per-cell objects and checks this sheet does not need. The whole export
of 100,000 guests: 19 s before, 3.5 s now (benchmarks/bench_exchange.py: 2.6× the CSV export).

What is written is the smallest package Excel, LibreOffice and openpyxl open, modelled on what
XlsxWriter writes: content types, relationships, the workbook, a style sheet with one number
format, and one worksheet whose strings are inline (<is>, as XlsxWriter's constant_memory mode
writes them), so no shared-string table is held until the end. The tests read it back with
openpyxl (an independent reader), cell for cell against the CSV.

- No formula, ever: a cell is a number, a date (a number with the day-first style) or an inline
  string; a text starting with '=' is stored as text whatever it says. The cells are
  neutralised exactly as in the CSV all the same (export_csv.record_cells), so the sheet saved
  as CSV by a spreadsheet is safe too.
- Dates are date cells shown day first (a birthday with its year, the last visit); a birthday
  without a year is the text '12/03', which a workbook keeps as written.
- Text is escaped for XML (& < >) and the way Excel does for what XML cannot hold: a control
  character is written _xHHHH_, and a text that itself looks like _xHHHH_ gets its underscore
  escaped (_x005F_), so Excel reads back exactly what was written (openpyxl refused control
  characters: such a note made the export fail).
- Privacy: the sheet is deflated as it is written into the export's own temporary file
  (exchange.atomic, 0600, renamed at the end): no spool file, no temp folder, nothing with a
  guest's data anywhere else, and a kill leaves only that `.NAME.partial`, which the next
  export to the folder removes.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from guestbook.domain.records import GuestRecord
from guestbook.exchange.export_csv import (
    BIRTHDAY_COLUMNS,
    XLSX_HEADERS,
    headers,
    record_cells,
)
from guestbook.i18n import _

DATE_FORMAT = "DD/MM/YYYY"  # day first, as the app and the import read dates
_BIRTHDAY = XLSX_HEADERS.index("Birthday")
_DATE_STYLE = 1  # the index of the day-first date format in cellXfs below
# Deflate's fastest level: the sheet is ~3× bigger in XML than in CSV, and level 6 took twice as
# long for a file 10% smaller.
_COMPRESS_LEVEL = 1
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 (1900 date system, Excel's 1900 leap bug aside)
_SHEET_NAME_LIMIT = 31  # characters; and none of \ / ? * [ ] :

# What needs more than copying into an XML text node: & < >, a character XML 1.0 cannot hold,
# and text that reads as Excel's own escape (_xHHHH_).
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_SPACES = " \t\n\r"  # leading or trailing: kept only with xml:space="preserve"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK_RELS = (
    _XML + f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_RELS}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
    '<bookViews><workbookView activeTab="0"/></bookViews>'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_STYLES = (
    _XML + f'<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="1"><numFmt numFmtId="164" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    "</cellStyles></styleSheet>"
)
_SHEET_START = (
    _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData>'
)
_SHEET_END = "</sheetData></worksheet>"


def write_xlsx(
    batches: Iterable[list[GuestRecord]],
    path: Path,
    *,
    on_batch: Callable[[int], None],
) -> int:
    """Write the sheet to `path` (the export's private temporary file); returns the number of
    guests written."""
    written = 0
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=_COMPRESS_LEVEL
    ) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=_attribute(_sheet_name())))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        # No Zip64 (which some readers refuse): a sheet of Excel's 1,048,576 rows is ~600 MB of
        # XML, under the 2 GiB a plain zip entry holds.
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write((_SHEET_START + _row(1, headers(XLSX_HEADERS))).encode())
            for batch in batches:
                sheet.write(
                    "".join(
                        _row(written + number, xlsx_cells(record))
                        for number, record in enumerate(batch, start=2)
                    ).encode()
                )
                written += len(batch)
                on_batch(written)
            sheet.write(_SHEET_END.encode())
    return written


def xlsx_cells(record: GuestRecord) -> list[object]:
    """The CSV's cells (export_csv.record_cells), the birthday in one cell and the dates as
    date cells."""
    cells: list[object] = list(record_cells(record))
    birthday = record.birthday
    one: object = ""
    if birthday is not None and birthday.year is not None:
        one = dt.date(birthday.year, birthday.month, birthday.day)
    elif birthday is not None:
        one = f"{birthday.day:02d}/{birthday.month:02d}"
    cells[_BIRTHDAY : _BIRTHDAY + len(BIRTHDAY_COLUMNS)] = [one]
    if record.last_visit_on:
        cells[-2] = dt.date.fromisoformat(record.last_visit_on)
    return cells


def _sheet_name() -> str:
    """The sheet's name in the export's language, as Excel allows it."""
    name = re.sub(r"[\\/?*\[\]:]", " ", _("Guests")).strip("'")
    return name[:_SHEET_NAME_LIMIT] or "Sheet1"


_COLUMNS = [chr(ord("A") + index) for index in range(26)]
assert len(XLSX_HEADERS) <= len(_COLUMNS)  # one letter a column


def _row(number: int, cells: Sequence[object]) -> str:
    """One <row> of the sheet. The hot loop of the export: strings are handled inline."""
    row = str(number)
    parts = [f'<row r="{row}">']
    append = parts.append
    # One search of the row's text tells whether any cell needs escaping (most rows: none).
    special = _SPECIAL.search("".join([value for value in cells if isinstance(value, str)]))
    for letter, value in zip(_COLUMNS, cells, strict=False):
        if isinstance(value, str):
            if not value:
                continue  # an empty cell is no cell
            if special and _SPECIAL.search(value):
                value = _SPECIAL.sub(_escape, value)
            if value[0] in _SPACES or value[-1] in _SPACES:  # kept only if asked to
                append(f'<c r="{letter}{row}" t="inlineStr"><is><t xml:space="preserve">')
                append(f"{value}</t></is></c>")
            else:
                append(f'<c r="{letter}{row}" t="inlineStr"><is><t>{value}</t></is></c>')
        elif isinstance(value, int):
            append(f'<c r="{letter}{row}"><v>{value}</v></c>')
        elif isinstance(value, dt.date):
            append(_date(f"{letter}{row}", value))
        elif value is not None:
            raise TypeError(f"no XLSX cell for {type(value).__name__}")
    append("</row>")
    return "".join(parts)


_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) > 1:  # text that reads as an escape: escape its underscore
        return "_x005F" + found
    return _ENTITIES.get(found) or f"_x{ord(found):04X}_"


def _date(reference: str, day: dt.date) -> str:
    if day.year < 1900:  # no date cell can hold it; the text can
        return (
            f'<c r="{reference}" t="inlineStr"><is><t>{day.day:02d}/{day.month:02d}/'
            f"{day.year:04d}</t></is></c>"
        )
    serial = (day - _EXCEL_EPOCH).days
    if serial < 61:  # Excel counts a 29 February 1900 that never was
        serial -= 1
    return f'<c r="{reference}" s="{_DATE_STYLE}"><v>{serial}</v></c>'


def _attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
