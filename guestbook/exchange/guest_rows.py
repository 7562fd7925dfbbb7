"""Reading guests for an export: filtered, in name order, streamed in batches of raw tuples.

Exports go through the DBAPI cursor (`exec_driver_sql`, then fetchmany on its cursor): no ORM
objects and no SQLAlchemy row objects, so a million guests stream with flat memory. Allergies
live in their own table and no query here reads it: no export can carry them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday
from guestbook.errors import UserError
from guestbook.settings import CHANNELS

FETCH_ROWS = 5000
_SEPARATOR = "\x1f"  # between phones or emails in one aggregated column; never in either


@dataclass(frozen=True)
class ExportFilters:
    """Who goes in the file. Every filter narrows; none means every guest (erased aside)."""

    consent: str | None = None  # only guests who accepted this channel
    postcode: str | None = None  # postcode starting with this
    visited_since: dt.date | None = None  # last visit on or after
    visited_until: dt.date | None = None  # last visit on or before
    has_birthday: bool = False

    def where(self) -> tuple[str, list[Any]]:
        clauses = ["g.erased_at IS NULL"]
        params: list[Any] = []
        if self.consent is not None:
            if self.consent not in CHANNELS:
                raise UserError(
                    f"unknown consent channel {self.consent!r}: use one of {', '.join(CHANNELS)}"
                )
            clauses.append(f"g.consent_{self.consent} = 1")
        if self.postcode:
            clauses.append("substr(g.postcode, 1, ?) = ?")
            params += [len(self.postcode), self.postcode]
        if self.visited_since is not None:
            clauses.append("g.last_visit_on >= ?")
            params.append(self.visited_since.isoformat())
        if self.visited_until is not None:
            clauses.append("g.last_visit_on <= ?")
            params.append(self.visited_until.isoformat())
        if self.has_birthday:
            clauses.append("g.birth_month IS NOT NULL")
        return " AND ".join(clauses), params


class GuestRecord(NamedTuple):
    id: int
    first_name: str
    last_name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    birthday: Birthday | None
    partner: str | None  # the partner guest's name, or the name typed, or None
    address: str
    postcode: str
    notes: str
    preferences: str
    consent: dict[str, bool | None]
    last_visit_on: str | None
    visit_count: int


# The partner: the linked guest's name while that guest exists, else the name as typed.
PARTNER_SQL = (
    "CASE WHEN p.id IS NOT NULL AND p.erased_at IS NULL "
    "THEN trim(p.first_name || ' ' || p.last_name) ELSE nullif(g.partner_name, '') END"
)
FROM_SQL = "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id"
ORDER_SQL = "ORDER BY g.name_key, g.id"


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
    where, params = filters.where()
    return int(
        connection.exec_driver_sql(
            f"SELECT count(*) FROM guest g WHERE {where}", tuple(params)
        ).scalar()
        or 0
    )


def stream(connection: Connection, sql: str, params: list[Any]) -> Iterator[Sequence[Any]]:
    """Batches of raw DBAPI rows: `sql` is read through the driver's own cursor."""
    cursor = connection.exec_driver_sql(sql, tuple(params)).cursor
    try:
        while batch := cursor.fetchmany(FETCH_ROWS):
            yield batch
    finally:
        cursor.close()


def guest_records(connection: Connection, filters: ExportFilters) -> Iterator[list[GuestRecord]]:
    """Batches of GuestRecord, in the guest list's order (last name, first name)."""
    where, params = filters.where()
    sql = (
        f"SELECT g.id, g.first_name, g.last_name, {phones_sql(_SEPARATOR)}, "
        f"{emails_sql(_SEPARATOR)}, g.birth_day, g.birth_month, g.birth_year, {PARTNER_SQL}, "
        "g.address, g.postcode, g.notes, g.preferences, "
        + ", ".join(f"g.consent_{channel}" for channel in CHANNELS)
        + f", g.last_visit_on, g.visit_count {FROM_SQL} WHERE {where} {ORDER_SQL}"
    )
    for batch in stream(connection, sql, params):
        yield [_record(row) for row in batch]


def _record(row: Any) -> GuestRecord:
    (guest_id, first, last, phones, emails, day, month, year, partner, address, postcode,
     notes, preferences, call, sms, email, post, last_visit, visits) = row  # fmt: skip
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
    )
