"""`guestbook export`: the guest list out to a spreadsheet, a phone, a calendar or a script.

Every file is written 0600 under a temporary name and renamed at the end (atomic.py), rows are
streamed from the database in batches, and the work reports progress and can be cancelled
between batches, leaving no file behind. Allergies are never exported (guest_rows.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy import Connection

from guestbook.errors import UserError
from guestbook.exchange.atomic import private_temporary, private_text_file
from guestbook.exchange.export_csv import DELIMITERS, write_csv
from guestbook.exchange.guest_rows import ExportFilters, count_guests
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services

__all__ = ["FORMATS", "ExportFilters", "ExportResult", "default_file_name", "export_guests"]

FORMATS = ("csv", "xlsx", "vcf", "ics", "json")


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    guests: int  # guests written (for ics: guests with a birthday, one event each)


def default_file_name(fmt: str, today: dt.date) -> str:
    return f"guestbook-export-{today.isoformat()}.{fmt}"


def export_guests(
    services: Services,
    path: Path,
    *,
    fmt: str = "csv",
    filters: ExportFilters | None = None,
    delimiter: str = ";",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ExportResult:
    """Write the guests `filters` select to `path` in format `fmt`; UserError for a bad option
    or an unwritable path, Cancelled if `cancel()` turns true (no file is left then)."""
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if delimiter not in DELIMITERS:
        raise UserError(f"the CSV delimiter must be one of {' '.join(DELIMITERS)}")
    filters = filters or ExportFilters()
    if fmt == "ics":
        filters = replace(filters, has_birthday=True)  # a calendar holds birthdays only
    with services.engine.connect() as connection:
        total = count_guests(connection, filters)
        report(progress, 0, total)

        def on_batch(done: int) -> None:
            check_cancel(cancel)
            report(progress, done, total)

        try:
            written = _write(services, connection, fmt, filters, path, delimiter, on_batch)
        except OSError as error:
            raise UserError(f"cannot write {path}: {error.strerror or error}") from None
    return ExportResult(path, fmt, written)


def _write(
    services: Services,
    connection: Connection,
    fmt: str,
    filters: ExportFilters,
    path: Path,
    delimiter: str,
    on_batch: Callable[[int], None],
) -> int:
    # Each format's library is imported only when that format is asked for.
    if fmt == "xlsx":
        from guestbook.exchange.export_xlsx import write_xlsx

        with private_temporary(path) as temporary:
            return write_xlsx(connection, filters, temporary, on_batch=on_batch)
    # UTF-8 with a BOM for CSV, so Excel shows accents; plain UTF-8 for the rest.
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    with private_text_file(path, encoding=encoding) as handle:
        if fmt == "csv":
            return write_csv(connection, filters, handle, delimiter=delimiter, on_batch=on_batch)
        if fmt == "vcf":
            from guestbook.exchange.export_vcard import write_vcard

            return write_vcard(connection, filters, handle, on_batch=on_batch)
        if fmt == "ics":
            from guestbook.exchange.export_ics import write_ics

            return write_ics(
                connection,
                filters,
                handle,
                settings=services.settings,
                today=services.clock.today(),
                now=services.clock.now(),
                on_batch=on_batch,
            )
        from guestbook.exchange.export_json import write_json

        return write_json(connection, filters, handle, on_batch=on_batch)
