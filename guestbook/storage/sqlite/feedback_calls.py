"""The agenda's feedback calls in SQL: the low responses nobody has spoken to the guest about
yet, each a call (migration 0007), read from the small partial index that holds only the low
ones, by where they stand.

The statement is written once for both engines (`feedback_arm`, issue 19): a response's local
day is SQLite's date(at, 'localtime') or PostgreSQL's day in this process's zone
(Words.local_date), and only SQLite is told which index to read.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from guestbook.domain.calls import Reason
from guestbook.domain.feedback import low_sql
from guestbook.storage.sql_words import SQLITE_WORDS, Words, words
from guestbook.storage.sqlite.agenda_parts import may_call, owed_sql, tried_sql
from guestbook.storage.sqlite.raw import as_date
from guestbook.storage.sqlite.raw import rows as raw_rows

# Where a low response stands: when someone first spoke to the guest about it, or NEVER_CALLED
# (after every timestamp) while nobody has. ix_feedback_to_call (storage.feedback_tables) holds
# the low responses by it, so the ones still to call back about, and those called back since
# yesterday, are one short range of it, however many responses are kept.
NEVER_CALLED = "9999-12-31"
CALL_BACK_SQL = f"coalesce(called_back_at, '{NEVER_CALLED}')"


def feedback_arm(words: Words) -> str:
    """Low scores nobody spoke to the guest about yet, and those called back since yesterday
    (the calls done today): one range of ix_feedback_to_call (its WHERE word for word, so that
    SQLite sees the partial index serves the statement). Each response is its own call, due on
    the local day it was given. It has no last day: its event is today, so it stays until an
    attempt ends it, by the rules every call follows. Its rows are a candidate's
    (storage.sqlite.agenda), with four more: the response."""
    given = words.local_date("f.at")
    day = words.iso_date(given)  # a row's dates are ISO text from either engine
    # Typed where PostgreSQL meets it: it also compares :today with dates, and one parameter
    # has one type.
    today = words.iso_date("CAST(:today AS DATE)") if words.postgresql else ":today"
    tried = tried_sql(words).format(
        reason="feedback", occasion=given, guest="g.id", extra=" AND a.feedback_id = f.id"
    )
    return f"""
SELECT 'feedback', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       {day}, {today}, {day}, 0, NULL, {words.iso_date("g.last_visit_on")},
       NULL, NULL, '', NULL, NULL, NULL,
       {owed_sql(words).format(guest="g.id")},
       {tried},
       f.id, f.ces, f.satisfaction, f.comment
FROM feedback f {words.indexed_by("ix_feedback_to_call")}
JOIN guest g ON g.id = f.guest_id
WHERE {low_sql("f")} AND {CALL_BACK_SQL.replace("called_back_at", "f.called_back_at")}
      >= {words.days_after(":today", -1)}
  AND f.at >= {words.days_after(":first_due", -1)} AND f.at < {words.days_after(":last_due", 2)}
  AND {given} BETWEEN :first_due AND :last_due
  AND g.erased_at IS NULL AND {may_call(Reason.FEEDBACK, "g", words)}
"""


# SQLite's, which storage.sqlite.agenda merges into its own.
FEEDBACK_ARM = feedback_arm(SQLITE_WORDS)


def feedback_due_days(connection: Connection, before: dt.date) -> list[dt.date]:
    """The local days, before `before`, on which responses still to call back about were
    given: the only calls due that long ago still on the agenda (a few, from the partial
    index that holds only them)."""
    spoken = words(connection)
    found = raw_rows(
        connection,
        f"SELECT DISTINCT {spoken.local_date('at')} FROM feedback"
        f" {spoken.indexed_by('ix_feedback_to_call')}"
        f" WHERE {low_sql()} AND {CALL_BACK_SQL} >= :never AND at < :until ORDER BY 1",
        {"never": NEVER_CALLED, "until": (before + dt.timedelta(days=1)).isoformat()},
    )
    days = (as_date(day) for (day,) in found)
    return [day for day in days if day is not None and day < before]
