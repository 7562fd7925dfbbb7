"""CSV export: UTF-8 with a BOM, ';' by default (French Excel), a header row, CRLF.

Every cell comes formatted and neutralised from the database (storage.sqlite.export.csv_cells),
so Python only hands batches of ready tuples to csv.writer: a million guests stay within 1.5×
of a bare dump. `record_cells` makes the same cells from a GuestRecord, for XLSX.

Headers and consent cells are in the language of the export (`headers()`, `consent_words()`);
the import reads them back in either language (exchange.headers, exchange.values).

A birthday is three number columns (day, month, year): a spreadsheet opening a CSV turns
'12/03' or '12 mars' into a date of the current year (a year the guest never gave, written
back if the sheet is saved), and '--03-12' into a formula; numbers it leaves alone, and the
import reads them back. The XLSX, whose cells carry their type, keeps one Birthday column.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from typing import IO, Any

from guestbook.domain.channels import CHANNELS, REGISTRY
from guestbook.domain.records import GuestRecord
from guestbook.domain.spreadsheet import neutralise
from guestbook.i18n import N_, _, pgettext

# The guest list's narrow column abbreviates "Last visit": the export's header has its own
# context, so the file says it in full (translated in `headers()`).
LAST_VISIT = "Last visit"

# In English, marked for the catalogue: `headers()` gives them in the export's language.
_NAMES = (N_("First name"), N_("Last name"), N_("Phones"), N_("Emails"))
BIRTHDAY_COLUMNS = (N_("Day of birth"), N_("Month of birth"), N_("Year of birth"))
HEADERS = (
    *_NAMES,
    *BIRTHDAY_COLUMNS,
    N_("Partner"),
    N_("Address"),
    N_("Postcode"),
    N_("Notes"),
    N_("Preferences"),
    *(channel.export_header for channel in REGISTRY),  # marked in domain.channels
    LAST_VISIT,
    N_("Visits"),
)
LIST_SEPARATOR = ", "  # between phones or emails in one cell
# Translators: a consent cell of a CSV or XLSX export (the import reads oui/non and yes/no).
YES, NO = N_("yes"), N_("no")  # consent cells; empty when never asked


# The XLSX's columns: the birthday in one (a date cell, or the text '12/03' without a year).
XLSX_HEADERS = (*_NAMES, N_("Birthday"), *HEADERS[len(_NAMES) + len(BIRTHDAY_COLUMNS) :])


def headers(columns: tuple[str, ...] = HEADERS) -> list[str]:
    """The header row (the CSV's, or XLSX_HEADERS), in the current language."""
    return [
        pgettext("export header", "Last visit") if header == LAST_VISIT else _(header)
        for header in columns
    ]


def consent_words() -> tuple[str, str]:
    """The consent cells' yes and no, in the current language."""
    return _(YES), _(NO)


def record_cells(record: GuestRecord) -> list[str | int]:
    """storage.sqlite.export.cells_sql's twin in Python, cell for cell; a test holds them
    together. The XLSX writes these but for the birthday and the last visit (export_xlsx)."""
    birthday = record.birthday
    yes, no = consent_words()
    return [
        neutralise(record.first_name),
        neutralise(record.last_name),
        LIST_SEPARATOR.join(record.phones),
        LIST_SEPARATOR.join(neutralise(email) for email in record.emails),
        birthday.day if birthday else "",
        birthday.month if birthday else "",
        (birthday.year or "") if birthday else "",
        neutralise(record.partner or ""),
        neutralise(record.address),
        neutralise(record.postcode),
        neutralise(record.notes),
        neutralise(record.preferences),
        *(_consent_text(record.consent[channel], yes, no) for channel in CHANNELS),
        record.last_visit_on or "",
        record.visit_count,
    ]


def _consent_text(value: bool | None, yes: str, no: str) -> str:
    return "" if value is None else yes if value else no


def write_csv(
    batches: Iterable[Sequence[Sequence[Any]]],
    handle: IO[str],
    *,
    delimiter: str = ";",
    on_batch: Callable[[int], None],
) -> int:
    """Write the header and every row of cells to `handle`; returns the number of rows.

    Every cell is quoted: LibreOffice opens a CSV splitting at commas, semicolons and tabs
    alike by default, and an unquoted 'Lyon, 2e étage' or '+33…, +33…' would push the rest of
    its row into the wrong columns (764 rows of 2,000 in the check of docs/spreadsheets.md)."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(headers())
    written = 0
    for batch in batches:
        writer.writerows(batch)
        written += len(batch)
        on_batch(written)
    return written
