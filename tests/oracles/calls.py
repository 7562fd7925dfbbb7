"""The call rules as product.md states them, occasion by occasion and attempt by attempt: the
naive forms that check the agenda's read model (which sums attempts up in SQL and reads
summary columns) and that the spec tables are written against."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from guestbook.domain.birthdays import Birthday, Feb29Rule, call_due_on, next_occurrence
from guestbook.domain.calls import (
    LAPSE_FACTOR,
    LAPSE_MIN_DAYS,
    MAX_ATTEMPTS,
    THANKS_WINDOW_DAYS,
    WINBACK_WINDOW_DAYS,
    Attempt,
    CallStatus,
    Lapse,
    Reason,
    is_regular,
    lapse_window,
    summarize,
    summary_status,
    usual_interval,
)


@dataclass(frozen=True)
class Occasion:
    reason: Reason
    occasion_on: date  # the key attempts are filed under (see CallAttempt.occasion_on)
    due_on: date
    event_on: date


def call_status(
    today: date,
    due_on: date,
    event_on: date,
    attempts: Sequence[Attempt],
    max_attempts: int = MAX_ATTEMPTS,
    phone_corrected_after_wrong: bool = False,
) -> CallStatus | None:
    """The status of one occasion's call on `today`, or None when it is not on the agenda.

    `attempts` are this occasion's attempts in the order they were made.
    `phone_corrected_after_wrong`: a corrected phone was saved after the latest wrong number.
    """
    summary = summarize(attempts, phone_corrected_after_wrong)
    return summary_status(today, due_on, event_on, summary, max_attempts)


def is_missed(today: date, event_on: date, attempts: Iterable[Attempt]) -> bool:
    """The event has passed and nobody spoke to the guest (reports count these)."""
    return today > event_on and not any(attempt.outcome.spoke_to_guest for attempt in attempts)


def birthday_occasion(
    birthday: Birthday, today: date, lead_days: int, feb29: Feb29Rule
) -> Occasion:
    """The birthday call that concerns `today`: the next occurrence on or after today.

    Once a birthday has passed, the next one is a year away: the passed one is only a report
    figure (missed or not), never on the agenda again.
    """
    event_on = next_occurrence(birthday, today, feb29)
    return Occasion(Reason.BIRTHDAY, event_on, call_due_on(event_on, lead_days), event_on)


def referral_thanks_occasion(first_visit_on: date, recorded_on: date | None = None) -> Occasion:
    """The thank-you call to a sponsor, keyed by the referred guest's first visit.

    Due when both the referral and the visit exist (a referral may be recorded after the visit),
    and on the agenda until THANKS_WINDOW_DAYS days after that.
    """
    due_on = max(first_visit_on, recorded_on or first_visit_on)
    event_on = due_on + timedelta(days=THANKS_WINDOW_DAYS)
    return Occasion(Reason.REFERRAL_THANKS, first_visit_on, due_on, event_on)


def winback_occasion(lapse: Lapse) -> Occasion:
    return Occasion(Reason.WINBACK, lapse.occasion_on, lapse.late_from, lapse.window_end)


def lapse_from_summary(
    last_visit_on: date | None,
    interval: int | None,
    today: date,
    factor: float = LAPSE_FACTOR,
    min_days: int = LAPSE_MIN_DAYS,
    window_days: int = WINBACK_WINDOW_DAYS,
) -> Lapse | None:
    """The lapse on the agenda today, from a guest's summary columns; the caller checks that
    the guest is a regular. None when not late, or late for longer than the window."""
    if last_visit_on is None or interval is None:
        return None
    window = lapse_window(last_visit_on, interval, factor, min_days, window_days)
    return window if window.late_from <= today <= window.window_end else None


def lapse(
    visit_dates: Iterable[date],
    today: date,
    factor: float = LAPSE_FACTOR,
    min_days: int = LAPSE_MIN_DAYS,
    window_days: int = WINBACK_WINDOW_DAYS,
) -> Lapse | None:
    """The lapse on the agenda today, from the full visit history.

    Whether the guest is a regular, and their interval, are judged as of their last visit: a
    regular who stops coming stays one for this lapse (judged on today, anyone whose interval
    is over ~90 days would stop being a regular before being late, and a call could vanish in
    the middle of its window). This also matches summary columns updated when a visit is saved.
    """
    days = sorted({day for day in visit_dates if day <= today})
    if not days or not is_regular(days, days[-1]):
        return None
    return lapse_from_summary(
        days[-1], usual_interval(days, days[-1]), today, factor, min_days, window_days
    )
