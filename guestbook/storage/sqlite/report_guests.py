"""The guests behind the report's figures in SQL (services.reports.guests): the top fifth of a
period's guests by their shares, the referred guests who came, and the list's rows.

The figures themselves stay aggregated (storage.sqlite.report); these lists are asked for one
figure at a time, when the owner opens it, and come back at most `limit` rows long with the
length of the whole list; a site's (storage.sqlite.site_terms) as its figures count them. The
invited guests come from the report's own statement
(report_birthdays.attempted_birthdays), which already returns one row per birthday occasion.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.listing import GuestRow
from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.guest_list import OWED_ON_1, row_columns
from guestbook.storage.sqlite.raw import as_date, dbapi
from guestbook.storage.sqlite.report import R_AT_SITE, V_AT_SITE, Period, share_sql
from guestbook.storage.sqlite.site_terms import for_site


# Each known guest's visits and shares in the period, walked as the report walks them
# (report._ACTIVITY_SQL: by guest, through ix_visit_guest_guest); the top fifth of those who
# came, ceil(guests / 5) of them, by their shares (a share unknown, the spend not typed,
# comes last), the guest's number parting equal shares.
@functools.cache
def _top_sql(w: Words) -> str:
    # NULLS LAST: SQLite's order for a descending sort, which PostgreSQL must be told.
    return f"""
WITH spent AS MATERIALIZED (
  SELECT vg.guest_id, sum({share_sql(w)}) AS cents, count(*) AS visits
  FROM visit_guest vg {w.indexed_by("ix_visit_guest_guest")}
  JOIN visit v ON v.id = vg.visit_id
  WHERE v.visited_on BETWEEN :start AND :end AND vg.guest_id IS NOT NULL{V_AT_SITE}
  GROUP BY vg.guest_id),
top AS (SELECT (count(*) + 4) / 5 AS guests FROM spent)
SELECT guest_id, cents, visits, (SELECT guests FROM top)
FROM spent ORDER BY cents DESC NULLS LAST, guest_id
LIMIT {w.least("(SELECT guests FROM top)", ":limit")}
"""


class Spender(NamedTuple):
    guest_id: int
    cents: int | None  # their shares of the period's tables; None when no spend was typed
    visits: int


def top_spenders(
    connection: Connection, period: Period, limit: int, site: str = ""
) -> tuple[int, list[Spender]]:
    """(the guests in the top fifth of the period by their shares, the first `limit` of them,
    most first); at `site`, when given."""
    found = _rows(connection, for_site(_top_sql(words(connection)), site), period, limit, site)
    total = int(found[0][3]) if found else 0
    return total, [Spender(int(g), _cents(cents), int(visits)) for g, cents, visits, _ in found]


# The referred guests whose first visit fell in the period (ix_referral_first_visit), with
# their shares of the period's tables and their sponsor as the guest row has them.
@functools.cache
def _referred_sql(w: Words) -> str:
    return f"""
SELECT r.referred_id, r.first_visit_on,
       (SELECT sum({share_sql(w)}) FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
        WHERE vg.guest_id = r.referred_id AND v.visited_on BETWEEN :start AND :end{V_AT_SITE}),
       s.first_name, s.last_name, s.erased_at IS NOT NULL, count(*) OVER ()
FROM referral r JOIN guest s ON s.id = r.sponsor_id
WHERE r.first_visit_on BETWEEN :start AND :end{R_AT_SITE}
ORDER BY r.first_visit_on, r.referred_id
LIMIT :limit
"""


class Referred(NamedTuple):
    guest_id: int
    first_visit_on: dt.date
    cents: int | None  # their shares of the period's tables; None when no spend was typed
    sponsor_first_name: str
    sponsor_last_name: str
    sponsor_erased: bool


def referred_who_came(
    connection: Connection, period: Period, limit: int, site: str = ""
) -> tuple[int, list[Referred]]:
    """(the referred guests whose first visit fell in the period, the first `limit` of them
    in the order of those first visits); at `site`, when given."""
    sql = for_site(_referred_sql(words(connection)), site)
    found = _rows(connection, sql, period, limit, site)
    total = int(found[0][6]) if found else 0
    return total, [
        Referred(
            int(guest_id),
            _first_visit(first),
            _cents(cents),
            first_name,
            last_name,
            bool(erased),
        )
        for guest_id, first, cents, first_name, last_name, erased, _ in found
    ]


def _rows(connection: Connection, sql: str, period: Period, limit: int, site: str) -> list[Any]:
    params = {"start": period[0].isoformat(), "end": period[1].isoformat(), "limit": limit}
    return dbapi(connection).execute(sql, {**params, "site": site}).fetchall()


def _first_visit(value: object) -> dt.date:
    day = as_date(value)
    assert day is not None  # referral.first_visit_on BETWEEN two days: never NULL
    return day


# The rows of a list of guests, in one statement whatever its length (the ids as one JSON
# array: no cap on host parameters), with the rewards owed today.
@functools.cache
def _rows_sql(w: Words) -> str:
    ids = (
        "SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(?2 AS JSON)) AS value"
        if w.postgresql
        else "SELECT value FROM json_each(?2)"
    )
    return f"SELECT {row_columns(owed=OWED_ON_1, words=w)} FROM guest WHERE id IN ({ids})"


def guest_rows(
    connection: Connection, guest_ids: Sequence[int], today: dt.date
) -> tuple[GuestRow, ...]:
    """The guests' list rows, in the order of `guest_ids` (an id not found is left out)."""
    if not guest_ids:
        return ()
    ids = json.dumps([int(guest_id) for guest_id in guest_ids])
    found = (
        dbapi(connection).execute(_rows_sql(words(connection)), (today.isoformat(), ids)).fetchall()
    )
    by_id = {row.guest_id: row for row in map(GuestRow._make, found)}
    return tuple(by_id[guest_id] for guest_id in guest_ids if guest_id in by_id)


def _cents(value: float | None) -> int | None:
    return None if value is None else int(value)
