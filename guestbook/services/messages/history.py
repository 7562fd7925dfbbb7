"""What became of a message, recipient by recipient, and the messages a guest received (their
card): read from the delivery rows, never from the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.text import display_name
from guestbook.services.context import Services
from guestbook.storage.sqlite.raw import as_moment

PAGE = 200


@dataclass(frozen=True, slots=True)
class Delivery:
    guest_id: int
    name: str
    channel: str
    address: str
    status: str  # queued, sent, failed, skipped
    reason: str
    legal_basis: str
    at: dt.datetime
    due_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class ReceivedMessage:
    message_id: int
    subject: str
    purpose: str
    channel: str
    status: str
    at: dt.datetime


_DELIVERIES = """
SELECT d.guest_id, g.first_name, g.last_name, d.channel, d.address, d.status, d.reason,
       d.legal_basis, d.at, d.due_at
FROM message_delivery d JOIN guest g ON g.id = d.guest_id
WHERE d.message_id = :message {status}
ORDER BY d.guest_id LIMIT :limit OFFSET :offset
"""


def deliveries(
    services: Services,
    message_id: int,
    *,
    status: str | None = None,
    offset: int = 0,
    limit: int = PAGE,
) -> list[Delivery]:
    """A page of the message's recipients (those of one `status`, when given), by number."""
    sql = _DELIVERIES.format(status="AND d.status = :status" if status else "")
    params = {"message": message_id, "status": status, "limit": limit, "offset": offset}

    def read(connection: Connection) -> list[Delivery]:
        return [
            Delivery(
                int(guest_id),
                display_name(first, last),
                channel,
                address,
                state,
                reason,
                basis,
                as_moment(at),
                as_moment(due) if due else None,
            )
            for guest_id, first, last, channel, address, state, reason, basis, at, due in (
                connection.execute(text(sql), params)
            )
        ]

    return services.read(read)


_RECEIVED = """
SELECT m.id, m.subject, m.purpose, d.channel, d.status, d.at
FROM message_delivery d JOIN message m ON m.id = d.message_id
WHERE d.guest_id = :guest
ORDER BY d.at DESC, m.id DESC LIMIT :limit
"""


def received_messages(services: Services, guest_id: int, limit: int = 50) -> list[ReceivedMessage]:
    """The messages written to a guest (whatever became of them), newest first."""

    def read(connection: Connection) -> list[ReceivedMessage]:
        rows = connection.execute(text(_RECEIVED), {"guest": guest_id, "limit": limit})
        return [
            ReceivedMessage(int(id_), subject, purpose, channel, status, as_moment(at))
            for id_, subject, purpose, channel, status, at in rows
        ]

    return services.read(read)
