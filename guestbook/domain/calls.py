"""The chef's agenda as pure rules: when a call is due, whether it shows, when it is missed.

Every call belongs to an *occasion* (a birthday's date, a referral, a lapse of a regular), with a
`due_on` date (first day on the agenda) and an `event_on` date (last day on the agenda). The
"Call states" table of product.md is implemented by `call_status` and `is_missed`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fractions import Fraction
from itertools import pairwise
from typing import NamedTuple

from guestbook.domain.reasons import Reason as Reason  # its home is domain.reasons
from guestbook.i18n import N_, _

MAX_ATTEMPTS = 4
# A thank-you call is due on the referred guest's first visit and stays on the agenda until
# 14 days after it (event_on = first visit + 14, inclusive).
THANKS_WINDOW_DAYS = 14
REGULAR_VISITS = 3
REGULAR_WINDOW_DAYS = 365
INTERVAL_WINDOW_DAYS = 730
LAPSE_FACTOR = 2.0
LAPSE_MIN_DAYS = 30
WINBACK_WINDOW_DAYS = 14


class Outcome(StrEnum):
    REACHED = "reached"
    BOOKED = "booked"
    VOICEMAIL = "voicemail"
    NO_ANSWER = "no_answer"
    DECLINED = "declined"
    WRONG_NUMBER = "wrong_number"

    @property
    def spoke_to_guest(self) -> bool:
        """The guest heard the invitation; an occasion with such an attempt is never missed."""
        return self in _SPOKE

    @property
    def label(self) -> str:
        """The outcome in words, as the chef would say it, in guestbook's language."""
        return _(_LABELS[self])


_LABELS: dict[Outcome, str] = {
    Outcome.REACHED: N_("reached"),
    Outcome.BOOKED: N_("booked"),
    Outcome.VOICEMAIL: N_("voicemail"),
    Outcome.NO_ANSWER: N_("no answer"),
    Outcome.DECLINED: N_("declined"),
    Outcome.WRONG_NUMBER: N_("wrong number"),
}


_RETRY = frozenset({Outcome.VOICEMAIL, Outcome.NO_ANSWER})
_SPOKE = frozenset({Outcome.REACHED, Outcome.BOOKED, Outcome.DECLINED})
OUTCOMES: tuple[str, ...] = tuple(outcome.value for outcome in Outcome)


class CallStatus(StrEnum):
    OVERDUE = "overdue"
    TODAY = "today"
    UPCOMING = "upcoming"


class Attempt(NamedTuple):
    # A named tuple, not a dataclass: the agenda builds one per attempt read, thousands of
    # times on a large database, and a tuple costs a fraction of a frozen dataclass.
    on: date  # the restaurant's local date of the attempt
    outcome: Outcome


# --- Call states --------------------------------------------------------------------------------


class AttemptSummary(NamedTuple):
    """What the call rules need to know of an occasion's attempts. The agenda reads it from
    SQL for thousands of occasions at once; `summarize` makes it from the attempts."""

    attempts: int
    spoke_to_guest: bool
    wrong_number_open: bool  # a wrong number, and no corrected phone saved since
    last: Attempt | None


def summarize(
    attempts: Sequence[Attempt], phone_corrected_after_wrong: bool = False
) -> AttemptSummary:
    """`attempts` in the order they were made; `phone_corrected_after_wrong`: a corrected
    phone was saved after the latest wrong number."""
    spoke = wrong_number = False
    for attempt in attempts:
        spoke = spoke or attempt.outcome in _SPOKE
        wrong_number = wrong_number or attempt.outcome is Outcome.WRONG_NUMBER
    last = attempts[-1] if attempts else None
    return AttemptSummary(
        len(attempts), spoke, wrong_number and not phone_corrected_after_wrong, last
    )


