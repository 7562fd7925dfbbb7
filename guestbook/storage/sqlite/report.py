"""The owner's report in SQL (services.reports): every figure of a period aggregated by SQLite
over indexed columns, a handful of rows back, never a row per guest or per visit.

A guest's share of a table (SHARE_SQL) is summaries.visits.seat_share written in SQL, with the
seat counted as summaries.visits counts it (the known guests at the same table with a smaller
number, one seek in ix_visit_guest_visit): the spend split evenly among the party, the
remainder cents one each to the first seats. Only a spend that does not divide evenly needs
the seat. tests/unit/test_report_figures.py holds the two to the same cents.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.channels import CHANNELS
from guestbook.domain.feedback import LOW_CES, LOW_SATISFACTION
from guestbook.storage.sqlite.raw import dbapi, stamp

Period = tuple[dt.date, dt.date]  # first and last day, both inclusive

# summaries.visits.seat_share of the guest `vg` at the table `v`; NULL when the spend is. The
# party size is at least the known guests at the table (record_visit), so the divisor is it.
SHARE_SQL = """(CASE WHEN v.spend_cents IS NULL THEN NULL
    WHEN v.spend_cents % v.party_size = 0 THEN v.spend_cents / v.party_size
    ELSE v.spend_cents / v.party_size + (v.spend_cents % v.party_size > (
        SELECT count(*) FROM visit_guest x
        WHERE x.visit_id = vg.visit_id AND x.guest_id < vg.guest_id)) END)"""


def _one(connection: Connection, sql: str, params: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(dbapi(connection).execute(sql, params).fetchone())


def _iso(period: Period) -> dict[str, str]:
    return {"start": period[0].isoformat(), "end": period[1].isoformat()}


# --- visits and revenue ------------------------------------------------------------------------

_VISITS_SQL = """
SELECT count(*), count(spend_cents), coalesce(sum(spend_cents), 0)
FROM visit WHERE visited_on BETWEEN :start AND :end
"""


def visit_totals(connection: Connection, period: Period) -> tuple[int, int, int]:
    """(visits, visits whose spend is known, their total spend in cents) of the period."""
    visits, known, cents = _one(connection, _VISITS_SQL, _iso(period))
    return int(visits), int(known), int(cents)


# Each known guest's visits and shares in three periods of the same length, read in one walk
# of ix_visit_guest_guest, in guest order (no sort to group; driven by the visits' dates
# instead, the seats found by visit then sorted by guest took half as long again). The
# period a visit falls in is `k` (0 the period, 1 the one before, 2 the one before that); the
# counts are packed in 20 bits each of one sum (each aggregate costs a good part of the walk).
# The top fifth of the guests of a period by their shares: ceil(guests / 5) of them.
_K = "((v.visited_on < :start) + (v.visited_on < :previous))"
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
    WHERE v.visited_on BETWEEN :before AND :end AND vg.guest_id IS NOT NULL
    GROUP BY vg.guest_id)
)
SELECT total(n0 > 0), total(n0 > 1), total(n1 > 0), total(n1 > 1),
       total(n0 > 0 AND n1 > 0), total(n1 > 0 AND n2 > 0), total(n2 > 0),
       total(share_0), total(share_1),
       (SELECT total(share_0) FROM (SELECT share_0 FROM guest_period WHERE n0 > 0
          ORDER BY share_0 DESC LIMIT (SELECT (count(*) + 4) / 5 FROM guest_period WHERE n0 > 0))),
       (SELECT total(share_1) FROM (SELECT share_1 FROM guest_period WHERE n1 > 0
          ORDER BY share_1 DESC LIMIT (SELECT (count(*) + 4) / 5 FROM guest_period WHERE n1 > 0)))
FROM guest_period
"""


def guest_activity(connection: Connection, periods: Sequence[Period]) -> tuple[int, ...]:
    """For `periods` (the period, the one before, the one before that; each ending the day
    before the next starts): guests who visited in the period, of them with 2 visits or
    more, the same two for the period before, guests of the period before who came again in
    the period, guests of the period before that who came in the one before, guests of the
    period before that; the known guests' shares in the period and the one before; the shares
    of the top fifth of the guests of each (all in cents)."""
    (start, end), (previous, _), (before, _) = periods
    params = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "previous": previous.isoformat(),
        "before": before.isoformat(),
    }
    return tuple(int(value) for value in _one(connection, _ACTIVITY_SQL, params))


# --- birthday calls ----------------------------------------------------------------------------

# A birthday the agenda lists: (month, day) observed on a date, for a guest recorded before
# the end of that day (a moment, UTC), in the period numbered `k` of those read together.
ListedBirthday = tuple[int, int, dt.date, dt.datetime, int]


# The agenda's rule (storage.sqlite.agenda): whom the chef may phone for a birthday.
_MAY_CALL = "g.primary_phone IS NOT NULL" + (
    " AND g.consent_call = 1" if Reason.BIRTHDAY.info.canvassing else ""
)

