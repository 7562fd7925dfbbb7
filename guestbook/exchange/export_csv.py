"""CSV export: UTF-8 with a BOM, ';' by default (French Excel), a header row, CRLF.

Every cell is formatted and neutralised inside SQLite (cells.neutralise_sql), so Python only
hands batches of ready tuples to csv.writer: a million guests stay within 1.5× of a bare dump.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from typing import IO

from sqlalchemy import Connection

from guestbook.exchange.cells import neutralise
from guestbook.exchange.cells import neutralise_sql as n
from guestbook.exchange.guest_rows import (
    FROM_SQL,
    ORDER_SQL,
    PARTNER_SQL,
    ExportFilters,
    GuestRecord,
    emails_sql,
    phones_sql,
    stream,
)
from guestbook.settings import CHANNELS

HEADERS = (
    "First name",
    "Last name",
    "Phones",
    "Emails",
    "Birthday",
    "Partner",
    "Address",
    "Postcode",
    "Notes",
    "Preferences",
    "Consent call",
    "Consent SMS",
    "Consent email",
    "Consent post",
    "Last visit",
    "Visits",
)
DELIMITERS = (";", ",")
LIST_SEPARATOR = ", "  # between phones or emails in one cell

_BIRTHDAY_SQL = (
    "CASE WHEN g.birth_month IS NULL THEN '' "
    "WHEN g.birth_year IS NULL THEN printf('--%02d-%02d', g.birth_month, g.birth_day) "
    "ELSE printf('%04d-%02d-%02d', g.birth_year, g.birth_month, g.birth_day) END"
)


def _consent_sql(channel: str) -> str:
    return f"CASE g.consent_{channel} WHEN 1 THEN 'yes' WHEN 0 THEN 'no' ELSE '' END"


def cells_sql(where: str) -> str:
    """One row of finished CSV cells per guest, in HEADERS order."""
    columns = [
        n("g.first_name"),
        n("g.last_name"),
        phones_sql(LIST_SEPARATOR),  # E.164 only: phone numbers are never neutralised
        emails_sql(LIST_SEPARATOR, cell=n("address")),
        n(_BIRTHDAY_SQL),  # a birthday without a year starts with '--'
        n(PARTNER_SQL),
        n("g.address"),
        n("g.postcode"),
        n("g.notes"),
        n("g.preferences"),
        *(_consent_sql(channel) for channel in CHANNELS),
        "g.last_visit_on",
        "g.visit_count",
    ]
    return f"SELECT {', '.join(columns)} {FROM_SQL} WHERE {where} {ORDER_SQL}"


def record_cells(record: GuestRecord) -> list[str | int]:
    """cells_sql's twin in Python (for XLSX), cell for cell; a test holds them together."""
    birthday = record.birthday.iso() if record.birthday else ""
    return [
        neutralise(record.first_name),
        neutralise(record.last_name),
        LIST_SEPARATOR.join(record.phones),
        LIST_SEPARATOR.join(neutralise(email) for email in record.emails),
        neutralise(birthday),
        neutralise(record.partner or ""),
        neutralise(record.address),
        neutralise(record.postcode),
        neutralise(record.notes),
        neutralise(record.preferences),
        *(_consent_text(record.consent[channel]) for channel in CHANNELS),
        record.last_visit_on or "",
        record.visit_count,
    ]


def _consent_text(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def write_csv(
    connection: Connection,
    filters: ExportFilters,
    handle: IO[str],
    *,
    delimiter: str = ";",
    on_batch: Callable[[int], None],
) -> int:
    """Write the header and every guest's row to `handle`; returns the number of guests."""
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    where, params = filters.where()
    written = 0
    for batch in stream(connection, cells_sql(where), params):
        writer.writerows(batch)
        written += len(batch)
        on_batch(written)
    return written
