"""XLSX export: the CSV's columns in a sheet (more past 1,048,576 rows), written as
SpreadsheetML straight into the zip.

Why no library: at 100,000 guests the export must take at most 3× the CSV export of the same
run (issue 14). Writing the same 20,000 demo rows on this project's machine took: openpyxl's
write-only mode (used until then) 7.1 s, XlsxWriter's constant_memory mode 2.2 s (~10 s at
100,000, where the whole CSV export takes 1.4-2.4 s), PyExcelerate 2.4 s (and it holds the
whole sheet in memory), the writer below 0.23 s. A sheet of plain cells is little XML; what
the libraries spend is per-cell objects and checks this sheet does not need. The whole export
of 100,000 guests: 19 s before, 3.5 s now (benchmarks/bench_exchange.py: 2.6× the CSV export).

What is written is the smallest package Excel, LibreOffice and openpyxl open, modelled on what
XlsxWriter writes: content types, relationships, the workbook, a style sheet with one number
format, and a worksheet (one more for each 1,048,575 guests) whose strings are inline (<is>,
as XlsxWriter's constant_memory mode writes them), so no shared-string table is held until the
end. The tests read it back with openpyxl (an independent reader), cell for cell against the
CSV. Those parts, and the cells'
escaping below, are exchange.xlsx_package's, shared with the owner's report (report_xlsx).

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
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from guestbook.domain.records import GuestRecord
from guestbook.exchange.export_csv import (
    BIRTHDAY_COLUMNS,
    XLSX_HEADERS,
    headers,
    record_cells,
)
from guestbook.exchange.xlsx_package import (
    COLUMNS,
    COMPRESS_LEVEL,
    DATE_FORMAT,
    ROOT_RELS,
    SHEET_END,
    CellStyle,
    content_types,
    row,
    sheet_name,
    sheet_start,
    styles,
    workbook,
    workbook_rels,
)
from guestbook.i18n import _

# Rows of one sheet, header included: Excel's limit (and LibreOffice's since 7.4; 1,048,576).
SHEET_ROWS = 1_048_576
_BIRTHDAY = XLSX_HEADERS.index("Birthday")
_STYLES = styles([CellStyle(DATE_FORMAT)])  # style 1: the day-first date
assert len(XLSX_HEADERS) <= len(COLUMNS)  # one letter a column


def write_xlsx(
    batches: Iterable[list[GuestRecord]],
    path: Path,
    *,
    on_batch: Callable[[int], None],
) -> int:
    """Write the sheets to `path` (the export's private temporary file); returns the number of
    guests written. Guests beyond a sheet's SHEET_ROWS go on to the next sheet ("Guests 2"…),
    each with the header row."""
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        written, sheets = _write_sheets(archive, batches, on_batch)
        # The package's parts name the sheets, so they come once every sheet is written (a
        # zip is read through its central directory: the order of its entries is free).
        names = [_("Guests")] + [
            _("Guests {number}").format(number=n) for n in range(2, sheets + 1)
        ]
        archive.writestr("[Content_Types].xml", content_types(sheets))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook([sheet_name(name) for name in names]))
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels(sheets))
        archive.writestr("xl/styles.xml", _STYLES)
    return written


def _write_sheets(
    archive: zipfile.ZipFile,
    batches: Iterable[list[GuestRecord]],
    on_batch: Callable[[int], None],
) -> tuple[int, int]:
    """The guests' rows into sheet1.xml, sheet2.xml…; (guests written, sheets written)."""
    per_sheet = SHEET_ROWS - 1  # the first row of each is the header
    written, sheets = 0, 1
    sheet = _open_sheet(archive, 1)
    try:
        for batch in batches:
            while batch:
                room = sheets * per_sheet - written
                if not room:  # this sheet is full: the next one
                    sheet.write(SHEET_END.encode())
                    sheet.close()
                    sheets += 1
                    sheet = _open_sheet(archive, sheets)
                    room = per_sheet
                part, batch = batch[:room], batch[room:]
                first = written - (sheets - 1) * per_sheet + 2  # after the header
                # One write per batch: the rows are joined first (the export's hot loop).
                sheet.write(
                    "".join(
                        row(number, xlsx_cells(record))
                        for number, record in enumerate(part, start=first)
                    ).encode()
                )
                written += len(part)
            on_batch(written)
        sheet.write(SHEET_END.encode())
    finally:
        sheet.close()
    return written, sheets


def _open_sheet(archive: zipfile.ZipFile, number: int) -> IO[bytes]:
    # No Zip64 (which some readers refuse): a sheet of Excel's 1,048,576 rows is ~600 MB of
    # XML, under the 2 GiB a plain zip entry holds.
    sheet = archive.open(f"xl/worksheets/sheet{number}.xml", "w")
    sheet.write((sheet_start(selected=number == 1) + row(1, headers(XLSX_HEADERS))).encode())
    return sheet


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
