"""The owner's report in SQL (services.reports): every figure of a period aggregated by SQLite
over indexed columns, a handful of rows back, never a row per guest or per visit.

A site's report (issue 19) is the same statements with the site's terms in their slots
(storage.sqlite.site_terms): its visits, those recorded there, for revenue and loyalty; its
guests, those whose home site it is or who have none yet, for today's figures and feedback.
The whole group's statements are the text as written.

A guest's share of a table (SHARE_SQL) is summaries.visits.seat_share written in SQL, with the
seat counted as summaries.visits counts it (the known guests at the same table with a smaller
number, one seek in ix_visit_guest_visit): the spend split evenly among the party, the
remainder cents one each to the first seats. Only a spend that does not divide evenly needs
the seat. tests/unit/test_report_figures.py holds the two to the same cents.

Each statement is written once, with the words SQLite and PostgreSQL spell differently asked of
storage.sql_words (made once per engine). Two are shaped for SQLite's planner and have a
PostgreSQL form beside them: the per-guest activity (SQLite packs three counts in one integer
sum; PostgreSQL counts with FILTER) and the listed birthdays (SQLite indexes a temporary table;
PostgreSQL joins the VALUES list by hash).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.channels import CHANNELS
from guestbook.domain.feedback import LOW_CES, LOW_SATISFACTION
from guestbook.storage.sql_words import POSTGRESQL_WORDS, SQLITE_WORDS, Words, words
from guestbook.storage.sqlite.raw import dbapi, stamp
from guestbook.storage.sqlite.site_terms import (
    first_visit_slot,
    for_site,
    guests_slot,
    visits_slot,
)

Period = tuple[dt.date, dt.date]  # first and last day, both inclusive


@functools.cache
def share_sql(w: Words) -> str:
    """summaries.visits.seat_share of the guest `vg` at the table `v`; NULL when the spend
    is. The party size is at least the known guests at the table (record_visit), so the
    divisor is it."""
    later_seat = w.flag(
        "v.spend_cents % v.party_size > (SELECT count(*) FROM visit_guest x"
        " WHERE x.visit_id = vg.visit_id AND x.guest_id < vg.guest_id)"
    )
    return f"""(CASE WHEN v.spend_cents IS NULL THEN NULL
    WHEN v.spend_cents % v.party_size = 0 THEN v.spend_cents / v.party_size
    ELSE v.spend_cents / v.party_size + {later_seat} END)"""


SHARE_SQL = share_sql(SQLITE_WORDS)  # SQLite's, as the tests replay it


def one_row(
    connection: Connection, sql: str, params: dict[str, Any], site: str = ""
) -> tuple[Any, ...]:
    """The row of `sql`, of `site`'s guests and visits (site_terms.for_site; '': the whole
    group's)."""
    found = dbapi(connection).execute(for_site(sql, site), {**params, "site": site})
    return tuple(found.fetchone())


def _iso(period: Period) -> dict[str, str]:
    return {"start": period[0].isoformat(), "end": period[1].isoformat()}


V_AT_SITE, G_AT_SITE, R_AT_SITE = visits_slot("v"), guests_slot("g"), first_visit_slot("r")


# --- visits and revenue ------------------------------------------------------------------------

_VISITS_SQL = f"""
SELECT count(*), count(spend_cents), coalesce(sum(spend_cents), 0)
FROM visit v WHERE visited_on BETWEEN :start AND :end{V_AT_SITE}
"""


def visit_totals(connection: Connection, period: Period, site: str = "") -> tuple[int, int, int]:
    """(visits, visits whose spend is known, their total spend in cents) of the period."""
    visits, known, cents = one_row(connection, _VISITS_SQL, _iso(period), site)
    return int(visits), int(known), int(cents)


# Each known guest's visits and shares in three periods of the same length, read in one walk
# of ix_visit_guest_guest, in guest order (no sort to group; driven by the visits' dates
# instead, the seats found by visit then sorted by guest took half as long again). The
# period a visit falls in is `k` (0 the period, 1 the one before, 2 the one before that); the
# counts are packed in 20 bits each of one sum (each aggregate costs a good part of the walk).
# The top fifth of the guests of a period by their shares: ceil(guests / 5) of them.
_K = "((v.visited_on < :start) + (v.visited_on < :previous))"
_TOP_FIFTH = """
       (SELECT {total} FROM (SELECT share_{k} FROM guest_period WHERE n{k} > 0
          ORDER BY share_{k} DESC NULLS LAST
          LIMIT (SELECT (count(*) + 4) / 5 FROM guest_period WHERE n{k} > 0)) AS top)"""
