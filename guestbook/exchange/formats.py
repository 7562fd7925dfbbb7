"""The export formats: one registry read by the CLI's choices, the export dialog and the export
use case. A format says what it is called, what it reads from the database (GuestRecords, or
the CSV's finished cells) and which function writes it; its library is imported only when the
format is asked for.

Adding a format: its writer module here, one entry in FORMATS, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

from guestbook.domain.records import GuestRecord
from guestbook.i18n import N_
from guestbook.settings import Settings

OnBatch = Callable[[int], None]


@dataclass(frozen=True)
class WriteOptions:
    """What some writers need besides the rows: the CSV's delimiter, the calendar's settings
    and dates."""

    today: dt.date
    now: dt.datetime
    settings: Settings = field(default_factory=Settings)
    delimiter: str = ";"


TextWriter = Callable[[Iterable[Any], IO[str], WriteOptions, OnBatch], int]
FileWriter = Callable[[Iterable[Any], Path, WriteOptions, OnBatch], int]


@dataclass(frozen=True)
class Format:
    key: str  # the file suffix, and the CLI's --format value
    label: str  # in the export dialog (marked N_: translate it where it is shown)
    reads: Literal["records", "cells"]  # GuestRecord batches, or the CSV's finished cells
    encoding: str | None  # a text file's; None for a format that writes its own file (XLSX)
    write_text: TextWriter | None = None
    write_file: FileWriter | None = None
    birthdays_only: bool = False  # a calendar holds birthdays only
    # What the file holds, in "Exported 12 guests" (plural, marked N_: translate it where shown).
    noun: str = N_("guests")


def _csv(
    batches: Iterable[Sequence[Sequence[Any]]],
    handle: IO[str],
    options: WriteOptions,
    on_batch: OnBatch,
) -> int:
    from guestbook.exchange.export_csv import write_csv

    return write_csv(batches, handle, delimiter=options.delimiter, on_batch=on_batch)


def _xlsx(
    batches: Iterable[list[GuestRecord]], path: Path, options: WriteOptions, on_batch: OnBatch
) -> int:
    from guestbook.exchange.export_xlsx import write_xlsx

    return write_xlsx(batches, path, on_batch=on_batch)


def _vcard(
    batches: Iterable[list[GuestRecord]], handle: IO[str], options: WriteOptions, on_batch: OnBatch
) -> int:
    from guestbook.exchange.export_vcard import write_vcard

    return write_vcard(batches, handle, on_batch=on_batch)


def _ics(
    batches: Iterable[list[GuestRecord]], handle: IO[str], options: WriteOptions, on_batch: OnBatch
) -> int:
    from guestbook.exchange.export_ics import write_ics

    return write_ics(
        batches,
        handle,
        settings=options.settings,
        today=options.today,
        now=options.now,
        on_batch=on_batch,
    )


def _json(
    batches: Iterable[list[GuestRecord]], handle: IO[str], options: WriteOptions, on_batch: OnBatch
) -> int:
    from guestbook.exchange.export_json import write_json

    return write_json(batches, handle, on_batch=on_batch)


FORMATS: dict[str, Format] = {
    # UTF-8 with a BOM for CSV, so Excel shows accents; plain UTF-8 for the rest.
    "csv": Format("csv", N_("CSV for other systems"), "cells", "utf-8-sig", write_text=_csv),
    "xlsx": Format(
        "xlsx", N_("Excel or LibreOffice workbook (XLSX)"), "records", None, write_file=_xlsx
    ),
    "vcf": Format("vcf", N_("Contacts for a phone (vCard)"), "records", "utf-8", write_text=_vcard),
    "ics": Format(
        "ics",
        N_("Birthday calendar (iCalendar)"),
        "records",
        "utf-8",
        write_text=_ics,
        birthdays_only=True,
        noun=N_("birthdays"),
    ),
    "json": Format("json", N_("JSON (guestbook, scripts)"), "records", "utf-8", write_text=_json),
}
DELIMITERS = (";", ",")


def default_file_name(key: str, today: dt.date) -> str:
    return f"guestbook-export-{today.isoformat()}.{key}"
