"""Query pieces shared by the agenda, the calendar and the lists."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.storage.engine import sqlite_connection


def birthday_window_sql(start: dt.date, end: dt.date) -> tuple[str, dict[str, int]]:
    """A WHERE clause matching birth (month, day) from `start` to `end`, one range a month,
    so the (birth_month, birth_day) index serves each. 29 February always rides with
    February's end, because in a non-leap year it is observed on 28 February or 1 March;
    callers place each birthday exactly with domain.birthdays.next_occurrence."""
    clauses: list[str] = []
    params: dict[str, int] = {}
    day = start
    index = 0
    while day <= end and index < 13:
        last = min(month_end(day), end)
        first_day, last_day = day.day, last.day
        if day.month == 2 and last_day >= 28:
            last_day = 29
        if day.month == 3 and first_day == 1:
            clauses.append("(g.birth_month = 2 AND g.birth_day = 29)")
        clauses.append(
            f"(g.birth_month = :m{index} AND g.birth_day BETWEEN :a{index} AND :b{index})"
        )
        params |= {f"m{index}": day.month, f"a{index}": first_day, f"b{index}": last_day}
        day = last + dt.timedelta(days=1)
        index += 1
    return " OR ".join(dict.fromkeys(clauses)), params


def month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def chunks(items: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


_SEEKS_WORTH_IT = 2000


def rewards_owed(
    connection: Connection, guest_ids: Iterable[int], today: dt.date
) -> dict[int, int]:
    """How many rewards each guest may redeem today (only guests with some are returned)."""
    ids = sorted(set(guest_ids))
    owed: dict[int, int] = {}
    if len(ids) > _SEEKS_WORTH_IT:
        # For thousands of guests, one pass over the rewards open today (through
        # ix_reward_open) beats a B-tree seek per guest.
        wanted = set(ids)
        rows = raw_rows(
            connection,
            "SELECT guest_id, count(*) FROM reward WHERE redeemed_visit_id IS NULL "
            "AND valid_to >= :today AND valid_from <= :today GROUP BY guest_id",
            {"today": today.isoformat()},
        )
        return {int(guest): int(count) for guest, count in rows if guest in wanted}
    for chunk in chunks(ids):
        # Integers only, formatted by us: safe to inline, and SQLite caps bound parameters.
        placeholders = ", ".join(str(int(i)) for i in chunk)
        rows = raw_rows(
            connection,
            f"SELECT guest_id, count(*) FROM reward WHERE guest_id IN ({placeholders}) "
            "AND redeemed_visit_id IS NULL AND valid_from <= :today AND valid_to >= :today "
            "GROUP BY guest_id",
            {"today": today.isoformat()},
        )
        owed.update({int(guest): int(count) for guest, count in rows})
    return owed


def raw_rows(connection: Connection, sql: str, params: Mapping[str, object]) -> list[Any]:
    """Rows as plain tuples from the DBAPI cursor, for hot reads: SQLAlchemy's Row objects
    cost more than the query itself here. `sql` uses sqlite3's own :name parameters."""
    return sqlite_connection(connection).execute(sql, params).fetchall()


def as_date(value: object) -> dt.date | None:
    """A DATE column read through text(): SQLite hands back 'YYYY-MM-DD'."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def local_date(value: object) -> dt.date:
    """The restaurant's local date of a stored UTC timestamp."""
    if isinstance(value, str):
        # Up to the minute is all a time zone can move a date by: agenda reads hundreds of
        # attempts, most sharing a minute prefix with another, so the answer is cached.
        return _local_date_of_minute(value[:16])
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # stored as UTC
    return value.astimezone().date()


@functools.lru_cache(maxsize=4096)
def _local_date_of_minute(prefix: str) -> dt.date:
    # SQLAlchemy stores aware datetimes on SQLite as naive UTC text.
    return dt.datetime.fromisoformat(prefix).replace(tzinfo=dt.UTC).astimezone().date()
