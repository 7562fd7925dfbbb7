"""One call on the agenda, and one logged today: the values the screens, the sheet and the
terminal read (services.agenda.calls builds them from the statement's rows)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from guestbook.domain.calls import CallStatus, Outcome, Reason


class AgendaCall(NamedTuple):
    """One call on the agenda. A named tuple: immutable like the domain's values, and built
    three times faster than a frozen dataclass, which counts when a script lists 40,000."""

    guest_id: int
    name: str
    phone: str  # E.164
    reason: Reason
    due_on: dt.date
    event_on: dt.date
    status: CallStatus
    occasion_on: dt.date  # the key attempts are logged under
    partner: str | None = None
    turning: int | None = None
    milestone: bool = False
    attempts: int = 0
    last_outcome: Outcome | None = None
    rewards_owed: int = 0
    last_visit_on: dt.date | None = None
    referral_id: int | None = None
    referred_name: str | None = None  # for a thank-you call: whom the sponsor brought
    usual_interval_days: int | None = None  # for a win-back call
    # For a feedback call: the response it is about, its scores and comment (what to talk of).
    feedback_id: int | None = None
    ces: int | None = None
    satisfaction: int | None = None
    comment: str | None = None
    # For a notice call: the message's delivery, its subject, and its text for this guest (the
    # script the chef reads out).
    delivery_id: int | None = None
    subject: str | None = None
    script: str | None = None


class DoneCall(NamedTuple):
    """A call logged today that left the agenda (reached, booked, declined, wrong number, or
    tried and back tomorrow), with its last attempt."""

    call: AgendaCall
    outcome: Outcome
    at: dt.datetime  # local time
    booked_for: dt.date | None
    staff: str
    note: str
