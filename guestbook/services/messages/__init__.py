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
from guestbook.domain.reach import LEFT_OUT, NO_SMS_STOP
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.settings import Settings
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
    reasons: tuple[str, ...]  # why a guest may be left out of this message (LEFT_OUT, …)
    keys: dict[int, int]  # reach key → guests
    choices: dict[int, str]  # reach key → channel or reason left out

    def keys_of(self, wanted: Collection[str]) -> list[int]:
        return [key for key, choice in self.choices.items() if choice in wanted]

    @property
    def reached(self) -> int:
        return sum(n for key, n in self.keys.items() if self.choices[key] in self.order)


def sms_closed(purpose: str, settings: Settings) -> bool:
    """Whether news cannot go by SMS at all: each must end with the opt-out mention (setting
    sms_stop) and none is set, so every such SMS would fail (services.messages.texts)."""
    return BY_KEY[purpose].marketing and not settings.sms_stop.strip()


def _choice(key: int, order: tuple[str, ...], needs_consent: bool, closed: bool) -> str:
    """The channel of a guest whose reach key is `key`, or why they are left out. With SMS
    closed, a guest the plan would write to by SMS takes the next channel they accept, as if
    they had no mobile, or is left out for it (NO_SMS_STOP): the plan promises no SMS that is
    certain to fail."""
    choice = sql.choice_of(key, order, needs_consent)
    if not closed or choice != "sms":
        return choice
    other = sql.choice_of(key, tuple(c for c in order if c != "sms"), needs_consent)
    return NO_SMS_STOP if other in LEFT_OUT else other


def _planned(
    connection: Connection, message_id: int, today: dt.date, settings: Settings
) -> _Planned:
    message = _message(connection, message_id)
    audience = Audience.from_json(message.audience_json)
    order = tuple(message.channel_order.split(","))
    needs_consent = BY_KEY[message.purpose].marketing
    closed = sms_closed(message.purpose, settings)
    reasons = (*LEFT_OUT, NO_SMS_STOP) if closed else LEFT_OUT
    keys = sql.reach_counts(connection, audience, today)
    choices = {key: _choice(key, order, needs_consent, closed) for key in keys}
    return _Planned(message, audience, order, reasons, keys, choices)


def plan_message(services: Services, message_id: int) -> MessagePlan:
    """Who the message reaches today, by which channel, and who is left out and why."""
    today = services.clock.today()

    def read(connection: Connection) -> MessagePlan:
        planned = _planned(connection, message_id, today, services.settings)
        counts = dict.fromkeys((*planned.order, *planned.reasons), 0)
        for key, guests in planned.keys.items():
            counts[planned.choices[key]] += guests
        return MessagePlan(
            message_id,
            planned.message.purpose,
            {key: counts[key] for key in planned.order},
            {reason: counts[reason] for reason in planned.reasons},
        )

    return services.read(read)


@dataclass(frozen=True, slots=True)
class SendOutlook:
    """What a send would do now, before it does it (the question before a send says it)."""

    to_write: int  # the plan's guests it writes to: new, failed before, SMS whose hour came
    done_before: int  # sent or handed over by an earlier send: never written to again
    held: int  # SMS held by an earlier send for an hour not come yet: they wait on


def send_outlook(services: Services, message_id: int) -> SendOutlook:
    """How many of the guests the plan reaches a send writes to now: a send writes the plan
    down over the delivery rows (storage.sqlite.message_deliveries), leaves the rows sent or
    handed over as they are, and an SMS held for its hours still waits when its channel stays
    the same (a guest whose channel changed gets the new one at once)."""
    today, now = services.clock.today(), services.clock.now()

    def read(connection: Connection) -> SendOutlook:
        planned = _planned(connection, message_id, today, services.settings)
        states = sql.delivery_states(connection, planned.audience, today, message_id, now)
        done = held = 0
        for (key, channel, state), guests in states.items():
            choice = planned.choices.get(key)
            if choice not in planned.order:
                continue  # left out: not counted among the guests reached
            if state == "done":
                done += guests
            elif state == "held" and channel == choice:
                held += guests
        return SendOutlook(planned.reached - done - held, done, held)

    return services.read(read)


def recipients(
    services: Services, message_id: int, *, left_out: bool = False
) -> Iterator[Recipient]:
    """The guests the message reaches, with the channel and address (or, with `left_out`,
    those it does not, with the reason in place of the channel and no address), by number."""
    today = services.clock.today()
    with services.engine.connect() as connection:
        planned = _planned(connection, message_id, today, services.settings)
        wanted = planned.reasons if left_out else planned.order
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
