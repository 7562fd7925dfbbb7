"""Regulars and their lapses: who is a regular, their usual interval, when they are late and
for how long a win-back call stays on the agenda, and the value at risk."""

from __future__ import annotations

import math
from datetime import date, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.calls import (
    Lapse,
    Reason,
    is_regular,
    lapse_window,
    late_after_days,
    usual_interval,
    value_at_risk_cents,
)
from tests.oracles.calls import Occasion, lapse, lapse_from_summary, winback_occasion

DAY = timedelta(days=1)

# --- regulars -----------------------------------------------------------------------------------

TODAY = date(2026, 11, 20)


def days_ago(*offsets: int) -> list[date]:
    return [TODAY - offset * DAY for offset in offsets]


def test_is_regular_needs_three_visit_days_in_365() -> None:
    assert is_regular(days_ago(0, 100, 364), TODAY)
    assert not is_regular(days_ago(0, 100, 365), TODAY)
    assert not is_regular(days_ago(10, 20), TODAY)
    assert not is_regular([], TODAY)


def test_is_regular_counts_days_not_tables() -> None:
    assert not is_regular(days_ago(5, 5, 5, 20), TODAY)
    assert is_regular(days_ago(5, 5, 20, 30), TODAY)


def test_is_regular_ignores_visits_after_today() -> None:
    assert not is_regular([*days_ago(5, 20), TODAY + DAY], TODAY)


def test_usual_interval_is_the_median_gap() -> None:
    assert usual_interval(days_ago(0, 10, 30, 60), TODAY) == 20
    assert usual_interval(days_ago(0, 30), TODAY) == 30
    assert usual_interval(days_ago(0, 10, 30), TODAY) == 15  # median of 10 and 20
    assert usual_interval(days_ago(0, 10, 21), TODAY) == 11  # 10.5 rounds up


def test_usual_interval_window_and_duplicates() -> None:
    assert usual_interval(days_ago(0, 729), TODAY) == 729
    assert usual_interval(days_ago(0, 730), TODAY) is None
    assert usual_interval(days_ago(0, 0, 7, 7, 14), TODAY) == 7
    assert usual_interval(days_ago(3), TODAY) is None
    assert usual_interval([], TODAY) is None
    assert usual_interval([*days_ago(10), TODAY + DAY], TODAY) is None


# --- lapses -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "factor", "min_days", "days"),
    [
        (10, 2.0, 30, 30),  # 2 × 10 = 20: the 30-day floor decides
        (15, 2.0, 30, 31),  # must exceed 30, and 31 ≥ 30
        (20, 2.0, 30, 41),  # must exceed 40
        (7, 1.5, 30, 30),
        (7, 1.5, 0, 11),  # exceed 10.5
        (100, 1.15, 30, 116),  # exceed exactly 115, although 1.15 × 100 = 114.999… in floats
        (45, 1.4, 0, 64),  # exceed exactly 63
    ],
)
def test_late_after_days(interval: int, factor: float, min_days: int, days: int) -> None:
    assert late_after_days(interval, factor, min_days) == days


def test_late_after_days_refuses_a_zero_interval() -> None:
    with pytest.raises(ValueError, match="at least 1 day"):
        late_after_days(0)


@given(
    st.integers(1, 400), st.sampled_from((1.0, 1.1, 1.15, 1.5, 2.0, 2.3, 3.0)), st.integers(0, 60)
)
def test_late_after_days_is_the_first_late_day(interval: int, factor: float, min_days: int) -> None:
    def late(days: int) -> bool:
        return days > Fraction(str(factor)) * interval and days >= min_days

    days = late_after_days(interval, factor, min_days)
    assert late(days)
    assert not late(days - 1)


def test_lapse_window() -> None:
    last = date(2026, 1, 10)
    assert lapse_window(last, 20) == Lapse(last, date(2026, 2, 20), date(2026, 3, 5), 20)
    assert lapse_window(last, 20, window_days=1).window_end == date(2026, 2, 20)


