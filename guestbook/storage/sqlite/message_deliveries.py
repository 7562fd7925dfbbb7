"""The delivery rows of a message (storage.message_tables): the plan written down, what is left
to send, and what became of each.

A row's life: `queued` with no attempt (waiting: for this send, or for the hours an SMS may go
at, `due_at`), then `sent`, `failed` (tried again at the next send) or, for what is handed over
rather than sent (letters in a PDF, an SMS file for a gateway, a call on the agenda), `queued`
with an attempt. `skipped` says why a guest of the audience is not written to; a later plan
may reach them (an email added since). A `sent` or handed-over row is never written again by
a send: sending again never reaches a guest twice. A call handed over keeps that moment in
`due_at`: the agenda's notice call is due from it (storage.sqlite.notice_calls), and the call's
outcome makes the row `sent` or `failed` (services.agenda.notice).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.storage.sqlite.raw import as_date, dbapi, stamp

# Rows a new plan may still change: not sent, not handed over.
_OPEN = "(d.status IN ('skipped', 'failed') OR (d.status = 'queued' AND d.attempts = 0))"

_UPSERT = f"""
INSERT INTO message_delivery AS d
  (message_id, guest_id, channel, address, status, reason, legal_basis, attempts, at, due_at)
VALUES (:message, :guest, :channel, :address, :status, :reason, :basis, 0, :now, NULL)
ON CONFLICT (message_id, guest_id) DO UPDATE SET
  channel = excluded.channel,
  address = excluded.address,
  legal_basis = excluded.legal_basis,
  status = CASE WHEN excluded.status = 'skipped' THEN 'skipped'
                WHEN d.status = 'failed' THEN 'failed' ELSE 'queued' END,
  reason = CASE WHEN excluded.status = 'skipped' THEN excluded.reason
                WHEN d.status = 'failed' THEN d.reason ELSE '' END,
  due_at = CASE WHEN excluded.channel = d.channel THEN d.due_at END,
  at = CASE WHEN d.status = excluded.status AND d.channel = excluded.channel
            AND d.address = excluded.address THEN d.at ELSE excluded.at END
WHERE {_OPEN}
"""


class Planned(NamedTuple):
    guest_id: int
    channel: str  # '' when skipped
    address: str
    status: str  # queued or skipped
    reason: str


def write_plan(
    connection: Connection,
    message_id: int,
    planned: Iterable[Planned],
    legal_basis: str,
    now: dt.datetime,
) -> None:
    """A row for every guest of the plan (the rows that are sent or handed over stay as
    they are)."""
    moment = stamp(now)
    dbapi(connection).executemany(
        _UPSERT,
        (
            {
                "message": message_id,
                "guest": row.guest_id,
                "channel": row.channel,
                "address": row.address,
                "status": row.status,
                "reason": row.reason,
                "basis": legal_basis,
                "now": moment,
            }
            for row in planned
        ),
    )


class Pending(NamedTuple):
    id: int
    guest_id: int
    channel: str
    address: str
    attempts: int
    first_name: str
    last_name: str
    guest_address: str
    postcode: str
    last_visit: dt.date | None


_PENDING = """
SELECT d.id, d.guest_id, d.channel, d.address, d.attempts, g.first_name, g.last_name,
       g.address, g.postcode, g.last_visit_on
FROM message_delivery d JOIN guest g ON g.id = d.guest_id
WHERE d.message_id = ? AND g.erased_at IS NULL
  AND (d.status = 'failed' OR (d.status = 'queued' AND d.attempts = 0
                               AND (d.due_at IS NULL OR d.due_at <= ?)))
ORDER BY d.channel, d.guest_id
"""


def pending(connection: Connection, message_id: int, now: dt.datetime) -> list[Pending]:
    """The rows to send now: waiting (and due), or failed last time; by channel and guest."""
    rows = dbapi(connection).execute(_PENDING, (message_id, stamp(now)))
    return [
        Pending(
            int(row[0]), int(row[1]), str(row[2]), str(row[3]), int(row[4]), str(row[5]),
            str(row[6]), str(row[7]), str(row[8]), as_date(row[9]),
        )
        for row in rows
    ]  # fmt: skip


class Outcome(NamedTuple):
    id: int
    status: str
    reason: str
    tried: bool  # an attempt was made (not only held)
    due_at: dt.datetime | None = None


def record(connection: Connection, outcomes: Sequence[Outcome], now: dt.datetime) -> None:
    """What became of each row."""
    moment = stamp(now)
    dbapi(connection).executemany(
        "UPDATE message_delivery SET status = ?, reason = ?, attempts = attempts + ?, at = ?,"
        " due_at = ? WHERE id = ?",
        (
            (
                outcome.status,
                outcome.reason,
                int(outcome.tried),
                moment,
                stamp(outcome.due_at) if outcome.due_at else None,
                outcome.id,
            )
            for outcome in outcomes
        ),
    )


def status_counts(connection: Connection, message_id: int) -> dict[str, int]:
    rows = dbapi(connection).execute(
        "SELECT status, count(*) FROM message_delivery WHERE message_id = ? GROUP BY status",
        (message_id,),
    )
    return {str(status): int(count) for status, count in rows}
