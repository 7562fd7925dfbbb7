"""Reward windows: inclusive dates, "6 months" clamped to the month's end, and states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.rewards import (
    RewardWindow,
    add_months,
    birthday_reward_window,
    reward_state,
    sponsor_reward_window,
)
from guestbook.settings import RewardKind, Settings

BIRTHDAY = Settings().rewards["birthday"]
SPONSOR = Settings().rewards["sponsor"]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 3, 15), 6, date(2026, 9, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2026, 3, 31), 6, date(2026, 9, 30)),
        (date(2026, 10, 15), 6, date(2027, 4, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 5, 31), -3, date(2026, 2, 28)),
        (date(2026, 5, 31), 0, date(2026, 5, 31)),
    ],
)
def test_add_months_clamps_to_the_last_day(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@given(st.dates(date(1900, 1, 1), date(2200, 12, 31)), st.integers(-24, 24))
def test_add_months_keeps_the_day_when_it_exists(start: date, months: int) -> None:
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    assert result.day == start.day or (result.day < start.day and (result + timedelta(1)).day == 1)


def test_default_reward_kinds_are_product_md() -> None:
    assert (BIRTHDAY.days_before, BIRTHDAY.days_after, BIRTHDAY.months_after) == (7, 30, 0)
    assert (SPONSOR.days_before, SPONSOR.days_after, SPONSOR.months_after) == (0, 0, 6)


def test_birthday_reward_window() -> None:
    assert birthday_reward_window(date(2026, 3, 12), BIRTHDAY) == RewardWindow(
        date(2026, 3, 5), date(2026, 4, 11)
    )


def test_birthday_reward_window_crosses_years() -> None:
    assert birthday_reward_window(date(2026, 1, 2), BIRTHDAY) == RewardWindow(
        date(2025, 12, 26), date(2026, 2, 1)
    )
    assert birthday_reward_window(date(2026, 12, 20), BIRTHDAY).valid_to == date(2027, 1, 19)


def test_birthday_reward_window_of_a_moved_29_february() -> None:
    assert birthday_reward_window(date(2025, 2, 28), BIRTHDAY) == RewardWindow(
        date(2025, 2, 21), date(2025, 3, 30)
    )


def test_sponsor_reward_window_is_six_months() -> None:
    assert sponsor_reward_window(date(2026, 3, 15), SPONSOR) == RewardWindow(
        date(2026, 3, 15), date(2026, 9, 15)
    )
    assert sponsor_reward_window(date(2026, 8, 31), SPONSOR) == RewardWindow(
        date(2026, 8, 31), date(2027, 2, 28)
    )


def test_windows_follow_the_configured_kind() -> None:
    generous = RewardKind("Cake", days_before=3, days_after=10, months_after=1)
    assert birthday_reward_window(date(2026, 1, 31), generous) == RewardWindow(
        date(2026, 1, 28), date(2026, 3, 10)
    )
    assert sponsor_reward_window(date(2026, 1, 31), RewardKind("Drink", months_after=2)) == (
        RewardWindow(date(2026, 1, 31), date(2026, 3, 31))
    )


FROM, TO = date(2026, 3, 5), date(2026, 4, 11)


@pytest.mark.parametrize(
    ("today", "redeemed", "state"),
    [
        (FROM - timedelta(1), False, "not_yet"),
        (FROM, False, "owed"),
        (date(2026, 3, 20), False, "owed"),
        (TO, False, "owed"),
        (TO + timedelta(1), False, "expired"),
        (FROM - timedelta(1), True, "redeemed"),
        (FROM, True, "redeemed"),
        (TO + timedelta(100), True, "redeemed"),
    ],
)
def test_reward_state(today: date, redeemed: bool, state: str) -> None:
    assert reward_state(FROM, TO, redeemed, today) == state
