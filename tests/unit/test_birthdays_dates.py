"""Birthdays in time: when one falls (29 February in any year, across the new year), ages,
milestones and the calendar's counts. Reading and writing them: test_birthdays_parsing.py."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.birthdays import (
    Birthday,
    BirthdayError,
    age_on,
    age_turning,
    call_due_on,
    is_milestone,
    next_occurrence,
    observed_date,
)
from guestbook.settings import Feb29Rule
from tests.oracles.birthdays import month_counts, occurrences_in
from tests.unit.birthday_cases import EVERY_BIRTHDAY, RULES, TODAY, YEARS, birthdays, days_of

# --- when a birthday falls ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "rule", "expected"),
    [
        (2024, "feb28", date(2024, 2, 29)),
        (2024, "mar1", date(2024, 2, 29)),
        (2028, "mar1", date(2028, 2, 29)),
        (2000, "feb28", date(2000, 2, 29)),
        (2023, "feb28", date(2023, 2, 28)),
        (2023, "mar1", date(2023, 3, 1)),
        (2025, "feb28", date(2025, 2, 28)),
        (2025, "mar1", date(2025, 3, 1)),
        (2100, "feb28", date(2100, 2, 28)),
        (2100, "mar1", date(2100, 3, 1)),
    ],
)
def test_29_february_observed(year: int, rule: Feb29Rule, expected: date) -> None:
    assert observed_date(Birthday(29, 2), year, rule) == expected


@pytest.mark.parametrize("rule", RULES)
def test_other_days_are_never_moved(rule: Feb29Rule) -> None:
    assert observed_date(Birthday(28, 2), 2025, rule) == date(2025, 2, 28)
    assert observed_date(Birthday(1, 3), 2025, rule) == date(2025, 3, 1)
    assert observed_date(Birthday(31, 12, 1970), 2025, rule) == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("birthday", "start", "rule", "expected"),
    [
        (Birthday(12, 3), date(2026, 3, 12), "feb28", date(2026, 3, 12)),  # on the day
        (Birthday(12, 3), date(2026, 3, 13), "feb28", date(2027, 3, 12)),  # the day after
        (Birthday(2, 1), date(2025, 12, 26), "feb28", date(2026, 1, 2)),  # across new year
        (Birthday(29, 2), date(2025, 3, 1), "mar1", date(2025, 3, 1)),
        (Birthday(29, 2), date(2025, 3, 1), "feb28", date(2026, 2, 28)),
        (Birthday(29, 2), date(2027, 3, 1), "feb28", date(2028, 2, 29)),
        (Birthday(29, 2), date(2027, 3, 2), "mar1", date(2028, 2, 29)),
        (Birthday(29, 2), date(2024, 2, 29), "mar1", date(2024, 2, 29)),
        (Birthday(29, 2), date(2099, 3, 1), "feb28", date(2100, 2, 28)),
    ],
)
def test_next_occurrence(birthday: Birthday, start: date, rule: Feb29Rule, expected: date) -> None:
    assert next_occurrence(birthday, start, rule) == expected


def test_call_due_on_crosses_the_new_year() -> None:
    occurrence = next_occurrence(Birthday(2, 1), date(2025, 12, 20), "feb28")
    assert call_due_on(occurrence, 7) == date(2025, 12, 26)
    assert call_due_on(date(2026, 3, 12), 0) == date(2026, 3, 12)
    assert call_due_on(date(2024, 3, 5), 7) == date(2024, 2, 27)


@given(
    birthdays(with_year=True),
    st.sampled_from(YEARS).flatmap(lambda y: st.sampled_from(days_of(y))),
    st.sampled_from(RULES),
    st.integers(0, 60),
)
def test_due_date_is_lead_days_before_the_birthday_or_its_observed_date(
    birthday: Birthday, today: date, rule: Feb29Rule, lead_days: int
) -> None:
    occurrence = next_occurrence(birthday, today, rule)
    assert (occurrence - call_due_on(occurrence, lead_days)).days == lead_days
    assert today <= occurrence < today + timedelta(days=366)
    # It is the birthday itself, or 29 February moved in a year without one.
    if (occurrence.month, occurrence.day) != (birthday.month, birthday.day):
        assert (birthday.day, birthday.month) == (29, 2)
        assert not calendar.isleap(occurrence.year)
        assert occurrence == (
            date(occurrence.year, 2, 28) if rule == "feb28" else date(occurrence.year, 3, 1)
        )
    # Nothing skipped: no observed date lies between today and the one returned.
    assert observed_date(birthday, occurrence.year - 1, rule) < today


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("rule", RULES)
def test_a_year_holds_each_birthday_exactly_once(year: int, rule: Feb29Rule) -> None:
    for birthday in EVERY_BIRTHDAY:
        found = occurrences_in(birthday, date(year, 1, 1), date(year, 12, 31), rule)
        assert found == [observed_date(birthday, year, rule)]


@given(
    birthdays(),
    st.sampled_from(YEARS).flatmap(lambda y: st.sampled_from(days_of(y))),
    st.sampled_from(RULES),
)
def test_consecutive_occurrences_are_a_year_apart(
    birthday: Birthday, start: date, rule: Feb29Rule
) -> None:
    found = occurrences_in(birthday, start, start + timedelta(days=4 * 366), rule)
    # Four years and a bit always hold four or five: never a year skipped or a double.
    assert len(found) in (4, 5)
    assert {(later - earlier).days for earlier, later in pairwise(found)} <= {365, 366}
    assert found[0] == next_occurrence(birthday, start, rule)


def test_occurrences_in_crosses_years_and_is_inclusive() -> None:
    assert occurrences_in(Birthday(2, 1), date(2025, 12, 1), date(2026, 1, 31), "feb28") == [
        date(2026, 1, 2)
    ]
    assert occurrences_in(Birthday(15, 12), date(2025, 12, 15), date(2026, 12, 15), "feb28") == [
        date(2025, 12, 15),
        date(2026, 12, 15),
    ]
    assert occurrences_in(Birthday(29, 2), date(2023, 1, 1), date(2025, 12, 31), "feb28") == [
        date(2023, 2, 28),
        date(2024, 2, 29),
        date(2025, 2, 28),
    ]
    assert occurrences_in(Birthday(29, 2), date(2025, 3, 1), date(2025, 3, 1), "mar1") == [
        date(2025, 3, 1)
    ]
    assert occurrences_in(Birthday(12, 3), date(2026, 3, 13), date(2027, 3, 11), "feb28") == []


# --- ages and milestones ------------------------------------------------------------------------


def test_age_turning() -> None:
    assert age_turning(Birthday(12, 3, 1970), date(2026, 3, 12)) == 56
    assert age_turning(Birthday(29, 2, 2000), date(2025, 2, 28)) == 25
    assert age_turning(Birthday(29, 2, 2000), date(2025, 3, 1)) == 25
    assert age_turning(Birthday(12, 3), date(2026, 3, 12)) is None
    assert age_turning(Birthday(12, 3, 2020), date(2019, 3, 12)) is None
    assert age_turning(Birthday(12, 3, 2020), date(2020, 3, 12)) == 0


def test_age_on() -> None:
    assert age_on(Birthday(12, 3, 1970), date(2026, 3, 11)) == 55
    assert age_on(Birthday(12, 3, 1970), date(2026, 3, 12)) == 56
    assert age_on(Birthday(29, 2, 2000), date(2025, 2, 28)) == 24
    assert age_on(Birthday(29, 2, 2000), date(2025, 3, 1)) == 25
    assert age_on(Birthday(12, 3), TODAY) is None


@pytest.mark.parametrize(
    ("age", "milestone"),
    [
        (None, False),
        (0, False),
        (10, False),
        (17, False),
        (18, True),
        (19, False),
        (20, True),
        (21, False),
        (25, False),
        (30, True),
        (40, True),
        (50, True),
        (99, False),
        (100, True),
    ],
)
def test_is_milestone(age: int | None, milestone: bool) -> None:
    assert is_milestone(age) is milestone


# --- calendar counts ----------------------------------------------------------------------------


def test_month_counts_non_leap_feb28() -> None:
    pairs = [(2, 29), (2, 28), (2, 28), (3, 1), (2, 1)]
    counts = month_counts(pairs, 2025, 2, "feb28")
    assert sorted(counts) == list(range(1, 29))
    assert counts[28] == (3, 1)
    assert counts[1] == (1, 0)
    assert sum(total for total, _ in counts.values()) == 4
    assert month_counts(pairs, 2025, 3, "feb28")[1] == (1, 0)


def test_month_counts_non_leap_mar1() -> None:
    pairs = [(2, 29), (2, 28), (3, 1)]
    assert month_counts(pairs, 2025, 2, "mar1")[28] == (1, 0)
    assert month_counts(pairs, 2025, 3, "mar1")[1] == (2, 1)


@pytest.mark.parametrize("rule", RULES)
def test_month_counts_leap_year(rule: Feb29Rule) -> None:
    counts = month_counts([(2, 29), (2, 28), (3, 1)], 2024, 2, rule)
    assert len(counts) == 29
    assert counts[29] == (1, 0)
    assert counts[28] == (1, 0)


def test_month_counts_empty_and_invalid() -> None:
    assert month_counts([], 2026, 4, "feb28") == {day: (0, 0) for day in range(1, 31)}
    with pytest.raises(BirthdayError):
        month_counts([(2, 30)], 2026, 2, "feb28")


@pytest.mark.parametrize("year", YEARS)
@pytest.mark.parametrize("rule", RULES)
def test_a_year_of_month_counts_shows_every_birthday_once(year: int, rule: Feb29Rule) -> None:
    pairs = [(birthday.month, birthday.day) for birthday in EVERY_BIRTHDAY]
    months = [month_counts(pairs, year, month, rule) for month in range(1, 13)]
    assert sum(total for counts in months for total, _ in counts.values()) == len(pairs)
    moved = sum(shifted for counts in months for _, shifted in counts.values())
    assert moved == (0 if calendar.isleap(year) else 1)