def test_lapse_from_summary_only_inside_the_window() -> None:
    last = date(2026, 1, 10)
    late_from, window_end = date(2026, 2, 20), date(2026, 3, 5)
    assert lapse_from_summary(last, 20, late_from - DAY) is None
    assert lapse_from_summary(last, 20, late_from) == Lapse(last, late_from, window_end, 20)
    assert lapse_from_summary(last, 20, window_end) == Lapse(last, late_from, window_end, 20)
    assert lapse_from_summary(last, 20, window_end + DAY) is None
    assert lapse_from_summary(None, 20, late_from) is None
    assert lapse_from_summary(last, None, late_from) is None


def test_lapse_follows_the_settings() -> None:
    last = date(2026, 1, 10)
    # 3 × 20 days: late after 61 days, on 12 March, and for 3 days only.
    assert lapse_from_summary(last, 20, date(2026, 3, 11), factor=3.0, window_days=3) is None
    found = lapse_from_summary(last, 20, date(2026, 3, 12), factor=3.0, window_days=3)
    assert found == Lapse(last, date(2026, 3, 12), date(2026, 3, 14), 20)
    assert lapse_from_summary(last, 20, date(2026, 3, 15), factor=3.0, window_days=3) is None
    # A floor above the interval's own margin wins.
    assert lapse_from_summary(last, 5, date(2026, 2, 8), min_days=30) is None
    assert lapse_from_summary(last, 5, date(2026, 2, 9), min_days=30) is not None


def every(days: int, count: int, last: date) -> list[date]:
    return [last - n * days * DAY for n in range(count)]


def test_lapse_of_a_regular() -> None:
    last = date(2026, 10, 1)
    visits = every(10, 6, last)
    assert lapse(visits, last + 29 * DAY) is None
    expected = Lapse(last, last + 30 * DAY, last + 43 * DAY, 10)
    assert lapse(visits, last + 30 * DAY) == expected
    assert lapse(visits, last + 43 * DAY) == expected
    assert lapse(visits, last + 44 * DAY) is None
    assert winback_occasion(expected) == Occasion(
        Reason.WINBACK, last, last + 30 * DAY, last + 43 * DAY
    )


def test_no_lapse_for_a_guest_who_is_not_a_regular() -> None:
    last = date(2026, 10, 1)
    assert lapse(every(10, 2, last), last + 35 * DAY) is None
    assert lapse([], last) is None


def test_a_new_visit_ends_the_lapse() -> None:
    last = date(2026, 10, 1)
    visits = every(10, 6, last)
    back = last + 35 * DAY
    assert lapse(visits, back) is not None
    assert lapse([*visits, back], back) is None
    # A visit recorded after `today` (a pretend date) is not yet known.
    assert lapse([*visits, back + DAY], back) is not None


def test_a_slow_regular_is_judged_as_of_their_last_visit() -> None:
    # Every 100 days: when late (day 201) only two visits are left in the last 365 days, but
    # they were a regular when they stopped coming, so the lapse counts.
    last = date(2026, 6, 1)
    visits = every(100, 3, last)
    assert not is_regular(visits, last + 201 * DAY)
    assert lapse(visits, last + 201 * DAY) == Lapse(last, last + 201 * DAY, last + 214 * DAY, 100)


def test_the_lapse_does_not_vanish_inside_its_window() -> None:
    last = date(2026, 6, 1)
    visits = every(90, 3, last)
    window = lapse_window(last, 90)
    day = window.late_from
    while day <= window.window_end:
        assert lapse(visits, day) == window
        day += DAY


def test_value_at_risk_cents() -> None:
    assert value_at_risk_cents(4_000, 30) == 48_667  # 48 666.67 cents
    assert value_at_risk_cents(4_000, 365) == 4_000
    assert value_at_risk_cents(1, 10) == 37  # 36.5 rounds up
    assert value_at_risk_cents(0, 7) == 0
    with pytest.raises(ValueError, match="at least 1 day"):
        value_at_risk_cents(4_000, 0)


@given(st.integers(0, 10_000_000), st.integers(1, 1_000))
def test_value_at_risk_is_the_nearest_cent(avg: int, interval: int) -> None:
    exact = Fraction(avg * 365, interval)
    assert abs(value_at_risk_cents(avg, interval) - exact) <= Fraction(1, 2)
    assert isinstance(value_at_risk_cents(avg, interval), int)
    assert value_at_risk_cents(avg, interval) == math.floor(exact + Fraction(1, 2))
