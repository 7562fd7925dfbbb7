"""The report's revenue month by month (services.reports.months), in SQL.

Each month is the report's own revenue statement (report.visit_totals) over that month's days:
one range of ix_visit_visited_on per month, in date order, with no sort to group the visits
(one GROUP BY over the whole period sorted every visit of it in a temporary B-tree), and a
month without a visit is a row of zeros like any other. So the months add up to the report's
revenue, cent for cent, by construction. A site's months are its visits' (storage.sqlite.site_terms).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from guestbook.storage.sql_words import words
from guestbook.storage.sqlite.raw import dbapi
from guestbook.storage.sqlite.report import V_AT_SITE, Period
from guestbook.storage.sqlite.site_terms import for_site

_MONTH_SQL = (
    """
SELECT count(*), count(spend_cents), coalesce(sum(spend_cents), 0)
FROM visit v {indexed_by} WHERE visited_on BETWEEN :first AND :last"""
    + V_AT_SITE
)


def month_totals(
    connection: Connection, months: Sequence[Period], site: str = ""
) -> list[tuple[int, int, int]]:
    """(visits, visits whose spend is known, their total spend in cents) of each of `months`
    (each a period: its first and last day, both included), in the same order; at `site`,
    when given."""
    database = dbapi(connection)
    indexed_by = words(connection).indexed_by("ix_visit_visited_on")
    sql = for_site(_MONTH_SQL.format(indexed_by=indexed_by), site)
    totals = []
    for first, last in months:
        visits, known, cents = database.execute(
            sql, {"first": first.isoformat(), "last": last.isoformat(), "site": site}
        ).fetchone()
        totals.append((int(visits), int(known), int(cents)))
    return totals
