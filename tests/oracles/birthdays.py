"""When a birthday falls, the naive way: every year of a window, every birthday of a month."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date

from guestbook.domain.birthdays import Birthday, Feb29Rule, observed_date, observed_on
from guestbook.domain.dates import check_exists


def occurrences_in(birthday: Birthday, start: date, end: date, feb29: Feb29Rule) -> list[date]:
    """Every observed date from start to end, both inclusive, in order (windows may cross years)."""
    dates = (observed_date(birthday, year, feb29) for year in range(start.year, end.year + 1))
    return [day for day in dates if start <= day <= end]


def month_counts(
    birthdays: Iterable[tuple[int, int]], year: int, month: int, feb29: Feb29Rule
) -> dict[int, tuple[int, int]]:
    """For a calendar: day → (birthdays observed that day, how many of them are a moved 29/02).

    `birthdays` are (month, day) pairs. Every day of the month is present, empty days as (0, 0).
    """
    counts = {day: [0, 0] for day in range(1, calendar.monthrange(year, month)[1] + 1)}
    for birth_month, birth_day in birthdays:
        check_exists(birth_day, birth_month, None)
        observed = observed_on(birth_month, birth_day, year, feb29)
        if observed.month != month or observed.year != year:
            continue
        counts[observed.day][0] += 1
        if (birth_month, birth_day) != (observed.month, observed.day):
            counts[observed.day][1] += 1
    return {day: (total, moved) for day, (total, moved) in counts.items()}
