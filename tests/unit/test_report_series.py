"""The report's charts (issue 17): visits per ISO week, the birthday calls' return rate per
month and the value at risk per month, on constructed data whose answers are worked out by
hand in each test.

Today is Sunday 22 November 2026 (tests/conftest.py), lead_days 7. The tests read the first
half of 2026: 1 January is a Thursday, so the first week starts on Monday 29 December 2025,
and 30 June a Tuesday, so the last starts on Monday 29 June: 27 weeks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason, value_at_risk_cents
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.reports import report
from guestbook.services.reports.series import mondays, months_of, series
from guestbook.services.rights.erasure import erase_guests
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

D = dt.date
JAN, JUN = D(2026, 1, 1), D(2026, 6, 30)


def on(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def test_weeks_and_months_of_a_period_cut_to_it() -> None:
    weeks = mondays((JAN, JUN))
    assert (len(weeks), weeks[0], weeks[1], weeks[-1]) == (
        27,
        D(2025, 12, 29),
        D(2026, 1, 5),
        D(2026, 6, 29),
    )
    assert mondays((D(2026, 11, 23), D(2026, 11, 29))) == [D(2026, 11, 23)]  # Monday to Sunday
    assert months_of((D(2025, 11, 23), D(2026, 1, 10))) == [
        (D(2025, 11, 23), D(2025, 11, 30)),
        (D(2025, 12, 1), D(2025, 12, 31)),
        (D(2026, 1, 1), D(2026, 1, 10)),
    ]
    assert months_of((D(2024, 2, 1), D(2024, 2, 29))) == [(D(2024, 2, 1), D(2024, 2, 29))]


def test_visits_per_week_count_the_tables_of_the_periods_days(services: Services) -> None:
    anne = add_guest(services, "Anne", "Test")
    add_visit(services, D(2025, 12, 31), anne)  # the first week, but before the period
    add_visit(services, D(2026, 1, 1), anne)  # Thursday
    add_visit(services, D(2026, 1, 1))  # a table of no known guest counts too
    add_visit(services, D(2026, 1, 4), anne)  # Sunday: the same week
    add_visit(services, D(2026, 1, 5), anne)  # Monday: the next one
    add_visit(services, D(2026, 6, 30), anne)  # Tuesday of the last week
    add_visit(services, D(2026, 7, 1), anne)  # the same week, after the period

    weeks = series(services, (JAN, JUN)).weeks
    assert len(weeks) == 27
    counted = {week.monday: week.visits for week in weeks if week.visits}
    assert counted == {D(2025, 12, 29): 3, D(2026, 1, 5): 1, D(2026, 6, 29): 1}
    assert sum(week.visits for week in weeks) == report(services, JAN, JUN).current.revenue.visits


def _born(services: Services, name: str, birthday: Birthday) -> int:
    return add_guest(on(services, D(2025, 6, 1)), name, "Anniversaire", birthday=birthday)


def _call(
    services: Services,
    day: dt.date,
    guest_id: int,
    birthday: dt.date,
    outcome: Outcome,
    booked_for: dt.date | None = None,
) -> None:
    call = CallToLog(guest_id, Reason.BIRTHDAY, birthday, None)
    log_outcome(on(services, day), call, outcome, booked_for=booked_for)


def test_the_return_rate_month_by_month_is_the_reports_own(services: Services) -> None:
    """A call falls in the month it is due (7 days before the birthday):
    - Alice, born 5 Feb: due 29 Jan, reached that day, came 10 Feb: January, returned;
    - Basile, born 20 Feb: due 13 Feb, booked for 21 Feb, never came: February, not returned;
    - Chloé, born 3 Mar: due 24 Feb, reached 25 Feb, came 1 Apr (29 days after): February,
      returned;
    - Denis, born 10 Mar: due 3 Mar, declined: March, nobody invited;
    - Emma, born 3 Jan: due 27 Dec 2025, before the period: in no month."""
    alice, basile, chloe, denis, emma = (
        _born(services, name, Birthday(day, month))
        for name, day, month in (
            ("Alice", 5, 2),
            ("Basile", 20, 2),
            ("Chloé", 3, 3),
            ("Denis", 10, 3),
            ("Emma", 3, 1),
        )
    )
    _call(services, D(2026, 1, 29), alice, D(2026, 2, 5), Outcome.REACHED)
    add_visit(services, D(2026, 2, 10), alice)
    _call(services, D(2026, 2, 14), basile, D(2026, 2, 20), Outcome.BOOKED, D(2026, 2, 21))
    _call(services, D(2026, 2, 25), chloe, D(2026, 3, 3), Outcome.REACHED)
    add_visit(services, D(2026, 4, 1), chloe)
    _call(services, D(2026, 3, 3), denis, D(2026, 3, 10), Outcome.DECLINED)
    _call(services, D(2025, 12, 28), emma, D(2026, 1, 3), Outcome.REACHED)
    add_visit(services, D(2026, 1, 3), emma)

    returns = series(services, (JAN, JUN)).returns
    assert [month.month for month in returns] == [D(2026, month, 1) for month in range(1, 7)]
    assert [(month.invited, month.returned, month.rate) for month in returns] == [
        (1, 1, 1.0),
        (2, 1, 0.5),
        (0, 0, None),
        (0, 0, None),
        (0, 0, None),
        (0, 0, None),
    ]
    assert returns[2].calls.declined == 1
    calls = report(services, JAN, JUN).current.birthday_calls
    assert (calls.invited, calls.returned) == (3, 2)  # the months add up to the period


def _regular(services: Services, name: str, days: list[dt.date], spend_cents: int) -> int:
    guest_id = add_guest(services, name, "Régulier")
    for day in days:
        add_visit(services, day, guest_id, spend_cents=spend_cents)
    return guest_id


def test_value_at_risk_by_the_month_regulars_became_late(services: Services) -> None:
    """Late from max(2 × the usual interval + 1, 30) days after the last visit:
    - Rémi every 10 days in January at 40.00 €: late from 20 February;
    - Rose every 14 days from 1 February at 60.00 €: late from 31 March;
    - Paul every 5 days in January, late from 10 February, came back on 15 November: late
      again only from 15 December, after the period;
    - Juin every 10 days in June: late from 21 July, after the period;
    - Effacée, late from 10 February, erased."""
    _regular(services, "Rémi", [D(2026, 1, 1), D(2026, 1, 11), D(2026, 1, 21)], 4_000)
    _regular(services, "Rose", [D(2026, 2, 1), D(2026, 2, 15), D(2026, 3, 1)], 6_000)
    paul = _regular(services, "Paul", [D(2026, 1, 1), D(2026, 1, 6), D(2026, 1, 11)], 2_000)
    add_visit(services, D(2026, 11, 15), paul, spend_cents=2_000)
    _regular(services, "Juin", [D(2026, 6, 1), D(2026, 6, 11), D(2026, 6, 21)], 5_000)
    gone = _regular(services, "Effacée", [D(2026, 1, 1), D(2026, 1, 6), D(2026, 1, 11)], 9_000)
    erase_guests(services, [gone])

    at_risk = series(services, (JAN, JUN)).at_risk
    # Rémi: 4,000 × 365 / 10 = 146,000; Rose: 6,000 × 365 / 14 = 156,428.6, rounded.
    assert [(month.month.month, month.late_regulars, month.value_cents) for month in at_risk] == [
        (1, 0, 0),
        (2, 1, 146_000),
        (3, 1, 156_429),
        (4, 0, 0),
        (5, 0, 0),
        (6, 0, 0),
    ]
    assert value_at_risk_cents(6_000, 14) == 156_429  # the first version's formula
    # Paul's new lapse starts on 15 December: after today, so not yet in its month.
    later = series(services, (D(2026, 11, 1), D(2026, 12, 31))).at_risk
    assert [(month.late_regulars, month.value_cents) for month in later] == [(0, 0), (0, 0)]
    # The months of the whole year add up to today's figure, Juin (late in July) included.
    year = series(services, (D(2025, 11, 23), D(2026, 11, 22))).at_risk
    today = report(services).at_risk
    assert sum(month.late_regulars for month in year) == today.late_regulars == 3
    assert sum(month.value_cents for month in year) == today.value_at_risk_cents
