"""The agenda's notice calls in SQL: the call deliveries of messages handed over to the agenda
(storage.sqlite.message_deliveries says a delivery's life), each a call until an attempt ends
it (services.agenda.notice), read from the small partial index that holds only the deliveries
handed over by phone, by where they stand.

A call delivery is handed over with its moment in `due_at` (services.messages.channels): the
call is due from that local day, its occasion among the attempts, with the delivery's number
(call_attempt.delivery_id): a guest may be sent two messages on one day. `at` is the
delivery's last change, which an outcome and its undo move, so it cannot be the key.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from guestbook.domain.calls import Reason
from guestbook.storage.sqlite.agenda_parts import OWED_SQL, TRIED_SQL, may_call
from guestbook.storage.sqlite.raw import rows as raw_rows

# Where a call delivery stands: when its call ended (sent, or failed), or STILL_OPEN (after
# every timestamp) while it is queued on the agenda. ix_message_delivery_to_call holds the
# deliveries handed over by phone by it, so the calls still open, and those ended since
# yesterday (the calls done today), are one short range of it however many messages were sent,
# and none at all when no message went by phone.
STILL_OPEN = "9999-12-31"


def ended_sql(alias: str = "") -> str:
    """The index's key (`alias`: the table's, with its dot)."""
    return f"CASE {alias}status WHEN 'queued' THEN '{STILL_OPEN}' ELSE {alias}at END"


def handed_over_sql(alias: str = "") -> str:
    """The index's WHERE: the deliveries handed over by phone."""
    return f"{alias}channel = 'call' AND {alias}attempts > 0"


# The calls of the deliveries still queued, and of those ended since yesterday: one range of
# ix_message_delivery_to_call (its WHERE word for word, so that SQLite sees the partial index
# serves the statement). Due on the local day the delivery was handed over; no last day, like
# a feedback call: its event is today. Its rows are a candidate's (storage.sqlite.agenda), with
# four empty columns (a feedback call's) and four more: the delivery, the message's subject and
# text, and whether the call already ended (it is read only to be listed as done today).
NOTICE_ARM = f"""
SELECT 'notice', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       date(d.due_at, 'localtime'), :today, date(d.due_at, 'localtime'), 0, NULL,
       g.last_visit_on, NULL, NULL, '', NULL, NULL, NULL,
       {OWED_SQL.format(guest="g.id")},
       {
    TRIED_SQL.format(
        reason="notice",
        occasion="date(d.due_at, 'localtime')",
        guest="g.id",
        extra=" AND a.delivery_id = d.id",
    )
},
       NULL, NULL, NULL, NULL, d.id, m.subject, m.body, d.status <> 'queued'
FROM message_delivery d INDEXED BY ix_message_delivery_to_call
JOIN guest g ON g.id = d.guest_id
JOIN message m ON m.id = d.message_id
WHERE {handed_over_sql("d.")} AND {ended_sql("d.")} >= date(:today, '-1 day')
  AND d.due_at >= date(:first_due, '-1 day') AND d.due_at < date(:last_due, '+2 days')
  AND date(d.due_at, 'localtime') BETWEEN :first_due AND :last_due
  AND g.erased_at IS NULL AND {may_call(Reason.NOTICE, "g")}
"""


def notice_due_days(connection: Connection, before: dt.date) -> list[dt.date]:
    """The local days, before `before`, on which call deliveries still queued were handed
    over: the only notice calls due that long ago (a few, from the partial index)."""
    found = raw_rows(
        connection,
        "SELECT DISTINCT date(due_at, 'localtime') FROM message_delivery"
        " INDEXED BY ix_message_delivery_to_call"
        f" WHERE {handed_over_sql()} AND {ended_sql()} >= :open AND due_at < :until ORDER BY 1",
        {"open": STILL_OPEN, "until": (before + dt.timedelta(days=1)).isoformat()},
    )
    return [day for (text,) in found if (day := dt.date.fromisoformat(text)) < before]
