"""XLSX export: the CSV's columns in one sheet, through openpyxl's write-only (streaming) mode.

openpyxl would store a text starting with '=' as a formula: the cells are neutralised exactly
as in the CSV, so every one of them is a plain string. Dates are date cells shown day first
(a birthday with its year, the last visit); a birthday without a year is the text '12/03',
which a workbook keeps as written (no guard needed: it is no formula).

The streaming mode spools the sheet through temporary files, which openpyxl makes in the system
temp folder (worksheet._writer.create_temporary_file): with every guest's name, phones and
address in them, they go instead in a private folder beside the file written (0700, files
0600), removed at the end and, after a kill, by the next export to that folder
(exchange.atomic). The folder is a context variable, so exports in several threads at once
each spool into their own, and any other use of openpyxl is left as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.worksheet import _writer as sheet_writer
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from guestbook.domain.records import GuestRecord
from guestbook.exchange.atomic import private_folder, spool_path
from guestbook.exchange.export_csv import (
    BIRTHDAY_COLUMNS,
    XLSX_HEADERS,
    headers,
    record_cells,
)
from guestbook.i18n import _

DATE_FORMAT = "DD/MM/YYYY"  # day first, as the app and the import read dates
_BIRTHDAY = XLSX_HEADERS.index("Birthday")

_spool: ContextVar[Path | None] = ContextVar("guestbook_xlsx_spool", default=None)
_openpyxl_temporary_file = sheet_writer.create_temporary_file


def _temporary_file(suffix: str = "") -> str:
    """openpyxl's create_temporary_file, in this thread's spool folder when it has one."""
    folder = _spool.get()
    if folder is None:
        return _openpyxl_temporary_file(suffix)
    fd, name = tempfile.mkstemp(suffix=suffix, prefix="sheet.", dir=folder)  # 0600, O_EXCL
    os.close(fd)
    sheet_writer.ALL_TEMP_FILES.append(name)  # as openpyxl does: its cleanup() expects it
    return name


sheet_writer.create_temporary_file = _temporary_file


@contextlib.contextmanager
def _spooling_beside(path: Path) -> Iterator[None]:
    with private_folder(spool_path(path)) as folder:
        token = _spool.set(folder)
        try:
            yield
        finally:
            _spool.reset(token)


def write_xlsx(
    batches: Iterable[list[GuestRecord]],
    path: Path,
    *,
    on_batch: Callable[[int], None],
) -> int:
    with _spooling_beside(path):
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Guests"))
        sheet.append(headers(XLSX_HEADERS))
        written = 0
        for batch in batches:
            for record in batch:
                sheet.append(xlsx_cells(sheet, record))
            written += len(batch)
            on_batch(written)
        workbook.save(path)
    return written


def xlsx_cells(sheet: WriteOnlyWorksheet, record: GuestRecord) -> list[object]:
    """The CSV's cells (export_csv.record_cells), the birthday in one cell and the dates as
    date cells."""
    cells: list[object] = list(record_cells(record))
    birthday = record.birthday
    one: object = ""
    if birthday is not None and birthday.year is not None:
        one = _date_cell(sheet, dt.date(birthday.year, birthday.month, birthday.day))
    elif birthday is not None:
        one = f"{birthday.day:02d}/{birthday.month:02d}"
    cells[_BIRTHDAY : _BIRTHDAY + len(BIRTHDAY_COLUMNS)] = [one]
    if record.last_visit_on:
        cells[-2] = _date_cell(sheet, dt.date.fromisoformat(record.last_visit_on))
    return cells


def _date_cell(sheet: WriteOnlyWorksheet, day: dt.date) -> Cell:
    cell = WriteOnlyCell(sheet)
    cell.value = day
    cell.number_format = DATE_FORMAT
    return cell
