"""The calendar's statements: birthdays per day of a month, the guests whose birthday falls in
a window, and the attempts made for those birthdays.

Erasing a guest clears their birthday, so birthday queries need no erased_at filter and the
month count is answered from the (birth_month, birth_day) index alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text

from guestbook.storage.sqlite.raw import rows as raw_rows


def birthdays_per_day(connection: Connection, month: int) -> dict[int, int]:
    """day of the month → guests born that day of `month` (29 February counted as written)."""
    # Straight to the DBAPI cursor: the query takes a few hundred microseconds from the
    # index, and SQLAlchemy's statement handling would otherwise double it.
    rows = raw_rows(
        connection,
        "SELECT birth_day, count(*) FROM guest WHERE birth_month = :month GROUP BY birth_day",
        {"month": month},
    )
    return dict(rows)


def _window_sql(month_days: Iterable[tuple[int, int, int]]) -> tuple[str, dict[str, int]]:
    """A WHERE clause matching birth (month, first day … last day) ranges, one per month, so
    the (birth_month, birth_day) index serves each."""
    clauses: list[str] = []
    params: dict[str, int] = {}
    for index, (month, first_day, last_day) in enumerate(month_days):
        clauses.append(
            f"(g.birth_month = :m{index} AND g.birth_day BETWEEN :a{index} AND :b{index})"
        )
        params |= {f"m{index}": month, f"a{index}": first_day, f"b{index}": last_day}
    return " OR ".join(clauses) or "1 = 0", params  # no range: no guest (on both engines)


_ROW_SQL = """
SELECT g.id, g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year,
       g.primary_phone, g.consent_call, p.first_name, p.last_name, g.partner_name
FROM guest g LEFT JOIN guest p ON p.id = g.partner_id
WHERE {where}
ORDER BY g.birth_month, g.birth_day, g.name_key, g.id
LIMIT :limit
"""


def guests_born(
    connection: Connection, ranges: Iterable[tuple[int, int, int]], limit: int
) -> tuple[list[Any], int]:
    """Guests born on the (month, first day, last day) ranges, in (month, day, name) order, at
    most `limit` of them; and how many there are in all. A row: id, first and last name, birth
    day, month and year, primary phone, call consent, partner's first and last name, partner
    name as typed."""
    where, params = _window_sql(ranges)
    found = [
        tuple(row)
        for row in connection.execute(
            text(_ROW_SQL.format(where=where)), {**params, "limit": limit}
        ).all()
    ]
    total = int(
        connection.execute(text(f"SELECT count(*) FROM guest g WHERE {where}"), params).scalar_one()
    )
    return found, total


def birthday_attempts(
    connection: Connection, first: dt.date, last: dt.date
) -> list[tuple[int, dt.date, object, str]]:
    """(guest, occasion, at, outcome) of the birthday calls for occasions from first to last,
    in the order they were made."""
    rows = connection.execute(
        text(
            "SELECT guest_id, occasion_on, at, outcome FROM call_attempt WHERE reason = :reason "
            "AND occasion_on BETWEEN :first AND :last ORDER BY at, id"
        ),
        {"reason": "birthday", "first": first.isoformat(), "last": last.isoformat()},
    ).all()
    return [
        (int(guest_id), dt.date.fromisoformat(str(on)), at, str(outcome))
        for guest_id, on, at, outcome in rows
    ]
