"""Birthdays every test of dates may meet: each day of the year, years with and without
29 February, both rules for it, and the days of a year."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from hypothesis import strategies as st

from guestbook.domain.birthdays import Birthday
from guestbook.settings import Feb29Rule

TODAY = date(2026, 11, 20)
RULES: tuple[Feb29Rule, ...] = ("feb28", "mar1")
# Leap and non-leap years, and 2100: divisible by 4 but not a leap year.
YEARS = (2023, 2024, 2025, 2028, 2100)
EVERY_BIRTHDAY = [
    Birthday(day, month)
    for month in range(1, 13)
    for day in range(1, (29 if month == 2 else calendar.monthrange(2001, month)[1]) + 1)
]


def birthdays(with_year: bool = False) -> st.SearchStrategy[Birthday]:
    """Any day of the year; with a birth year up to TODAY too when `with_year`."""
    plain = st.sampled_from(EVERY_BIRTHDAY)
    if not with_year:
        return plain
    dated = st.dates(date(1906, 11, 21), TODAY).map(lambda d: Birthday(d.day, d.month, d.year))
    return plain | dated


def days_of(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=n) for n in range(366 if calendar.isleap(year) else 365)]
