"""The report's charts in SQL (services.reports.series): each series aggregated by SQLite, a
row per week or per month back, never a row per guest or per visit.

The return rate per month needs no statement of its own: it is the report's birthday calls
(storage.sqlite.report) read for each month. A site's series are its visits' and its guests'
(storage.sqlite.site_terms).
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import Connection

from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.raw import as_date, dbapi
from guestbook.storage.sqlite.report import G_AT_SITE, V_AT_SITE, YEARLY_VALUE_SQL, Period
from guestbook.storage.sqlite.site_terms import for_site

# The Monday of a visit's ISO week (strftime's %w: 0 for Sunday; PostgreSQL's weeks start on
# Mondays), found through the visits' date index: the tables of the period, week by week.
_SQLITE_MONDAY = (
    "date(visited_on, '-' || ((CAST(strftime('%w', visited_on) AS INTEGER) + 6) % 7) || ' days')"
)
_POSTGRESQL_MONDAY = "CAST(date_trunc('week', visited_on) AS DATE)"
_WEEKS_SQL = (
    """
SELECT {monday} AS monday, count(*)
FROM visit v WHERE visited_on BETWEEN :start AND :end"""
    + V_AT_SITE
    + """
GROUP BY monday ORDER BY monday
"""
)


def visits_by_week(connection: Connection, period: Period, site: str = "") -> dict[dt.date, int]:
    """Monday of each ISO week → the visits (tables) of the period's days in that week, at
    `site` when given; weeks without a visit are not there."""
    params = {"start": period[0].isoformat(), "end": period[1].isoformat(), "site": site}
    monday = _POSTGRESQL_MONDAY if words(connection).postgresql else _SQLITE_MONDAY
    sql = for_site(_WEEKS_SQL.format(monday=monday), site)
    return {_day(day): int(visits) for day, visits in dbapi(connection).execute(sql, params)}


def _day(value: object) -> dt.date:
    day = as_date(value)
    assert day is not None  # a visit's date: never NULL
    return day


# The regulars who became late on a day of the period up to today and have not come back
# since (late_from is the current lapse's first day, kept on the guest row by
# services.summaries; a visit moves it on), month by month, with their yearly value (the
# report's own expression). One walk of the guest table: late_from is indexed only for the
# guests the agenda may call.
@functools.cache
def _late_sql(w: Words) -> str:
    month = "to_char(late_from, 'YYYY-MM')" if w.postgresql else "substr(late_from, 1, 7)"
    return f"""
SELECT {month} AS month, count(*), {w.total("value")} FROM (
  SELECT g.late_from, {YEARLY_VALUE_SQL} AS value
  FROM guest g
  WHERE g.late_from BETWEEN :start AND :last AND g.erased_at IS NULL{G_AT_SITE}) AS late
GROUP BY month ORDER BY month
"""


def late_by_month(
    connection: Connection, period: Period, today: dt.date, site: str = ""
) -> dict[tuple[int, int], tuple[int, int]]:
    """(year, month) → (regulars who became late in it, on a day of the period up to
    `today`, and are still late; their yearly value in cents), of `site`'s guests when
    given. Months with none are not there."""
    last = min(period[1], today)
    params = {"start": period[0].isoformat(), "last": last.isoformat(), "site": site}
    found: dict[tuple[int, int], tuple[int, int]] = {}
    sql = for_site(_late_sql(words(connection)), site)
    for month, regulars, cents in dbapi(connection).execute(sql, params):
        year, number = (int(part) for part in month.split("-"))
        found[year, number] = (int(regulars), int(cents))
    return found
