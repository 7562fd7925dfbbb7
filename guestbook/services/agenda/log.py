"""Logging a call's outcome, and undoing it: one unit of work each.

A feedback call is about one response: the attempt names it (feedback_id), and the first
attempt that spoke to the guest marks the response called back (feedback.called_back_at), which
takes it out of the agenda's partial index; undoing that attempt puts it back. A notice call
is about one message's delivery: the attempt names it (delivery_id), and the delivery is
settled from its attempts (services.agenda.notice) after each outcome and each undo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session, col, select

from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.rewards import birthday_reward_reason, birthday_reward_window
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.agenda.notice import settle_delivery
from guestbook.services.context import Services
from guestbook.settings import Settings
from guestbook.storage.feedback_tables import Feedback
from guestbook.storage.tables import CallAttempt, Phone, Reward

# Outcomes that mean the guest was invited: they issue the birthday reward.
_INVITED = {Outcome.REACHED, Outcome.BOOKED}


@dataclass(frozen=True)
class LoggedCall:
    attempt_id: int
    guest_id: int
    outcome: Outcome
    reward_id: int | None  # the birthday reward this outcome issued, if it did


@dataclass(frozen=True)
class CallToLog:
    guest_id: int
    reason: Reason
    occasion_on: dt.date
    phone: str | None
    referral_id: int | None = None
    feedback_id: int | None = None  # for a feedback call: the response it is about
    delivery_id: int | None = None  # for a notice call: the message's delivery


def log_outcome(
    services: Services,
    call: CallToLog,
    outcome: Outcome,
    *,
    note: str = "",
    booked_for: dt.date | None = None,
) -> LoggedCall:
    """Record one attempt at `call`, by the staff member at work, with what it issues."""
    if outcome is Outcome.BOOKED and booked_for is None:
        raise UserError(_("a booked call needs the date of the booking"))
    if (call.reason is Reason.FEEDBACK) != (call.feedback_id is not None):
        raise ValueError("a feedback call, and only one, names the response it is about")
    if (call.reason is Reason.NOTICE) != (call.delivery_id is not None):
        raise ValueError("a notice call, and only one, names the delivery it is about")
    now, settings, staff = services.clock.now(), services.settings, services.staff

    def work(session: Session) -> LoggedCall:
        attempt = CallAttempt(
            guest_id=call.guest_id,
            reason=call.reason.value,
            occasion_on=call.occasion_on,
            referral_id=call.referral_id,
            feedback_id=call.feedback_id,
            delivery_id=call.delivery_id,
            at=now,
            outcome=outcome.value,
            booked_for=booked_for,
            note=note.strip(),
            staff=staff,
            phone_e164=call.phone,
            site=settings.site,
        )
        session.add(attempt)
        session.flush()
        assert attempt.id is not None
        reward_id = None
        if call.reason is Reason.BIRTHDAY and outcome in _INVITED:
            reward_id = _issue_birthday_reward(session, call, attempt.id, now, settings)
        if outcome is Outcome.WRONG_NUMBER and call.phone is not None:
            _flag_phone(session, call.guest_id, call.phone, now)
        if call.feedback_id is not None:
            _settle_feedback(session, call.feedback_id, call.guest_id)
        if call.delivery_id is not None:
            settle_delivery(session, call.delivery_id, call.guest_id, settings.max_attempts, now)
        return LoggedCall(attempt.id, call.guest_id, outcome, reward_id)

    return services.write(work)


def _issue_birthday_reward(
    session: Session, call: CallToLog, attempt_id: int, now: dt.datetime, settings: Settings
) -> int | None:
    """One reward per birthday: reached then booked for the same occasion issues it once."""
    window = birthday_reward_window(call.occasion_on, settings.rewards["birthday"])
    existing = session.exec(
        select(Reward.id).where(
            Reward.guest_id == call.guest_id,
            Reward.kind == "birthday",
            Reward.valid_from == window.valid_from,
        )
    ).first()
    if existing is not None:
        return None
    reward = Reward(
        guest_id=call.guest_id,
        kind="birthday",
        # In the language spoken when the reward was issued: the words the guest heard.
        reason=birthday_reward_reason(call.occasion_on),
        valid_from=window.valid_from,
        valid_to=window.valid_to,
        issued_by_attempt_id=attempt_id,
        created_at=now,
    )
    session.add(reward)
    session.flush()
    return reward.id


def _flag_phone(session: Session, guest_id: int, e164: str, now: dt.datetime) -> None:
    for phone in session.exec(
        select(Phone).where(Phone.guest_id == guest_id, Phone.e164 == e164)
    ).all():
        phone.wrong_since = now
        session.add(phone)


def _settle_feedback(session: Session, feedback_id: int, guest_id: int | None = None) -> None:
    """The response is called back about from the first attempt on it that spoke to the guest
    (reached, booked or declined), or not at all: worked out again from its attempts, so that
    logging and undoing both leave it right."""
    response = session.get(Feedback, feedback_id)
    if response is None or (guest_id is not None and response.guest_id != guest_id):
        raise UserError(_("that feedback no longer exists: the call cannot be logged"))
    session.flush()
    spoke = [outcome.value for outcome in Outcome if outcome.spoke_to_guest]
    first = session.exec(
        select(CallAttempt.at)
        .where(CallAttempt.feedback_id == feedback_id, col(CallAttempt.outcome).in_(spoke))
        .order_by(col(CallAttempt.at), col(CallAttempt.id))
    ).first()
    if first is not None and first.tzinfo is None:  # SQLite gives back naive UTC
        first = first.replace(tzinfo=dt.UTC)
    response.called_back_at = first
    session.add(response)


def undo_outcome(services: Services, attempt_id: int) -> None:
    """Take back a logged outcome: the attempt goes, so does an unredeemed reward it issued,
    and a phone it flagged as wrong is trusted again."""
    max_attempts, now = services.settings.max_attempts, services.clock.now()

    def work(session: Session) -> None:
        attempt = session.get(CallAttempt, attempt_id)
        if attempt is None:
            raise UserError(_("that call was already undone"))
        reward = session.exec(
            select(Reward).where(Reward.issued_by_attempt_id == attempt_id)
        ).first()
        if reward is not None:
            if reward.redeemed_visit_id is not None:
                raise UserError(
                    _(
                        "the birthday reward from this call was already redeemed; it cannot be undone"
                    )
                )
            session.delete(reward)
        if attempt.outcome == Outcome.WRONG_NUMBER.value and attempt.phone_e164:
            for phone in session.exec(
                select(Phone).where(
                    Phone.guest_id == attempt.guest_id,
                    Phone.e164 == attempt.phone_e164,
                    col(Phone.wrong_since).is_not(None),
                )
            ).all():
                phone.wrong_since = None
                session.add(phone)
        session.delete(attempt)
        response_id = attempt.feedback_id
        if response_id is not None and session.get(Feedback, response_id) is not None:
            _settle_feedback(session, response_id)
        if attempt.delivery_id is not None:
            settle_delivery(session, attempt.delivery_id, attempt.guest_id, max_attempts, now)

    services.write(work)