_ACTIVITY_SQL = f"""
WITH guest_period AS MATERIALIZED (
  SELECT visits & 1048575 AS n0, (visits >> 20) & 1048575 AS n1, visits >> 40 AS n2,
         share_0, share_1
  FROM (
    SELECT sum(1 << (20 * {_K})) AS visits,
           sum(CASE WHEN v.visited_on >= :start THEN {SHARE_SQL} END) AS share_0,
           sum(CASE WHEN {_K} = 1 THEN {SHARE_SQL} END) AS share_1
    FROM visit_guest vg INDEXED BY ix_visit_guest_guest
    JOIN visit v ON v.id = vg.visit_id
    WHERE v.visited_on BETWEEN :before AND :end AND vg.guest_id IS NOT NULL{V_AT_SITE}
    GROUP BY vg.guest_id)
)
SELECT total(n0 > 0), total(n0 > 1), total(n1 > 0), total(n1 > 1),
       total(n0 > 0 AND n1 > 0), total(n1 > 0 AND n2 > 0), total(n2 > 0),
       total(share_0), total(share_1),
{_TOP_FIFTH.format(total="total(share_0)", k=0)},{_TOP_FIFTH.format(total="total(share_1)", k=1)}
FROM guest_period
"""
# The same on PostgreSQL, which has no packed sums to save: each count filtered.
_PERIOD = (
    "(CASE WHEN v.visited_on >= :start THEN 0 WHEN v.visited_on >= :previous THEN 1 ELSE 2 END)"
)
_POSTGRESQL_SHARE = share_sql(POSTGRESQL_WORDS)
_POSTGRESQL_ACTIVITY_SQL = f"""
WITH guest_period AS MATERIALIZED (
  SELECT count(*) FILTER (WHERE k = 0) AS n0, count(*) FILTER (WHERE k = 1) AS n1,
         count(*) FILTER (WHERE k = 2) AS n2,
         sum(share) FILTER (WHERE k = 0) AS share_0, sum(share) FILTER (WHERE k = 1) AS share_1
  FROM (
    SELECT vg.guest_id, {_PERIOD} AS k, {_POSTGRESQL_SHARE} AS share
    FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
    WHERE v.visited_on BETWEEN :before AND :end AND vg.guest_id IS NOT NULL{V_AT_SITE}) AS seat
  GROUP BY guest_id)
SELECT count(*) FILTER (WHERE n0 > 0), count(*) FILTER (WHERE n0 > 1),
       count(*) FILTER (WHERE n1 > 0), count(*) FILTER (WHERE n1 > 1),
       count(*) FILTER (WHERE n0 > 0 AND n1 > 0), count(*) FILTER (WHERE n1 > 0 AND n2 > 0),
       count(*) FILTER (WHERE n2 > 0),
       coalesce(sum(share_0), 0), coalesce(sum(share_1), 0),{
    _TOP_FIFTH.format(total="coalesce(sum(share_0), 0)", k=0)
},{_TOP_FIFTH.format(total="coalesce(sum(share_1), 0)", k=1)}
FROM guest_period
"""


def guest_activity(
    connection: Connection, periods: Sequence[Period], site: str = ""
) -> tuple[int, ...]:
    """For `periods` (the period, the one before, the one before that; each ending the day
    before the next starts): guests who visited in the period, of them with 2 visits or
    more, the same two for the period before, guests of the period before who came again in
    the period, guests of the period before that who came in the one before, guests of the
    period before that; the known guests' shares in the period and the one before; the shares
    of the top fifth of the guests of each (all in cents). Of `site`'s visits, when given."""
    (start, end), (previous, _), (before, _) = periods
    params = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "previous": previous.isoformat(),
        "before": before.isoformat(),
    }
    sql = _POSTGRESQL_ACTIVITY_SQL if words(connection).postgresql else _ACTIVITY_SQL
    return tuple(int(value) for value in one_row(connection, sql, params, site))


# --- referrals, feedback -----------------------------------------------------------------------


@functools.cache
def _referred_sql(w: Words) -> str:
    shares = f"""(SELECT {w.total(share_sql(w))} FROM visit_guest vg
                        JOIN visit v ON v.id = vg.visit_id
                        WHERE vg.guest_id = r.referred_id
                          AND v.visited_on BETWEEN :start AND :end{V_AT_SITE})"""
    return f"""
SELECT count(*), {w.total(shares)}
FROM referral r WHERE r.first_visit_on BETWEEN :start AND :end{R_AT_SITE}
"""