# The listed birthdays go in a temporary table with an index for the time of one statement:
# then the guest table is read once, in its order, each guest who may be called finding their
# birthdays by one seek. Found the other way, by the birthdays through the agenda's index,
# each guest's row was read at random to know when they were recorded: 2.9 s instead of
# 0.6 s at a million guests. (SQLite indexes no VALUES nor WITH table of its own accord.)
_CREATE_LISTED = (
    # Integer columns (of the type of the guest's, or no index serves the join).
    "CREATE TEMP TABLE report_birthday AS SELECT CAST(column1 AS INTEGER) AS month,"
    " CAST(column2 AS INTEGER) AS day, column3 AS event_on, column4 AS recorded_before,"
    " column5 AS k FROM ({values})",
    "CREATE INDEX temp.ix_report_birthday ON report_birthday (month, day)",
)
_DROP_LISTED = "DROP TABLE IF EXISTS temp.report_birthday"
_LISTED_SQL = f"""
SELECT {{counts}}
FROM guest g NOT INDEXED CROSS JOIN temp.report_birthday b
  ON b.month = g.birth_month AND b.day = g.birth_day
WHERE {_MAY_CALL} AND g.created_at < b.recorded_before
"""


# The same days come back report after report: their text is made once.
_stamp = functools.lru_cache(maxsize=4096)(stamp)


def _listed_values(listed: Sequence[ListedBirthday]) -> str:
    """The listed birthdays as a VALUES clause: integers, ISO dates and timestamps formatted
    here, safe to inline (bound parameters would cap the window)."""
    if not listed:
        return "SELECT " + ", ".join(f"NULL AS column{n}" for n in range(1, 6)) + " WHERE 0"
    return "VALUES " + ", ".join(
        f"({int(month)}, {int(day)}, '{on.isoformat()}', '{_stamp(before)}', {int(k)})"
        for month, day, on, before, k in listed
    )


def listed_birthdays(
    connection: Connection, listed: Sequence[ListedBirthday], periods: int, today: dt.date
) -> list[tuple[int, int]]:
    """For each of `periods` periods: (the birthday calls listed, those whose birthday has
    passed by `today`), for the guests the agenda may call today."""
    counts = ", ".join(
        f"total(b.k = {k}), total(b.k = {k} AND b.event_on < :today)" for k in range(periods)
    )
    database = dbapi(connection)
    # Definitions only, no INSERT: sqlite3 opens no transaction for them, and the connection
    # is left as it was found.
    database.execute(_DROP_LISTED)
    try:
        for statement in _CREATE_LISTED:
            database.execute(statement.format(values=_listed_values(listed)))
        sql = _LISTED_SQL.format(counts=counts)
        found = [int(value) for value in _one(connection, sql, {"today": today.isoformat()})]
    finally:
        database.execute(_DROP_LISTED)
    return [(found[2 * k], found[2 * k + 1]) for k in range(periods)]


_SPOKE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.spoke_to_guest)
_INVITED = f"'{Outcome.REACHED.value}', '{Outcome.BOOKED.value}'"

# An invited guest's visits from the day of the invitation to `days` after the birthday (none
# when their last visit came before it: the guest row says so, no visit is read).
_CAME = """CASE WHEN o.invited_on IS NULL OR g.last_visit_on < o.invited_on
    OR g.last_visit_on IS NULL THEN 0 ELSE (
    SELECT {what} FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
    WHERE vg.guest_id = o.guest_id
      AND v.visited_on BETWEEN o.invited_on AND date(o.occasion_on, '+{days} days')) END"""

# Every birthday occasion of the window with an attempt, from ix_call_attempt_occasion (which
# covers it): its attempts, the last that spoke to the guest (its time, id to break ties, and
# outcome), the local date of the first invitation and the visits from that day to `days`
# after the birthday; and the guest as they are today.
_ATTEMPTED_SQL = f"""
SELECT o.guest_id, o.occasion_on, o.attempts, o.last_said,
       {_CAME.format(what="count(*)", days="{days}")},
       {_CAME.format(what=f"total({SHARE_SQL})", days="{days}")},
       {_MAY_CALL}, g.birth_month, g.birth_day, g.created_at
FROM (
  SELECT a.guest_id, a.occasion_on, count(*) AS attempts,
         max(CASE WHEN a.outcome IN ({_SPOKE})
             THEN a.at || printf('%012d', a.id) || '|' || a.outcome END) AS last_said,
         date(min(CASE WHEN a.outcome IN ({_INVITED}) THEN a.at END), 'localtime') AS invited_on
  FROM call_attempt a
  WHERE a.reason = '{Reason.BIRTHDAY.value}' AND a.occasion_on BETWEEN :first AND :last
  GROUP BY a.occasion_on, a.guest_id
) o JOIN guest g ON g.id = o.guest_id
"""


