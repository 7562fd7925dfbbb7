"""The one reader of typed dates (domain.dates): bookings, visits, calendar jumps, filters."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.dates import (
    DateError,
    booking_date,
    calendar_date,
    filter_date,
    full_year,
    split_day_first,
    visit_date,
)

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("29/12", date(2026, 12, 29)),
        ("6/12", TODAY),  # today is not in the past
        ("3/1", date(2027, 1, 3)),  # a day already past this year: next year's
        ("29/12/2026", date(2026, 12, 29)),
        ("29-12-26", date(2026, 12, 29)),
        ("2027-01-03", date(2027, 1, 3)),
        ("3 janvier", date(2027, 1, 3)),
        ("3 Jan 2027", date(2027, 1, 3)),
        ("+3", TODAY + timedelta(days=3)),
        ("+ 0", TODAY),
    ],
)
def test_a_booking_is_read_day_first_and_forward(typed: str, expected: date) -> None:
    assert booking_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "type the date of the booking"),
        ("29/11/2026", "29/11/2026 is in the past"),
        ("29/11/26", "29/11/2026 is in the past"),  # a two-digit year is never a century on
        ("31/02", "does not exist"),
        ("demain", "is not a date: try 29/11"),
    ],
)
def test_a_booking_in_the_past_or_unreadable_is_refused(typed: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        booking_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("", TODAY),
        ("  ", TODAY),
        ("22/11", date(2026, 11, 22)),
        ("22/11/2026", date(2026, 11, 22)),
        ("22.11.26", date(2026, 11, 22)),
        ("2026-11-22", date(2026, 11, 22)),
        ("22 nov.", date(2026, 11, 22)),
    ],
)
def test_a_visit_date_defaults_to_today_and_looks_back(typed: str, expected: date) -> None:
    assert visit_date(typed, TODAY) == expected


def test_a_visit_typed_without_a_year_early_in_january_is_last_years() -> None:
    assert visit_date("30/12", date(2027, 1, 2)) == date(2026, 12, 30)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("7/12/2026", "the visit cannot be in the future"),
        ("31/04", "30 days"),
        ("22/11/1", "is not a date: type 22/11/2026 or 22/11"),
    ],
)
def test_a_visit_in_the_future_or_unreadable_is_refused(typed: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason):
        visit_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14/02/2027", date(2027, 2, 14)),
        ("14/02", date(2026, 2, 14)),  # this year's
        ("02/2027", date(2027, 2, 1)),  # a month
        ("2-2027", date(2027, 2, 1)),
        ("2027-02-14", date(2027, 2, 14)),
        # Regression: the calendar's own parser read a two-digit year as the year 27.
        ("14/02/27", date(2027, 2, 14)),
        ("14 févr. 27", date(2027, 2, 14)),
        ("14/02/70", date(2070, 2, 14)),  # nearer than 1970
        ("14/02/80", date(1980, 2, 14)),  # nearer than 2080
    ],
)
def test_a_calendar_jump_reads_a_day_or_a_month(typed: str, expected: date) -> None:
    assert calendar_date(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["13/2027", "29/02/2027", "", "février"])
def test_a_calendar_jump_to_no_day_is_refused(typed: str) -> None:
    with pytest.raises(DateError):
        calendar_date(typed, TODAY)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("01/01/2026", date(2026, 1, 1)),
        ("1/1/26", date(2026, 1, 1)),
        ("1/1/70", date(1970, 1, 1)),  # never in the future: the latest such year
        ("2026-01-01", date(2026, 1, 1)),
        ("25/12", date(2025, 12, 25)),  # the latest 25 December not in the future
    ],
)
def test_a_filter_date_looks_back(typed: str, expected: date) -> None:
    assert filter_date(typed, TODAY) == expected


def test_every_reading_shares_the_day_first_forms() -> None:
    for typed in ("12/03/2027", "12-03-2027", "12.03.2027", "12 03 2027", "12 mars 2027"):
        assert split_day_first(typed, "") == (12, 3, "2027")
    assert split_day_first("1er janvier", "") == (1, 1, None)
    assert split_day_first("March 12, 1970", "") == (12, 3, "1970")


@given(
    two=st.integers(0, 99),
    day=st.dates(date(1990, 1, 1), date(2099, 12, 31)),
    today=st.dates(date(1990, 1, 1), date(2099, 12, 31)),
)
def test_a_two_digit_year_read_as_past_is_the_latest_not_in_the_future(
    two: int, day: date, today: date
) -> None:
    month, dom = day.month, min(day.day, 28)
    year = full_year(two, dom, month, today, "past")
    assert year % 100 == two
    assert date(year, month, dom) <= today
    assert date(year + 100, month, dom) > today


@given(
    two=st.integers(0, 99),
    day=st.dates(date(1990, 1, 1), date(2099, 12, 31)),
    today=st.dates(date(1990, 1, 1), date(2099, 12, 31)),
)
def test_a_two_digit_year_read_as_nearest_is_the_closest(two: int, day: date, today: date) -> None:
    month, dom = day.month, min(day.day, 28)
    year = full_year(two, dom, month, today, "nearest")
    assert year % 100 == two
    chosen = abs((date(year, month, dom) - today).days)
    for other in (year - 100, year + 100):
        assert chosen <= abs((date(other, month, dom) - today).days)