def referred_who_came(connection: Connection, period: Period, site: str = "") -> tuple[int, int]:
    """(referred guests whose first visit fell in the period, their shares of the period's
    tables in cents); at `site`, when given."""
    sql = _referred_sql(words(connection))
    guests, cents = one_row(connection, sql, _iso(period), site)
    return int(guests), int(cents)


# A site's responses are its guests': the guest row is read for a site's report only.
@functools.cache
def _feedback_sql(w: Words, by_site: bool) -> str:
    low = f"ces <= {int(LOW_CES)} OR satisfaction <= {int(LOW_SATISFACTION)}"
    guests = f" JOIN guest g ON g.id = f.guest_id{G_AT_SITE}" if by_site else ""
    return f"""
SELECT count(*), count(ces), {w.total("ces")}, count(satisfaction), {w.total("satisfaction")},
       {w.count_if(low)}
FROM feedback f{guests} WHERE f.at >= :since AND f.at < :until
"""


def feedback_totals(
    connection: Connection, since: dt.datetime, until: dt.datetime, site: str = ""
) -> tuple[int, ...]:
    """(responses given from `since` until before `until`, those with an effort score, their
    sum, those with a satisfaction score, their sum, the low ones: domain.feedback.is_low); of
    `site`'s guests, when given."""
    params = {"since": stamp(since), "until": stamp(until)}
    sql = _feedback_sql(words(connection), bool(site))
    return tuple(int(value) for value in one_row(connection, sql, params, site))


# --- guests as they are today ------------------------------------------------------------------

# A guest `g`'s yearly value, domain.calls.value_at_risk_cents in integers, at their average
# share of the visits whose spend is known (spend_visits, kept with the summary: 0012); NULL
# for a guest who is no regular (late_from is kept for them only) or whose spend or rhythm is
# unknown. (Also read by report_series.)
YEARLY_VALUE_SQL = """CASE WHEN g.late_from IS NOT NULL AND g.spend_cents > 0
           AND g.spend_visits > 0 AND g.visit_interval_days > 0
           THEN (g.spend_cents / g.spend_visits * 365 + g.visit_interval_days / 2)
                / g.visit_interval_days END"""


# One walk of the guest table (the consent columns are in no index): who may be reached by
# each channel, and the regulars (late_from is kept for them only, as the card reads it) with
# what a year of their visits is worth at their average share, the late ones apart
# (domain.calls.value_at_risk_cents in integers: the tests hold them to the same cents). The
# average counts the visits whose spend is known. (SQLite's LIMIT -1, PostgreSQL's OFFSET 0:
# each guest's value is worked out once, not once for each sum that reads it.)
@functools.cache
def _guests_sql(w: Words) -> str:
    granted = ", ".join(w.count_if(w.true(f"consent_{key}")) for key in CHANNELS)
    fence = "OFFSET 0" if w.postgresql else "LIMIT -1"
    return f"""
SELECT count(*), {granted},
       {w.count_if("regular")}, {w.total("value")}, {w.count_if("late")},
       {w.total("CASE WHEN late THEN value END")}
FROM (
  SELECT {", ".join(f"g.consent_{key}" for key in CHANNELS)},
         g.late_from IS NOT NULL AS regular, g.late_from <= :today AS late,
         {YEARLY_VALUE_SQL} AS value
  FROM guest g WHERE g.erased_at IS NULL{G_AT_SITE} {fence}) AS today
"""


class GuestsToday(NamedTuple):
    guests: int  # not erased
    granted: dict[str, int]  # channel → the guests who consent to it
    regulars: int
    regulars_value_cents: int  # a year of their visits
    late: int  # the regulars late by their own rhythm
    late_value_cents: int


def guests_today(connection: Connection, today: dt.date, site: str = "") -> GuestsToday:
    """Today's guests (`site`'s, when given): consent, regulars and the late ones."""
    sql, params = _guests_sql(words(connection)), {"today": today.isoformat()}
    guests, *granted, regulars, value, late, late_value = (
        int(value) for value in one_row(connection, sql, params, site)
    )
    channels = dict(zip(CHANNELS, granted, strict=True))
    return GuestsToday(guests, channels, regulars, value, late, late_value)
