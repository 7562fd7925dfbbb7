"""Notice calls (product.md, "Messages" → "Delivery": the recipients of a message sent by phone
go on the agenda with reason `notice`, the message's text as the script): what each outcome
makes of the delivery (services.agenda.notice_script says what the chef reads out).

A call delivery stays `queued` while its call is on the agenda (storage.sqlite.notice_calls);
the call ends it as every call ends, by the rules of domain.calls: the guest heard the message
(reached, booked, declined) → `sent`; the last allowed attempt without reaching them, or a wrong
number → `failed`, with the reason in words, and tried again at the message's next send. The
delivery is worked out again from its attempts after each outcome and each undo, in the same
unit of work, so that both leave it right.
"""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, select

from guestbook.domain.calls import Outcome, Reason
from guestbook.errors import UserError
from guestbook.i18n import _, ngettext, number
from guestbook.storage.message_tables import MessageDelivery
from guestbook.storage.tables import CallAttempt


def settle_delivery(
    session: Session, delivery_id: int, guest_id: int, max_attempts: int, now: dt.datetime
) -> None:
    """The delivery as its call's attempts leave it: sent once the guest heard the message,
    failed after a wrong number or the last allowed attempt, queued (on the agenda) else."""
    delivery = session.get(MessageDelivery, delivery_id)
    if delivery is None or delivery.guest_id != guest_id:
        raise UserError(_("that message no longer exists: the call cannot be logged"))
    session.flush()
    since = delivery.due_at if delivery.due_at is not None else delivery.at
    occasion = _local_day(since)
    outcomes = session.exec(
        select(CallAttempt.outcome).where(
            CallAttempt.delivery_id == delivery_id,
            CallAttempt.reason == Reason.NOTICE.value,
            CallAttempt.occasion_on == occasion,
        )
    ).all()
    status, reason = _state(list(outcomes), max_attempts)
    if (status, reason) != (delivery.status, delivery.reason):
        delivery.status, delivery.reason, delivery.at = status, reason, now
        session.add(delivery)


def _state(outcomes: list[str], max_attempts: int) -> tuple[str, str]:
    if any(Outcome(outcome).spoke_to_guest for outcome in outcomes):
        return "sent", ""
    if Outcome.WRONG_NUMBER.value in outcomes:
        return "failed", Outcome.WRONG_NUMBER.label
    if len(outcomes) >= max_attempts:
        words = ngettext(
            "not reached after {count} call", "not reached after {count} calls", len(outcomes)
        )
        return "failed", words.format(count=number(len(outcomes)))
    return "queued", _("on the agenda")


def _local_day(moment: dt.datetime) -> dt.date:
    """The local day of a stored moment (naive UTC from SQLite), as the agenda's statement
    reads it with SQLite's 'localtime'."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().date()
