"""The report's revenue month by month (services.reports.months), in SQL.

Each month is the report's own revenue statement (report.visit_totals) over that month's days:
one range of ix_visit_visited_on per month, in date order, with no sort to group the visits
(one GROUP BY over the whole period sorted every visit of it in a temporary B-tree), and a
month without a visit is a row of zeros like any other. So the months add up to the report's
revenue, cent for cent, by construction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from guestbook.storage.sql_words import words
from guestbook.storage.sqlite.raw import dbapi
from guestbook.storage.sqlite.report import Period

_MONTH_SQL = """
SELECT count(*), count(spend_cents), coalesce(sum(spend_cents), 0)
FROM visit {indexed_by} WHERE visited_on BETWEEN ? AND ?
"""


def month_totals(connection: Connection, months: Sequence[Period]) -> list[tuple[int, int, int]]:
    """(visits, visits whose spend is known, their total spend in cents) of each of `months`
    (each a period: its first and last day, both included), in the same order."""
    database = dbapi(connection)
    sql = _MONTH_SQL.format(indexed_by=words(connection).indexed_by("ix_visit_visited_on"))
    totals = []
    for first, last in months:
        visits, known, cents = database.execute(
            sql, (first.isoformat(), last.isoformat())
        ).fetchone()
        totals.append((int(visits), int(known), int(cents)))
    return totals
