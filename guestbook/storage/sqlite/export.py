"""Reading guests for an export: filtered, in name order, streamed in batches of raw tuples.

Exports go through the DB-API cursor (`exec_driver_sql`, then fetchmany on its cursor): no ORM
objects and no SQLAlchemy row objects, so a million guests stream with flat memory. On
PostgreSQL (issue 19) the cursor is a server-side one, which also hands the rows over batch by
batch. Allergies live in their own table and no statement here reads it: no export can carry
them.

`csv_cells` is the CSV's fast path: every cell formatted and neutralised inside the database,
so Python only hands batches of ready tuples to csv.writer. The statements are SQLite's; where
PostgreSQL needs other words (a boolean is no 0/1, a character is chr(), a list is
string_agg(), a cell is one type) they come from `Words`, so both engines make the same cells.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.records import ExportFilters, GuestRecord
from guestbook.domain.spreadsheet import FORMULA_STARTS
from guestbook.errors import UserError
from guestbook.i18n import _, quoted
from guestbook.storage.dialects import POSTGRESQL
from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.raw import rows as raw_rows

if TYPE_CHECKING:
    import psycopg

FETCH_ROWS = 5000
_SEPARATOR = "\x1f"  # between phones or emails in one aggregated column; never in either

# The partner: the linked guest's name while that guest exists, else the name as typed.
PARTNER_SQL = (
    "CASE WHEN p.id IS NOT NULL AND p.erased_at IS NULL "
    "THEN trim(p.first_name || ' ' || p.last_name) ELSE nullif(g.partner_name, '') END"
)
FROM_SQL = "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id"
ORDER_SQL = "ORDER BY g.name_key, g.id"


def where(filters: ExportFilters, w: Words) -> tuple[str, list[Any]]:
    clauses = ["g.erased_at IS NULL"]
    params: list[Any] = []
    if filters.consent is not None:
        if filters.consent not in CHANNELS:
            raise UserError(
                _("unknown consent channel {channel}: use one of {channels}").format(
                    channel=quoted(filters.consent), channels=", ".join(CHANNELS)
                )
            )
        clauses.append(w.true(f"g.consent_{filters.consent}"))
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


def phones_sql(separator: str, w: Words) -> str:
    return _joined("e164", "e164", "phone", separator, w)


def emails_sql(separator: str, w: Words, cell: str = "address") -> str:
    return _joined(cell, "address", "email", separator, w)


def _joined(cell: str, column: str, table: str, separator: str, w: Words) -> str:
    """`cell` (an expression over `column`) of the guest's rows of `table`, in their order,
    joined by `separator`; NULL when there are none."""
    if w.postgresql:
        return (
            f"(SELECT string_agg({cell}, '{separator}' ORDER BY position, id) FROM {table} "
            "WHERE guest_id = g.id)"
        )
    return (
        f"(SELECT group_concat({cell}, '{separator}') FROM "
        f"(SELECT {column} FROM {table} WHERE guest_id = g.id ORDER BY position, id))"
    )


def count_guests(connection: Connection, filters: ExportFilters) -> int:
    clause, params = where(filters, words(connection))
    ((count,),) = raw_rows(
        connection, f"SELECT count(*) FROM guest g WHERE {clause}", tuple(params)
    )
    return int(count or 0)


def _stream(connection: Connection, sql: str, params: list[Any]) -> Iterator[Sequence[Any]]:
    """Batches of raw DBAPI rows: `sql` (sqlite3's `?` parameters) is read through the
    driver's own cursor."""
    if connection.dialect.name == POSTGRESQL:
        cursor = _server_cursor(connection, sql, params)
    else:
        cursor = connection.exec_driver_sql(sql, tuple(params)).cursor
    try:
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield batch
    finally:
        cursor.close()


def _server_cursor(connection: Connection, sql: str, params: list[Any]) -> Any:
    """psycopg's server-side cursor over `sql`, in the read's transaction: a client-side one
    would hold every row in memory before the first is written."""
    from guestbook.storage.postgresql.placeholders import named_values, translated

    statement = translated(sql)
    driver = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
    cursor = driver.cursor(name="guestbook_export")
    cursor.execute(statement.sql.encode(), named_values(statement, params))
    return cursor


def guest_records(connection: Connection, filters: ExportFilters) -> Iterator[list[GuestRecord]]:
    """Batches of GuestRecord, in the guest list's order (last name, first name)."""
    w = words(connection)
    clause, params = where(filters, w)
    sql = (
        f"SELECT g.id, g.first_name, g.last_name, {phones_sql(_SEPARATOR, w)}, "
        f"{emails_sql(_SEPARATOR, w)}, g.birth_day, g.birth_month, g.birth_year, {PARTNER_SQL}, "
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


# --- the CSV's cells, made by the database ------------------------------------------------------------


def neutralise_sql(expression: str, w: Words) -> str:
    """domain.spreadsheet.neutralise as an SQL expression over a text column (never the
    phones: they are E.164, written as they are)."""
    character = "chr" if w.postgresql else "char"
    starts = ", ".join(f"{character}({ord(char)})" for char in FORMULA_STARTS)
    quote = "''''"  # an SQL string holding one apostrophe
    return (
        f"CASE WHEN substr({expression}, 1, 1) IN ({starts}) "
        f"THEN {quote} || {expression} ELSE {expression} END"
    )


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def cells_sql(clause: str, w: Words, *, list_separator: str, yes: str, no: str) -> str:
    """One row of finished cells per guest: names, phones, emails, the birthday's day, month
    and year (numbers, '' when unknown: exchange.export_csv says why), partner, address,
    postcode, notes, preferences, consent per channel (`yes`, `no` or ''), last visit
    ('YYYY-MM-DD'), visits; every text cell neutralised."""

    def n(expression: str) -> str:
        return neutralise_sql(expression, w)

    true, false = ("true", "false") if w.postgresql else ("1", "0")
    consent = [
        f"CASE g.consent_{channel} WHEN {true} THEN {_text(yes)} WHEN {false} THEN {_text(no)} "
        "ELSE '' END"
        for channel in CHANNELS
    ]
    columns = [
        n("g.first_name"),
        n("g.last_name"),
        phones_sql(list_separator, w),  # E.164 only: phone numbers are never neutralised
        emails_sql(list_separator, w, cell=n("address")),
        *(_number_or_empty(f"g.birth_{part}", w) for part in ("day", "month", "year")),
        n(PARTNER_SQL),
        n("g.address"),
        n("g.postcode"),
        n("g.notes"),
        n("g.preferences"),
        *consent,
        # PostgreSQL's date as SQLite's text, whatever the server's DateStyle.
        "to_char(g.last_visit_on, 'YYYY-MM-DD')" if w.postgresql else "g.last_visit_on",
        "g.visit_count",
    ]
    return f"SELECT {', '.join(columns)} {FROM_SQL} WHERE {clause} {ORDER_SQL}"


def _number_or_empty(column: str, w: Words) -> str:
    """An integer column's cell: '' when NULL. PostgreSQL's coalesce() takes one type: its
    NULL stays NULL, which csv.writer writes as the same empty cell."""
    return column if w.postgresql else f"coalesce({column}, '')"


def csv_cells(
    connection: Connection, filters: ExportFilters, *, list_separator: str, yes: str, no: str
) -> Iterator[Sequence[Any]]:
    """Batches of finished cell rows (cells_sql), in the guest list's order."""
    w = words(connection)
    clause, params = where(filters, w)
    sql = cells_sql(clause, w, list_separator=list_separator, yes=yes, no=no)
    yield from _stream(connection, sql, params)