def summary_status(
    today: date,
    due_on: date,
    event_on: date,
    tried: AttemptSummary,
    max_attempts: int = MAX_ATTEMPTS,
) -> CallStatus | None:
    """call_status, from the summary of the attempts."""
    if today > event_on or tried.spoke_to_guest or tried.wrong_number_open:
        return None  # passed, or closed: the guest heard us, or the number is wrong
    if tried.attempts >= max_attempts:
        return None
    last = tried.last
    if last is None or last.outcome is Outcome.WRONG_NUMBER:
        # Never tried; or the corrected phone is what brings the call back: no reason to
        # wait a day.
        return _status_by_date(today, due_on)
    # After a voicemail or no answer the chef has done today's try: back tomorrow, overdue.
    return CallStatus.OVERDUE if today > last.on else None


def _status_by_date(today: date, due_on: date) -> CallStatus:
    if today < due_on:
        return CallStatus.UPCOMING
    return CallStatus.TODAY if today == due_on else CallStatus.OVERDUE


# --- Regulars and lapses ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lapse:
    occasion_on: date  # the last visit: one win-back call per lapse
    late_from: date
    window_end: date  # last day on the agenda, inclusive
    interval: int


def _days_up_to(visit_dates: Iterable[date], today: date, days: int) -> list[date]:
    """Distinct visit dates in the `days` days ending on `today` (today included), sorted."""
    since = today - timedelta(days=days)
    return sorted({day for day in visit_dates if since < day <= today})


def is_regular(visit_dates: Iterable[date], today: date) -> bool:
    """At least 3 visits (distinct days) in the 365 days ending today."""
    days = _days_up_to(visit_dates, today, REGULAR_WINDOW_DAYS)
    return regular_by_day_numbers([day.toordinal() for day in days], today.toordinal())


def regular_by_day_numbers(days: Sequence[int], today: int) -> bool:
    """is_regular on distinct visit days given as sorted day numbers (date.toordinal()), none
    after `today`: what bulk work computes without making dates."""
    return len(days) >= REGULAR_VISITS and days[-REGULAR_VISITS] > today - REGULAR_WINDOW_DAYS


def usual_interval(visit_dates: Iterable[date], today: date) -> int | None:
    """Median gap in days between distinct visit days of the last 730 days; None under 2 visits.

    A median of two middle gaps ending in .5 rounds up.
    """
    days = _days_up_to(visit_dates, today, INTERVAL_WINDOW_DAYS)
    if len(days) < 2:
        return None
    return median_gap([(later - earlier).days for earlier, later in pairwise(days)])


def median_gap(gaps: Sequence[int]) -> int:
    """The median of whole-day gaps; a median of two middle gaps ending in .5 rounds up.
    (Integer arithmetic: the demo computes it for a million guests.)"""
    ordered = sorted(gaps)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


def lapse_fraction(factor: float) -> tuple[int, int]:
    """`factor` as the exact fraction of its decimal text (numerator, denominator): 1.14 is
    114/100, never 1.1399999999999999. Queries compute late_from with these integers."""
    exact = Fraction(repr(factor))
    return exact.numerator, exact.denominator


def late_after_days(
    interval: int, factor: float = LAPSE_FACTOR, min_days: int = LAPSE_MIN_DAYS
) -> int:
    """The fewest days since the last visit that make a regular late.

    Late means: days since the last visit > factor × interval, and at least `min_days`.
    """
    if interval < 1:
        raise ValueError(f"a visit interval must be at least 1 day, got {interval}")
    numerator, denominator = lapse_fraction(factor)
    return max(numerator * interval // denominator + 1, min_days)


def lapse_window(
    last_visit_on: date,
    interval: int,
    factor: float = LAPSE_FACTOR,
    min_days: int = LAPSE_MIN_DAYS,
    window_days: int = WINBACK_WINDOW_DAYS,
) -> Lapse:
    """The lapse that follows this last visit if the guest does not come back."""
    late_from = last_visit_on + timedelta(days=late_after_days(interval, factor, min_days))
    window_end = late_from + timedelta(days=window_days - 1)
    return Lapse(last_visit_on, late_from, window_end, interval)


def value_at_risk_cents(avg_spend_cents: int, interval: int) -> int:
    """A year of visits at this guest's pace, in integer cents (half a cent rounds up)."""
    if interval < 1:
        raise ValueError(f"a visit interval must be at least 1 day, got {interval}")
    return (avg_spend_cents * 365 + interval // 2) // interval
