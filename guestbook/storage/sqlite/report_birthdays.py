"""The report's birthday calls in SQL (services.reports): the calls the agenda lists for the
birthdays of a window, counted, and every birthday occasion someone tried, with what came of it.
(storage.sqlite.report holds the other figures, and the share of a table both read.) A site's
are its guests' (storage.sqlite.site_terms), and their visits there.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.domain.calls import Outcome, Reason
from guestbook.storage.sql_words import POSTGRESQL_WORDS, SQLITE_WORDS, Words, words
from guestbook.storage.sqlite.agenda_parts import may_call
from guestbook.storage.sqlite.raw import dbapi, stamp
from guestbook.storage.sqlite.report import G_AT_SITE, V_AT_SITE, Period, one_row, share_sql
from guestbook.storage.sqlite.site_terms import for_site

# --- birthday calls ----------------------------------------------------------------------------

# A birthday the agenda lists: (month, day) observed on a date, for a guest recorded before
# the end of that day (a moment, UTC), in the period numbered `k` of those read together.
ListedBirthday = tuple[int, int, dt.date, dt.datetime, int]


def _may_call(w: Words) -> str:
    """The agenda's rule (agenda_parts.may_call): whom the chef may phone for a birthday."""
    return may_call(Reason.BIRTHDAY, "g", w)


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
WHERE {_may_call(SQLITE_WORDS)} AND g.created_at < b.recorded_before{G_AT_SITE}
"""
# PostgreSQL joins the list as it is (by hash): no temporary table to make and drop.
_POSTGRESQL_LISTED_SQL = f"""
SELECT {{counts}}
FROM ({{values}}) AS b (month, day, event_on, recorded_before, k)
JOIN guest g ON g.birth_month = b.month AND g.birth_day = b.day
WHERE {_may_call(POSTGRESQL_WORDS)} AND g.created_at < CAST(b.recorded_before AS TIMESTAMPTZ)
  {G_AT_SITE}
"""


# The same days come back report after report: their text is made once.
_stamp = functools.lru_cache(maxsize=4096)(stamp)


def _listed_values(listed: Sequence[ListedBirthday]) -> str:
    """The listed birthdays as a VALUES clause: integers, ISO dates and timestamps formatted
    here, safe to inline (bound parameters would cap the window)."""
    if not listed:
        return "SELECT " + ", ".join(f"NULL AS column{n}" for n in range(1, 6)) + " WHERE 1 = 0"
    return "VALUES " + ", ".join(
        f"({int(month)}, {int(day)}, '{on.isoformat()}', '{_stamp(before)}', {int(k)})"
        for month, day, on, before, k in listed
    )


def listed_birthdays(
    connection: Connection,
    listed: Sequence[ListedBirthday],
    periods: int,
    today: dt.date,
    site: str = "",
) -> list[tuple[int, int]]:
    """For each of `periods` periods: (the birthday calls listed, those whose birthday has
    passed by `today`), for the guests the agenda may call today (`site`'s, when given)."""
    w = words(connection)
    counts = ", ".join(
        f"{w.count_if(f'b.k = {k}')}, {w.count_if(f'b.k = {k} AND b.event_on < :today')}"
        for k in range(periods)
    )
    if w.postgresql:
        sql = _POSTGRESQL_LISTED_SQL.format(counts=counts, values=_listed_values(listed))
        found = [int(v) for v in one_row(connection, sql, {"today": today.isoformat()}, site)]
        return [(found[2 * k], found[2 * k + 1]) for k in range(periods)]
    database = dbapi(connection)
    # Definitions only, no INSERT: sqlite3 opens no transaction for them, and the connection
    # is left as it was found.
    database.execute(_DROP_LISTED)
    try:
        for statement in _CREATE_LISTED:
            database.execute(statement.format(values=_listed_values(listed)))
        sql = _LISTED_SQL.format(counts=counts)
        found = [int(v) for v in one_row(connection, sql, {"today": today.isoformat()}, site)]
    finally:
        database.execute(_DROP_LISTED)
    return [(found[2 * k], found[2 * k + 1]) for k in range(periods)]


_SPOKE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.spoke_to_guest)
_INVITED = f"'{Outcome.REACHED.value}', '{Outcome.BOOKED.value}'"

