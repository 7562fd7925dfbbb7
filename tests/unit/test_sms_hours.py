"""When an SMS may go (domain.sms_hours): relational texts Monday–Saturday 08:00–20:00 outside
French public holidays, service notices any time but at night; across summer-time changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.sms_hours import is_allowed, is_public_holiday, next_allowed

PARIS = ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


# Every French public holiday of 2027, and the first morning a relational SMS may go after it.
HOLIDAYS_2027 = [
    (dt.date(2027, 1, 1), at(2027, 1, 2, 8)),  # Friday → Saturday
    (dt.date(2027, 3, 29), at(2027, 3, 30, 8)),  # Easter Monday → Tuesday
    (dt.date(2027, 5, 1), at(2027, 5, 3, 8)),  # Saturday → Monday
    (dt.date(2027, 5, 6), at(2027, 5, 7, 8)),  # Ascension, Thursday → Friday
    (dt.date(2027, 5, 8), at(2027, 5, 10, 8)),  # Saturday → Monday
    (dt.date(2027, 5, 17), at(2027, 5, 18, 8)),  # Whit Monday → Tuesday
    (dt.date(2027, 7, 14), at(2027, 7, 15, 8)),
    (dt.date(2027, 8, 15), at(2027, 8, 16, 8)),  # a Sunday anyway
    (dt.date(2027, 11, 1), at(2027, 11, 2, 8)),
    (dt.date(2027, 11, 11), at(2027, 11, 12, 8)),
    (dt.date(2027, 12, 25), at(2027, 12, 27, 8)),  # Saturday → Monday
]


@pytest.mark.parametrize(("holiday", "reopens"), HOLIDAYS_2027, ids=lambda v: str(v)[:10])
def test_no_relational_sms_on_a_public_holiday(holiday: dt.date, reopens: dt.datetime) -> None:
    assert is_public_holiday(holiday)
    for hour in (0, 8, 12, 19):
        assert next_allowed(at(holiday.year, holiday.month, holiday.day, hour), "relational") == (
            reopens
        )
    # A service notice is not held by a holiday.
    noon = at(holiday.year, holiday.month, holiday.day, 12)
    assert next_allowed(noon, "incident") == noon


def test_2027_has_these_holidays_and_no_others() -> None:
    days = [dt.date(2027, 1, 1) + dt.timedelta(days=n) for n in range(365)]
    assert [day for day in days if is_public_holiday(day)] == [h for h, _ in HOLIDAYS_2027]


@pytest.mark.parametrize(
    ("moment", "allowed_at"),
    [
        (at(2027, 6, 5, 19, 59), at(2027, 6, 5, 19, 59)),  # Saturday 19:59: still open
        (at(2027, 6, 5, 20, 0), at(2027, 6, 7, 8)),  # Saturday 20:00 → Monday 08:00
        (at(2027, 6, 6, 12), at(2027, 6, 7, 8)),  # Sunday
        (at(2027, 6, 7, 8, 0), at(2027, 6, 7, 8, 0)),  # 08:00 itself is allowed
        (at(2027, 6, 7, 7, 59), at(2027, 6, 7, 8, 0)),  # early: the same morning
        (at(2027, 6, 7, 0, 0), at(2027, 6, 7, 8, 0)),
        (at(2027, 6, 8, 23, 30), at(2027, 6, 9, 8)),  # late on a weekday: the next morning
        # Saturday evening before Easter Monday: Sunday, then the holiday, so Tuesday.
        (at(2027, 3, 27, 20, 0), at(2027, 3, 30, 8)),
        # Saturday evening before Whit Monday.
        (at(2027, 5, 15, 21, 0), at(2027, 5, 18, 8)),
    ],
)
def test_relational_hours(moment: dt.datetime, allowed_at: dt.datetime) -> None:
    found = next_allowed(moment, "relational")
    assert found == allowed_at
    assert found.tzinfo is PARIS
    assert is_allowed(found, "relational")


def test_across_the_spring_change_to_summer_time() -> None:
    # Saturday 27 March 2027 20:00 is winter time; the clocks go forward on Sunday 28; Monday
    # 29 is Easter Monday: the SMS waits for Tuesday 08:00, summer time.
    found = next_allowed(at(2027, 3, 27, 20), "relational")
    assert (found.hour, found.utcoffset()) == (8, dt.timedelta(hours=2))
    assert found.astimezone(dt.UTC) == dt.datetime(2027, 3, 30, 6, tzinfo=dt.UTC)
    # A notice written in the short night of the change waits for 08:00 summer time.
    night = dt.datetime(2027, 3, 28, 0, 30, tzinfo=dt.UTC)  # 01:30 in Paris
    assert next_allowed(night, "incident", zone=PARIS) == dt.datetime(2027, 3, 28, 6, tzinfo=dt.UTC)


def test_across_the_autumn_change_to_winter_time() -> None:
    # Saturday 30 October 2027 20:00 summer time; winter time from Sunday 31; Monday 1 November
    # is All Saints' Day: Tuesday 08:00, winter time.
    found = next_allowed(at(2027, 10, 30, 20), "relational")
    assert found.astimezone(dt.UTC) == dt.datetime(2027, 11, 2, 7, tzinfo=dt.UTC)
    # The hour that happens twice (02:00–03:00 on the 31st) is night for a notice either way.
    for fold in (0, 1):
        twice = dt.datetime(2027, 10, 31, 2, 30, fold=fold, tzinfo=PARIS)
        assert next_allowed(twice, "incident").astimezone(dt.UTC) == dt.datetime(
            2027, 10, 31, 7, tzinfo=dt.UTC
        )


@pytest.mark.parametrize(
    ("moment", "allowed_at"),
    [
        (at(2027, 6, 6, 12), at(2027, 6, 6, 12)),  # a Sunday noon: notices go
        (at(2027, 6, 7, 21, 59), at(2027, 6, 7, 21, 59)),
        (at(2027, 6, 7, 22, 0), at(2027, 6, 8, 8)),  # 22:00: the night has begun
        (at(2027, 6, 7, 3, 0), at(2027, 6, 7, 8)),
        (at(2027, 6, 7, 8, 0), at(2027, 6, 7, 8, 0)),
        (at(2027, 12, 31, 23, 0), at(2028, 1, 1, 8)),  # even onto a holiday
    ],
)
def test_incident_hours(moment: dt.datetime, allowed_at: dt.datetime) -> None:
    assert next_allowed(moment, "incident") == allowed_at


def test_a_moment_in_utc_is_read_in_the_restaurants_zone() -> None:
    saturday_evening = dt.datetime(2027, 6, 5, 18, 30, tzinfo=dt.UTC)  # 20:30 in Paris
    assert next_allowed(saturday_evening, "relational", zone=PARIS) == at(2027, 6, 7, 8)


def test_a_naive_moment_or_an_unknown_purpose_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        next_allowed(dt.datetime(2027, 6, 7, 12), "relational")  # noqa: DTZ001
    with pytest.raises(KeyError):
        next_allowed(at(2027, 6, 7, 12), "promotion")


# Hypothesis takes naive bounds and puts the zone on each moment it draws.
moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001
    max_value=dt.datetime(2030, 12, 31),  # noqa: DTZ001
    timezones=st.just(PARIS),
)


@given(moments, st.sampled_from(["relational", "incident"]))
def test_the_next_allowed_moment_is_the_first(moment: dt.datetime, purpose: str) -> None:
    found = next_allowed(moment, purpose)
    assert found >= moment
    assert is_allowed(found, purpose)
    assert next_allowed(found, purpose) == found
    # Nothing allowed in between: every quarter hour before it is held.
    step = moment
    while (step := step + dt.timedelta(minutes=15)) < found:
        assert not is_allowed(step.astimezone(PARIS), purpose)