class AttemptedBirthday(NamedTuple):
    guest_id: int
    occasion_on: str  # the birthday, ISO
    attempts: int
    last_said: str | None  # '…|outcome' of the last attempt that spoke to the guest
    came: int  # invited, the visits from the invitation to `days` after the birthday
    came_cents: float  # the guest's shares of them
    may_call: int  # the agenda may call the guest today
    birth_month: int | None
    birth_day: int | None
    created_at: str  # when the guest was recorded, UTC text

    @property
    def said(self) -> str | None:
        """The outcome of the last attempt that spoke to the guest."""
        return self.last_said.rsplit("|", 1)[1] if self.last_said else None


def attempted_birthdays(
    connection: Connection, window: Period, return_days: int
) -> list[AttemptedBirthday]:
    """The birthday occasions of `window` (the birthdays' dates) with at least one attempt."""
    sql = _ATTEMPTED_SQL.format(days=int(return_days))
    params = {"first": window[0].isoformat(), "last": window[1].isoformat()}
    return [AttemptedBirthday(*row) for row in dbapi(connection).execute(sql, params)]


# --- referrals, feedback -----------------------------------------------------------------------

_REFERRED_SQL = f"""
SELECT count(*), total((SELECT total({SHARE_SQL}) FROM visit_guest vg
                        JOIN visit v ON v.id = vg.visit_id
                        WHERE vg.guest_id = r.referred_id
                          AND v.visited_on BETWEEN :start AND :end))
FROM referral r WHERE r.first_visit_on BETWEEN :start AND :end
"""


def referred_who_came(connection: Connection, period: Period) -> tuple[int, int]:
    """(referred guests whose first visit fell in the period, their shares of the period's
    tables in cents)."""
    guests, cents = _one(connection, _REFERRED_SQL, _iso(period))
    return int(guests), int(cents)


_FEEDBACK_SQL = f"""
SELECT count(*), count(ces), total(ces), count(satisfaction), total(satisfaction),
       total(ces <= {int(LOW_CES)} OR satisfaction <= {int(LOW_SATISFACTION)})
FROM feedback WHERE at >= :since AND at < :until
"""


def feedback_totals(
    connection: Connection, since: dt.datetime, until: dt.datetime
) -> tuple[int, ...]:
    """(responses given from `since` until before `until`, those with an effort score, their
    sum, those with a satisfaction score, their sum, the low ones: domain.feedback.is_low)."""
    params = {"since": stamp(since), "until": stamp(until)}
    return tuple(int(value) for value in _one(connection, _FEEDBACK_SQL, params))


# --- guests as they are today ------------------------------------------------------------------

# A guest `g`'s yearly value, domain.calls.value_at_risk_cents in integers, at their average
# share of the visits whose spend is known; NULL for a guest who is no regular (late_from is
# kept for them only) or whose spend or rhythm is unknown. (Also read by report_series.)
YEARLY_VALUE_SQL = """CASE WHEN g.late_from IS NOT NULL AND g.spend_cents > 0
           AND g.visit_interval_days > 0
           THEN (g.spend_cents / (SELECT count(*) FROM visit_guest vg
                                  JOIN visit v ON v.id = vg.visit_id
                                  WHERE vg.guest_id = g.id AND v.spend_cents IS NOT NULL)
                 * 365 + g.visit_interval_days / 2) / g.visit_interval_days END"""

# One walk of the guest table (the consent columns are in no index): who may be reached by
# each channel, and the regulars (late_from is kept for them only, as the card reads it) with
# what a year of their visits is worth at their average share, the late ones apart
# (domain.calls.value_at_risk_cents in integers: the tests hold them to the same cents). The
# average counts the visits whose spend is known. (LIMIT -1: each guest's value is worked out
# once, not once for each sum that reads it.)
_GUESTS_SQL = f"""
SELECT count(*), {", ".join(f"total(consent_{key} = 1)" for key in CHANNELS)},
       total(regular), total(value), total(late), total(CASE WHEN late THEN value END)
FROM (
  SELECT {", ".join(f"g.consent_{key}" for key in CHANNELS)},
         g.late_from IS NOT NULL AS regular, g.late_from <= :today AS late,
         {YEARLY_VALUE_SQL} AS value
  FROM guest g WHERE g.erased_at IS NULL LIMIT -1)
"""


class GuestsToday(NamedTuple):
    guests: int  # not erased
    granted: dict[str, int]  # channel → the guests who consent to it
    regulars: int
    regulars_value_cents: int  # a year of their visits
    late: int  # the regulars late by their own rhythm
    late_value_cents: int


def guests_today(connection: Connection, today: dt.date) -> GuestsToday:
    guests, *granted, regulars, value, late, late_value = (
        int(value) for value in _one(connection, _GUESTS_SQL, {"today": today.isoformat()})
    )
    channels = dict(zip(CHANNELS, granted, strict=True))
    return GuestsToday(guests, channels, regulars, value, late, late_value)
