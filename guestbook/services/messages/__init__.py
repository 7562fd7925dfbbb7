"""Messages to guests (shared/product.md, "Messages"): written once for an audience, planned
(who each channel reaches, who is left out and why) before anything is sent.

A message keeps its audience's filters, not a list of guests: planning it again reads the
guests as they are then (a consent withdrawn since, a guest erased since, a new email), and
sending re-plans before writing to anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlmodel import Session

from guestbook.domain import message_text
from guestbook.domain.audience import Audience
from guestbook.domain.purposes import BY_KEY
from guestbook.domain.reach import LEFT_OUT
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.storage.message_tables import Message
from guestbook.storage.sqlite import message_plan as sql
from guestbook.storage.sqlite.raw import as_moment


class MessageError(UserError):
    """A message that cannot be written or planned, in words."""


@dataclass(frozen=True, slots=True)
class MessageDraft:
    purpose: str
    subject: str
    body: str
    audience: Audience


@dataclass(frozen=True, slots=True)
class Recipient:
    guest_id: int
    channel: str  # or, for a guest left out, the reason (domain.reach.LEFT_OUT)
    address: str
    name: str


@dataclass(frozen=True)
class MessagePlan:
    message_id: int
    purpose: str
    by_channel: dict[str, int]  # channel → guests it reaches
    left_out: dict[str, int]  # reason → guests (no_contact, no_consent, erased)

    @property
    def audience(self) -> int:
        """The guests the filters chose, reached or not."""
        return sum(self.by_channel.values()) + sum(self.left_out.values())

    @property
    def reached(self) -> int:
        return sum(self.by_channel.values())


@dataclass(frozen=True, slots=True)
class MessageSummary:
    id: int
    created_at: dt.datetime
    purpose: str
    subject: str
    deliveries: dict[str, int]  # status → recipients


def checked(draft: MessageDraft) -> MessageDraft:
    """The draft itself, or MessageError (AudienceError) saying what is wrong with it."""
    if draft.purpose not in BY_KEY:
        raise MessageError(_("Unknown purpose “{purpose}”.").format(purpose=draft.purpose))
    if not draft.subject.strip():
        raise MessageError(_("The message needs a subject."))
    if not draft.body.strip():
        raise MessageError(_("The message needs a text."))
    for where, template in (
        (_("In the subject: {problems}."), draft.subject),
        (_("In the text: {problems}."), draft.body),
    ):
        problems = message_text.check(template)
        if problems:
            raise MessageError(where.format(problems="; ".join(p.message for p in problems)))
    draft.audience.check()
    return draft


def new_message(services: Services, draft: MessageDraft) -> MessagePlan:
    """Record the message and plan it; nothing is sent."""
    checked(draft)
    order = ",".join(services.settings.channel_order)

    def record(session: Session) -> int:
        message = Message(
            created_at=services.clock.now(),
            staff=services.staff,
            purpose=draft.purpose,
            subject=draft.subject,
            body=draft.body,
            audience_json=draft.audience.to_json(),
            channel_order=order,
        )
        session.add(message)
        session.flush()
        assert message.id is not None
        return message.id

    return plan_message(services, services.write(record))


def get_message(services: Services, message_id: int) -> Message:
    """The message as written: purpose, subject, text, audience (Audience.from_json), when and
    by whom; MessageError when there is none of that number."""
    return services.read(lambda connection: _message(connection, message_id))


def _message(connection: Connection, message_id: int) -> Message:
    row = (
        connection.execute(text("SELECT * FROM message WHERE id = :id"), {"id": message_id})
        .mappings()
        .first()
    )
    if row is None:
        raise MessageError(_("There is no message number {id}.").format(id=message_id))
    return Message.model_validate(dict(row))


@dataclass(frozen=True, slots=True)
class _Planned:
    message: Message
    audience: Audience
    order: tuple[str, ...]
    keys: dict[int, int]  # reach key → guests
    choices: dict[int, str]  # reach key → channel or reason left out

    def keys_of(self, wanted: Collection[str]) -> list[int]:
        return [key for key, choice in self.choices.items() if choice in wanted]


def _planned(connection: Connection, message_id: int, today: dt.date) -> _Planned:
    message = _message(connection, message_id)
    audience = Audience.from_json(message.audience_json)
    order = tuple(message.channel_order.split(","))
    needs_consent = BY_KEY[message.purpose].marketing
    keys = sql.reach_counts(connection, audience, today)
    choices = {key: sql.choice_of(key, order, needs_consent) for key in keys}
    return _Planned(message, audience, order, keys, choices)


def plan_message(services: Services, message_id: int) -> MessagePlan:
    """Who the message reaches today, by which channel, and who is left out and why."""
    today = services.clock.today()

    def read(connection: Connection) -> MessagePlan:
        planned = _planned(connection, message_id, today)
        counts = dict.fromkeys((*planned.order, *LEFT_OUT), 0)
        for key, guests in planned.keys.items():
            counts[planned.choices[key]] += guests
        return MessagePlan(
            message_id,
            planned.message.purpose,
            {key: counts[key] for key in planned.order},
            {reason: counts[reason] for reason in LEFT_OUT},
        )

    return services.read(read)


def recipients(
    services: Services, message_id: int, *, left_out: bool = False
) -> Iterator[Recipient]:
    """The guests the message reaches, with the channel and address (or, with `left_out`,
    those it does not, with the reason in place of the channel and no address), by number."""
    today = services.clock.today()
    with services.engine.connect() as connection:
        planned = _planned(connection, message_id, today)
        wanted = LEFT_OUT if left_out else planned.order
        keys = planned.keys_of(wanted)
        for row in sql.reach_rows(connection, planned.audience, today, keys):
            choice = planned.choices[row.key]
            address = "" if left_out else row.address(choice)
            yield Recipient(
                row.guest_id, choice, address, display_name(row.first_name, row.last_name)
            )


def list_messages(services: Services) -> list[MessageSummary]:
    """Every message, newest first, with its recipients counted by delivery status."""

    def read(connection: Connection) -> list[MessageSummary]:
        states: dict[int, dict[str, int]] = {}
        counted = connection.execute(
            text(
                "SELECT message_id, status, count(*) FROM message_delivery"
                " GROUP BY message_id, status"
            )
        )
        for message_id, status, count in counted:
            states.setdefault(int(message_id), {})[str(status)] = int(count)
        found = connection.execute(
            text("SELECT id, created_at, purpose, subject FROM message ORDER BY id DESC")
        )
        return [
            MessageSummary(int(id_), as_moment(at), str(purpose), str(subject), states.get(id_, {}))
            for id_, at, purpose, subject in found
        ]

    return services.read(read)
