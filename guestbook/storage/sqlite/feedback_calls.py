"""The agenda's feedback calls in SQL: the low responses nobody has spoken to the guest about
yet, each a call (migration 0007), read from the small partial index that holds only the low
ones, by where they stand."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from guestbook.domain.calls import Reason
from guestbook.domain.feedback import low_sql
from guestbook.storage.sqlite.agenda_parts import OWED_SQL, TRIED_SQL, may_call
from guestbook.storage.sqlite.raw import rows as raw_rows

# Where a low response stands: when someone first spoke to the guest about it, or NEVER_CALLED
# (after every timestamp) while nobody has. ix_feedback_to_call (storage.feedback_tables) holds
# the low responses by it, so the ones still to call back about, and those called back since
# yesterday, are one short range of it, however many responses are kept.
NEVER_CALLED = "9999-12-31"
CALL_BACK_SQL = f"coalesce(called_back_at, '{NEVER_CALLED}')"

# Low scores nobody spoke to the guest about yet, and those called back since yesterday (the
# calls done today): one range of ix_feedback_to_call (its WHERE word for word, so that SQLite
# sees the partial index serves the statement). Each response is its own call, due on the
# local day it was given. It has no last day: its event is today, so it stays until an attempt
# ends it, by the rules every call follows. Its rows are a candidate's (storage.sqlite.agenda),
# with four more: the response.
FEEDBACK_ARM = f"""
SELECT 'feedback', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       date(f.at, 'localtime'), :today, date(f.at, 'localtime'), 0, NULL, g.last_visit_on,
       NULL, NULL, '', NULL, NULL, NULL,
       {OWED_SQL.format(guest="g.id")},
       {
    TRIED_SQL.format(
        reason="feedback",
        occasion="date(f.at, 'localtime')",
        guest="g.id",
        extra=" AND a.feedback_id = f.id",
    )
},
       f.id, f.ces, f.satisfaction, f.comment
FROM feedback f INDEXED BY ix_feedback_to_call
JOIN guest g ON g.id = f.guest_id
WHERE {low_sql("f")} AND {CALL_BACK_SQL.replace("called_back_at", "f.called_back_at")}
      >= date(:today, '-1 day')
  AND f.at >= date(:first_due, '-1 day') AND f.at < date(:last_due, '+2 days')
  AND date(f.at, 'localtime') BETWEEN :first_due AND :last_due
  AND g.erased_at IS NULL AND {may_call(Reason.FEEDBACK, "g")}
"""


def feedback_due_days(connection: Connection, before: dt.date) -> list[dt.date]:
    """The local days, before `before`, on which responses still to call back about were
    given: the only calls due that long ago still on the agenda (a few, from the partial
    index that holds only them)."""
    found = raw_rows(
        connection,
        "SELECT DISTINCT date(at, 'localtime') FROM feedback INDEXED BY ix_feedback_to_call "
        f"WHERE {low_sql()} AND {CALL_BACK_SQL} >= :never AND at < :until ORDER BY 1",
        {"never": NEVER_CALLED, "until": (before + dt.timedelta(days=1)).isoformat()},
    )
    return [day for (text,) in found if (day := dt.date.fromisoformat(text)) < before]
