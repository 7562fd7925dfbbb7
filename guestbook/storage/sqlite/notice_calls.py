"""The agenda's notice calls in SQL: the call deliveries of messages handed over to the agenda
(storage.sqlite.message_deliveries says a delivery's life), each a call until an attempt ends
it (services.agenda.notice), read from the small partial index that holds only the deliveries
handed over by phone, by where they stand.

A call delivery is handed over with its moment in `due_at` (services.messages.channels): the
call is due from that local day, its occasion among the attempts, with the delivery's number
(call_attempt.delivery_id): a guest may be sent two messages on one day. `at` is the
delivery's last change, which an outcome and its undo move, so it cannot be the key.

The statement is written once for both engines (`notice_arm`, issue 19), as feedback_calls'.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection

from guestbook.domain.calls import Reason
from guestbook.storage.sql_words import SQLITE_WORDS, Words, words
from guestbook.storage.sqlite.agenda_parts import may_call, owed_sql, tried_sql
from guestbook.storage.sqlite.raw import as_date
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


def notice_arm(words: Words) -> str:
    """The calls of the deliveries still queued, and of those ended since yesterday: one range
    of ix_message_delivery_to_call (its WHERE word for word, so that SQLite sees the partial
    index serves the statement). Due on the local day the delivery was handed over; no last
    day, like a feedback call: its event is today. Its rows are a candidate's
    (storage.sqlite.agenda), with four empty columns (a feedback call's) and four more: the
    delivery, the message's subject and text, and whether the call already ended (it is read
    only to be listed as done today)."""
    handed = words.local_date("d.due_at")
    day = words.iso_date(handed)  # a row's dates are ISO text from either engine
    # Typed where PostgreSQL meets it: it also compares :today with dates, and one parameter
    # has one type.
    today = words.iso_date("CAST(:today AS DATE)") if words.postgresql else ":today"
    since, until = words.days_after(":first_due", -1), words.days_after(":last_due", 2)
    tried = tried_sql(words).format(
        reason="notice", occasion=handed, guest="g.id", extra=" AND a.delivery_id = d.id"
    )
    return f"""
SELECT 'notice', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       {day}, {today}, {day}, 0, NULL,
       {words.iso_date("g.last_visit_on")}, NULL, NULL, '', NULL, NULL, NULL,
       {owed_sql(words).format(guest="g.id")},
       {tried},
       NULL, NULL, NULL, NULL, d.id, m.subject, m.body, d.status <> 'queued'
FROM message_delivery d {words.indexed_by("ix_message_delivery_to_call")}
JOIN guest g ON g.id = d.guest_id
JOIN message m ON m.id = d.message_id
WHERE {handed_over_sql("d.")} AND {ended_sql("d.")} >= {words.days_after(":today", -1)}
  AND d.due_at >= {since} AND d.due_at < {until}
  AND {handed} BETWEEN :first_due AND :last_due
  AND g.erased_at IS NULL AND {may_call(Reason.NOTICE, "g", words)}
"""


# SQLite's, which storage.sqlite.agenda merges into its own.
NOTICE_ARM = notice_arm(SQLITE_WORDS)


def notice_due_days(connection: Connection, before: dt.date) -> list[dt.date]:
    """The local days, before `before`, on which call deliveries still queued were handed
    over: the only notice calls due that long ago (a few, from the partial index)."""
    spoken = words(connection)
    found = raw_rows(
        connection,
        f"SELECT DISTINCT {spoken.local_date('due_at')} FROM message_delivery"
        f" {spoken.indexed_by('ix_message_delivery_to_call')}"
        f" WHERE {handed_over_sql()} AND {ended_sql()} >= :open AND due_at < :until ORDER BY 1",
        {"open": STILL_OPEN, "until": (before + dt.timedelta(days=1)).isoformat()},
    )
    days = (as_date(day) for (day,) in found)
    return [day for day in days if day is not None and day < before]
