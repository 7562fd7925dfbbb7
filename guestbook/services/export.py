"""Exporting the guest list to a spreadsheet, a phone, a calendar or a script.

Every file is written 0600 under a temporary name and renamed at the end (exchange.atomic), rows
are streamed from the database in batches, and the work reports progress and can be cancelled
between batches, leaving no file behind. Allergies are never exported: no export statement
reads them (storage.sqlite.export).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.guest_form import postcode_prefix_problem
from guestbook.domain.records import ExportFilters
from guestbook.errors import UserError
from guestbook.exchange.atomic import private_temporary, private_text_file
from guestbook.exchange.export_csv import LIST_SEPARATOR, consent_words
from guestbook.exchange.formats import DELIMITERS, FORMATS, Format, WriteOptions, default_file_name
from guestbook.i18n import _, quoted
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.rights import audit
from guestbook.storage.sqlite import export as sql

__all__ = ["ExportExists", "ExportFilters", "ExportResult", "default_file_name", "export_guests"]


class ExportExists(UserError):
    """The file to write exists: an export replaces a file only when asked to (the app asks
    the owner, the CLI wants --force)."""

    def __init__(self, path: Path) -> None:
        super().__init__(_("{path} already exists: nothing was written over it").format(path=path))
        self.path = path


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    # Guests written; for ics, the guests with a birthday (an event a year each, two for a 29
    # February under the mar1 rule: exchange.export_ics).
    guests: int


def export_guests(
    services: Services,
    path: Path,
    *,
    fmt: str = "csv",
    filters: ExportFilters | None = None,
    delimiter: str = ";",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    overwrite: bool = False,
) -> ExportResult:
    """Write the guests `filters` select to `path` in format `fmt`; UserError for a bad option
    or an unwritable path, ExportExists if `path` exists and `overwrite` is not set, Cancelled
    if `cancel()` turns true (no file is left then)."""
    chosen = FORMATS.get(fmt)
    if chosen is None:
        raise UserError(
            _("unknown format {format}: use one of {formats}").format(
                format=quoted(fmt), formats=", ".join(FORMATS)
            )
        )
    if delimiter not in DELIMITERS:
        raise UserError(
            _("the CSV delimiter must be one of {delimiters}").format(
                delimiters=" ".join(DELIMITERS)
            )
        )
    filters = filters or ExportFilters()
    # A prefix no postcode can start with would write an empty file as if no one matched.
    if filters.postcode and (
        problem := postcode_prefix_problem(filters.postcode, services.settings.phone_region)
    ):
        raise UserError(problem)
    if not overwrite and os.path.lexists(path) and not path.is_dir():
        raise ExportExists(path)
    if chosen.birthdays_only:
        filters = dataclasses.replace(filters, has_birthday=True)
    options = WriteOptions(
        services.clock.today(), services.clock.now(), services.settings, delimiter
    )

    def work(connection: Connection) -> int:
        total = sql.count_guests(connection, filters)
        report(progress, 0, total)

        def on_batch(done: int) -> None:
            check_cancel(cancel)
            report(progress, done, total)

        return _write(chosen, _rows(connection, chosen, filters), path, options, on_batch)

    try:
        written = services.read(work)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=path, error=error.strerror or error)
        ) from None
    # Guests' data left guestbook: the audit says when, by whom, how many, into which file.
    audit.record_now(services, "export", guests=written, detail=_audit_detail(path, fmt, filters))
    return ExportResult(path, fmt, written)


def _audit_detail(path: Path, fmt: str, filters: ExportFilters) -> str:
    """'guests.csv (csv; consent=sms, postcode=690)': the file and who went in it (English,
    stable: the audit is read as written)."""
    chosen = [
        f"{name}={value}"
        for name, value in dataclasses.asdict(filters).items()
        if value not in (None, False)
    ]
    return f"{path.name} ({'; '.join([fmt, ', '.join(chosen)]) if chosen else fmt})"


def _rows(connection: Connection, chosen: Format, filters: ExportFilters) -> Iterable[Any]:
    if chosen.reads == "cells":
        # The consent cells in the export's language, as its headers (export_csv.headers).
        yes, no = consent_words()
        return sql.csv_cells(connection, filters, list_separator=LIST_SEPARATOR, yes=yes, no=no)
    return sql.guest_records(connection, filters)


def _write(
    chosen: Format,
    batches: Iterable[Any],
    path: Path,
    options: WriteOptions,
    on_batch: Callable[[int], None],
) -> int:
    if chosen.write_file is not None:
        with private_temporary(path) as temporary:
            return chosen.write_file(batches, temporary, options, on_batch)
    assert chosen.write_text is not None and chosen.encoding is not None
    with private_text_file(path, encoding=chosen.encoding) as handle:
        return chosen.write_text(batches, handle, options, on_batch)
