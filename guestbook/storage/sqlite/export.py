"""Reading guests for an export: filtered, in name order, streamed in batches of raw tuples.

Exports go through the DB-API cursor (`exec_driver_sql`, then fetchmany on its cursor): no ORM
objects and no SQLAlchemy row objects, so a million guests stream with flat memory. Allergies
live in their own table and no statement here reads it: no export can carry them.

`csv_cells` is the CSV's fast path: every cell formatted and neutralised inside SQLite, so
Python only hands batches of ready tuples to csv.writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.records import ExportFilters, GuestRecord
from guestbook.domain.spreadsheet import FORMULA_STARTS
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.storage.sqlite.raw import rows as raw_rows

FETCH_ROWS = 5000
_SEPARATOR = "\x1f"  # between phones or emails in one aggregated column; never in either

# The partner: the linked guest's name while that guest exists, else the name as typed.
PARTNER_SQL = (
    "CASE WHEN p.id IS NOT NULL AND p.erased_at IS NULL "
    "THEN trim(p.first_name || ' ' || p.last_name) ELSE nullif(g.partner_name, '') END"
)
FROM_SQL = "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id"
ORDER_SQL = "ORDER BY g.name_key, g.id"


def where(filters: ExportFilters) -> tuple[str, list[Any]]:
    clauses = ["g.erased_at IS NULL"]
    params: list[Any] = []
    if filters.consent is not None:
        if filters.consent not in CHANNELS:
            raise UserError(
                _("unknown consent channel {channel!r}: use one of {channels}").format(
                    channel=filters.consent, channels=", ".join(CHANNELS)
                )
            )
        clauses.append(f"g.consent_{filters.consent} = 1")
    if filters.postcode:
        clauses.append("substr(g.postcode, 1, ?) = ?")
        params += [len(filters.postcode), filters.postcode]
    if filters.visited_since is not None:
        clauses.append("g.last_visit_on >= ?")
        params.append(filters.visited_since.isoformat())
    if filters.visited_until is not None:
        clauses.append("g.last_visit_on <= ?")
        params.append(filters.visited_until.isoformat())
    if filters.has_birthday:
        clauses.append("g.birth_month IS NOT NULL")
    return " AND ".join(clauses), params


def phones_sql(separator: str) -> str:
    return (
        f"(SELECT group_concat(e164, '{separator}') FROM "
        "(SELECT e164 FROM phone WHERE guest_id = g.id ORDER BY position, id))"
    )


def emails_sql(separator: str, cell: str = "address") -> str:
    return (
        f"(SELECT group_concat({cell}, '{separator}') FROM "
        "(SELECT address FROM email WHERE guest_id = g.id ORDER BY position, id))"
    )


def count_guests(connection: Connection, filters: ExportFilters) -> int:
    clause, params = where(filters)
    ((count,),) = raw_rows(
        connection, f"SELECT count(*) FROM guest g WHERE {clause}", tuple(params)
    )
    return int(count or 0)


def _stream(connection: Connection, sql: str, params: list[Any]) -> Iterator[Sequence[Any]]:
    """Batches of raw DBAPI rows: `sql` is read through the driver's own cursor."""
    cursor = connection.exec_driver_sql(sql, tuple(params)).cursor
    try:
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield batch
    finally:
        cursor.close()


def guest_records(connection: Connection, filters: ExportFilters) -> Iterator[list[GuestRecord]]:
    """Batches of GuestRecord, in the guest list's order (last name, first name)."""
    clause, params = where(filters)
    sql = (
        f"SELECT g.id, g.first_name, g.last_name, {phones_sql(_SEPARATOR)}, "
        f"{emails_sql(_SEPARATOR)}, g.birth_day, g.birth_month, g.birth_year, {PARTNER_SQL}, "
        "g.address, g.postcode, g.notes, g.preferences, "
        + ", ".join(f"g.consent_{channel}" for channel in CHANNELS)
        + ", g.last_visit_on, g.visit_count, p.id IS NOT NULL AND p.erased_at IS NULL "
        + f"{FROM_SQL} WHERE {clause} {ORDER_SQL}"
    )
    for batch in _stream(connection, sql, params):
        yield [_record(row) for row in batch]


def _record(row: Any) -> GuestRecord:
    (guest_id, first, last, phones, emails, day, month, year, partner, address, postcode,
     notes, preferences, call, sms, email, post, last_visit, visits,
     partner_is_guest) = row  # fmt: skip
    return GuestRecord(
        id=guest_id,
        first_name=first,
        last_name=last,
        phones=tuple(phones.split(_SEPARATOR)) if phones else (),
        emails=tuple(emails.split(_SEPARATOR)) if emails else (),
        birthday=Birthday(day, month, year) if day and month else None,
        partner=partner,
        address=address,
        postcode=postcode,
        notes=notes,
        preferences=preferences,
        consent={
            channel: None if value is None else bool(value)
            for channel, value in zip(CHANNELS, (call, sms, email, post), strict=True)
        },
        last_visit_on=None if last_visit is None else str(last_visit),
        visit_count=visits,
        partner_is_guest=bool(partner_is_guest),
    )


# --- the CSV's cells, made by SQLite ------------------------------------------------------------


def neutralise_sql(expression: str) -> str:
    """domain.spreadsheet.neutralise as an SQLite expression over a text column (never the
    phones: they are E.164, written as they are)."""
    starts = ", ".join(f"char({ord(char)})" for char in FORMULA_STARTS)
    quote = "''''"  # an SQL string holding one apostrophe
    return (
        f"CASE WHEN substr({expression}, 1, 1) IN ({starts}) "
        f"THEN {quote} || {expression} ELSE {expression} END"
    )


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def cells_sql(clause: str, *, list_separator: str, yes: str, no: str) -> str:
    """One row of finished cells per guest: names, phones, emails, the birthday's day, month
    and year (numbers, '' when unknown: exchange.export_csv says why), partner, address,
    postcode, notes, preferences, consent per channel (`yes`, `no` or ''), last visit, visits;
    every text cell neutralised."""
    n = neutralise_sql
    consent = [
        f"CASE g.consent_{channel} WHEN 1 THEN {_text(yes)} WHEN 0 THEN {_text(no)} ELSE '' END"
        for channel in CHANNELS
    ]
    columns = [
        n("g.first_name"),
        n("g.last_name"),
        phones_sql(list_separator),  # E.164 only: phone numbers are never neutralised
        emails_sql(list_separator, cell=n("address")),
        "coalesce(g.birth_day, '')",
        "coalesce(g.birth_month, '')",
        "coalesce(g.birth_year, '')",
        n(PARTNER_SQL),
        n("g.address"),
        n("g.postcode"),
        n("g.notes"),
        n("g.preferences"),
        *consent,
        "g.last_visit_on",
        "g.visit_count",
    ]
    return f"SELECT {', '.join(columns)} {FROM_SQL} WHERE {clause} {ORDER_SQL}"


def csv_cells(
    connection: Connection, filters: ExportFilters, *, list_separator: str, yes: str, no: str
) -> Iterator[Sequence[Any]]:
    """Batches of finished cell rows (cells_sql), in the guest list's order."""
    clause, params = where(filters)
    sql = cells_sql(clause, list_separator=list_separator, yes=yes, no=no)
    yield from _stream(connection, sql, params)
