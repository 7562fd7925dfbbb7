"""The owner's report as values (product.md, "Reports and feedback"): what was counted, in
integers, and the ratios and averages made from them, None where there is nothing to divide by.

`Report.to_json()` is the `guestbook report --json` contract of product.md, field for field,
with more fields beside (every count a ratio is made of, and the period before, in the same
shape, under "previous").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from guestbook.domain.channels import CHANNELS


def ratio(part: int, whole: int) -> float | None:
    """part / whole, None when whole is 0 (the contract's null)."""
    return part / whole if whole else None


def rounded_share(cents: int, count: int) -> int | None:
    """cents / count in whole cents, half a cent up; None when count is 0."""
    return (cents + count // 2) // count if count else None


@dataclass(frozen=True)
class BirthdayCalls:
    """The birthday calls that fell due in the period (each a guest's birthday occasion):
    every one is reached, booked, declined, unreached (the last attempt allowed made without
    speaking to the guest), missed (the birthday passed, never spoken to, attempts left) or
    still open."""

    due: int
    reached: int  # the last word was reached: invited, no date set
    booked: int  # invited, and a date set
    declined: int
    unreached: int
    missed: int
    returned: int  # invited guests who came from the call to 30 days after the birthday
    returned_spend_cents: int  # their shares of those visits

    @property
    def invited(self) -> int:
        return self.reached + self.booked

    @property
    def open(self) -> int:
        return self.due - self.invited - self.declined - self.unreached - self.missed

    @property
    def return_rate(self) -> float | None:
        return ratio(self.returned, self.invited)

    def to_json(self) -> dict[str, Any]:
        return {
            "due": self.due,
            "reached": self.reached,
            "booked": self.booked,
            "declined": self.declined,
            "unreached": self.unreached,
            "missed": self.missed,
            "open": self.open,
            "invited": self.invited,
            "returned": self.returned,
            "return_rate": self.return_rate,
            "returned_spend_cents": self.returned_spend_cents,
        }


@dataclass(frozen=True)
class Loyalty:
    guests: int  # known guests who visited in the period
    repeat_guests: int  # of them, with 2 visits or more
    previous_guests: int  # known guests who visited in the period before, as long
    retained_guests: int  # of them, who came again in the period
    referred_guests_who_came: int  # referred guests whose first visit fell in the period
    referred_spend_cents: int  # their shares of the period's tables

    @property
    def retention(self) -> float | None:
        return ratio(self.retained_guests, self.previous_guests)

    @property
    def repeat(self) -> float | None:
        return ratio(self.repeat_guests, self.guests)

    def to_json(self) -> dict[str, Any]:
        return {
            "retention": self.retention,
            "repeat": self.repeat,
            "referred_guests_who_came": self.referred_guests_who_came,
            "referred_spend_cents": self.referred_spend_cents,
            "guests": self.guests,
            "repeat_guests": self.repeat_guests,
            "previous_guests": self.previous_guests,
            "retained_guests": self.retained_guests,
        }


@dataclass(frozen=True)
class Revenue:
    total_cents: int  # the known spends of the period's tables (an unknown spend is not 0)
    visits: int
    visits_with_spend: int
    guests: int  # known guests who visited
    guests_share_cents: int  # their shares of the tables (the rest: guests not recorded)
    top20_cents: int  # the shares of the fifth of them who spent most (ceil(guests / 5))

    @property
    def per_guest_cents(self) -> int | None:
        return rounded_share(self.total_cents, self.guests)

    @property
    def top20_guests(self) -> int:
        return (self.guests + 4) // 5

    @property
    def top20_share(self) -> float | None:
        return ratio(self.top20_cents, self.total_cents)

    def to_json(self) -> dict[str, Any]:
        return {
            "total_cents": self.total_cents,
            "per_guest_cents": self.per_guest_cents,
            "top20_share": self.top20_share,
            "visits": self.visits,
            "visits_with_spend": self.visits_with_spend,
            "guests": self.guests,
            "guests_share_cents": self.guests_share_cents,
            "top20_guests": self.top20_guests,
            "top20_cents": self.top20_cents,
        }


@dataclass(frozen=True)
class FeedbackFigures:
    responses: int
    ces_responses: int  # those with a Customer Effort Score (1-7)
    ces_total: int
    satisfaction_responses: int  # those with a satisfaction score (1-5)
    satisfaction_total: int
    low: int  # domain.feedback.is_low

    @property
    def ces_average(self) -> float | None:
        return ratio(self.ces_total, self.ces_responses)

    @property
    def satisfaction_average(self) -> float | None:
        return ratio(self.satisfaction_total, self.satisfaction_responses)

    def to_json(self) -> dict[str, Any]:
        return {
            "responses": self.responses,
            "ces_average": self.ces_average,
            "low": self.low,
            "satisfaction_average": self.satisfaction_average,
            "ces_responses": self.ces_responses,
            "satisfaction_responses": self.satisfaction_responses,
        }


@dataclass(frozen=True)
class AtRisk:
    """The regulars as of today (None: not known for another day): what a year of their
    visits is worth at their average share (the card's yearly value), and those of them late
    by their own rhythm, with the value at risk."""

    late_regulars: int | None
    value_at_risk_cents: int | None
    regulars: int | None = None
    regulars_yearly_value_cents: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "late_regulars": self.late_regulars,
            "value_at_risk_cents": self.value_at_risk_cents,
            "regulars": self.regulars,
            "regulars_yearly_value_cents": self.regulars_yearly_value_cents,
        }


@dataclass(frozen=True)
class ConsentCoverage:
    """Guests (not erased) who consent to each channel today; None: not known for another day."""

    guests: int | None
    granted: dict[str, int]  # channel → guests

    def share(self, channel: str) -> float | None:
        if self.guests is None:
            return None
        return ratio(self.granted.get(channel, 0), self.guests)

    def to_json(self) -> dict[str, Any]:
        return {
            **{channel: self.share(channel) for channel in CHANNELS},
            "guests": self.guests,
        }


UNKNOWN_AT_RISK = AtRisk(None, None)
UNKNOWN_CONSENT = ConsentCoverage(None, {})


@dataclass(frozen=True)
class PeriodFigures:
    start: dt.date
    end: dt.date
    birthday_calls: BirthdayCalls
    loyalty: Loyalty
    revenue: Revenue
    feedback: FeedbackFigures

    def to_json(
        self, at_risk: AtRisk = UNKNOWN_AT_RISK, consent: ConsentCoverage = UNKNOWN_CONSENT
    ) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "birthday_calls": self.birthday_calls.to_json(),
            "loyalty": self.loyalty.to_json(),
            "revenue": self.revenue.to_json(),
            "at_risk": at_risk.to_json(),
            "feedback": self.feedback.to_json(),
            "consent_coverage": consent.to_json(),
        }


@dataclass(frozen=True)
class Report:
    """A period's figures beside those of the period before, as long; the guests at risk and
    the consent coverage are today's (the previous period's are null)."""

    today: dt.date
    current: PeriodFigures
    previous: PeriodFigures
    at_risk: AtRisk
    consent: ConsentCoverage
    site: str = ""  # the site whose visits and guests it counts; '' for the whole group's

    @property
    def start(self) -> dt.date:
        return self.current.start

    @property
    def end(self) -> dt.date:
        return self.current.end

    def to_json(self) -> dict[str, Any]:
        return {
            **self.current.to_json(self.at_risk, self.consent),
            "today": self.today.isoformat(),
            "site": self.site,
            "previous": self.previous.to_json(),
        }