# An invited guest's visits from the day of the invitation to `days` after the birthday (none
# when their last visit came before it: the guest row says so, no visit is read).
_CAME = (
    """CASE WHEN o.invited_on IS NULL OR g.last_visit_on < o.invited_on
    OR g.last_visit_on IS NULL THEN 0 ELSE (
    SELECT {what} FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
    WHERE vg.guest_id = o.guest_id
      AND v.visited_on BETWEEN o.invited_on AND {until}"""
    + V_AT_SITE
    + ") END"
)


# Every birthday occasion of the window with an attempt, from ix_call_attempt_occasion (which
# covers it): its attempts, the last that spoke to the guest (its time, id to break ties, and
# outcome), the local date of the first invitation and the visits from that day to `days`
# after the birthday; and the guest as they are today.
@functools.cache
def _attempted_sql(w: Words, days: int) -> str:
    until = w.plus_days("o.occasion_on", str(int(days)))
    said = f"{w.sortable_moment('a.at')} || {w.padded('a.id', 12)} || '|' || a.outcome"
    return f"""
SELECT o.guest_id, o.occasion_on, o.attempts, o.last_said,
       {_CAME.format(what="count(*)", until=until)},
       {_CAME.format(what=w.total(share_sql(w)), until=until)},
       {w.flag(_may_call(w))}, g.birth_month, g.birth_day, g.created_at
FROM (
  SELECT a.guest_id, a.occasion_on, count(*) AS attempts,
         max(CASE WHEN a.outcome IN ({_SPOKE}) THEN {said} END) AS last_said,
         {w.local_date(f"min(CASE WHEN a.outcome IN ({_INVITED}) THEN a.at END)")} AS invited_on
  FROM call_attempt a
  WHERE a.reason = '{Reason.BIRTHDAY.value}' AND a.occasion_on BETWEEN :first AND :last
  GROUP BY a.occasion_on, a.guest_id
) o JOIN guest g ON g.id = o.guest_id{G_AT_SITE}
"""


class AttemptedBirthday(NamedTuple):
    guest_id: int
    occasion_on: str | dt.date  # the birthday (ISO text on SQLite)
    attempts: int
    last_said: str | None  # '…|outcome' of the last attempt that spoke to the guest
    came: int  # invited, the visits from the invitation to `days` after the birthday
    came_cents: float  # the guest's shares of them
    may_call: int  # the agenda may call the guest today
    birth_month: int | None
    birth_day: int | None
    created_at: str | dt.datetime  # when the guest was recorded (UTC text on SQLite)

    @property
    def said(self) -> str | None:
        """The outcome of the last attempt that spoke to the guest."""
        return self.last_said.rsplit("|", 1)[1] if self.last_said else None

    @property
    def birthday(self) -> dt.date:
        """The occasion's day (SQLite gives it as text, PostgreSQL as a date)."""
        on = self.occasion_on
        return on if isinstance(on, dt.date) else _day(on)

    def recorded_before(self, moment: dt.datetime) -> bool:
        """Whether the guest was recorded before `moment` (compared as SQLite stores them,
        as text, without parsing tens of thousands of them)."""
        if isinstance(self.created_at, str):
            return self.created_at < _stamp(moment)
        return self.created_at < moment


_day = functools.lru_cache(maxsize=4096)(dt.date.fromisoformat)


def attempted_birthdays(
    connection: Connection, window: Period, return_days: int, site: str = ""
) -> list[AttemptedBirthday]:
    """The birthday occasions of `window` (the birthdays' dates) with at least one attempt;
    of `site`'s guests, and their visits there, when given."""
    sql = for_site(_attempted_sql(words(connection), int(return_days)), site)
    params = {"first": window[0].isoformat(), "last": window[1].isoformat(), "site": site}
    return [AttemptedBirthday(*row) for row in dbapi(connection).execute(sql, params)]
