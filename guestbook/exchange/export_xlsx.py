"""XLSX export: the CSV's columns in one sheet, through openpyxl's write-only (streaming) mode.

openpyxl would store a text starting with '=' as a formula: the cells are neutralised exactly
as in the CSV, so every one of them is a plain string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook

from guestbook.domain.records import GuestRecord
from guestbook.exchange.export_csv import headers, record_cells
from guestbook.i18n import _


def write_xlsx(
    batches: Iterable[list[GuestRecord]],
    path: Path,
    *,
    on_batch: Callable[[int], None],
) -> int:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Guests"))
    sheet.append(headers())
    written = 0
    for batch in batches:
        for record in batch:
            sheet.append(record_cells(record))
        written += len(batch)
        on_batch(written)
    workbook.save(path)
    return written
