"""Birthdays: every input form of product.md, every refusal, and 29 February in any year."""

from __future__ import annotations

import calendar
import dataclasses
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
    month_counts,
    month_from_name,
    next_occurrence,
    observed_date,
    occurrences_in,
    parse_birthday,
)
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
    plain = st.sampled_from(EVERY_BIRTHDAY)
    if not with_year:
        return plain
    dated = st.dates(date(1906, 11, 21), TODAY).map(lambda d: Birthday(d.day, d.month, d.year))
    return plain | dated


def days_of(year: int) -> list[date]:
    start = date(year, 1, 1)
    return [start + timedelta(days=n) for n in range(366 if calendar.isleap(year) else 365)]


# --- Birthday -----------------------------------------------------------------------------------


def test_iso_with_and_without_year() -> None:
    assert Birthday(12, 3, 1970).iso() == "1970-03-12"
    assert Birthday(2, 1).iso() == "--01-02"
    assert Birthday(29, 2, 904).iso() == "0904-02-29"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1970-03-12", Birthday(12, 3, 1970)),
        ("--03-12", Birthday(12, 3)),
        ("--0312", Birthday(12, 3)),
        (" --02-29 ", Birthday(29, 2)),
        ("2024-02-29", Birthday(29, 2, 2024)),
    ],
)
def test_from_iso_reads_both_forms(text: str, expected: Birthday) -> None:
    assert Birthday.from_iso(text) == expected


@pytest.mark.parametrize("text", ["", "12/03/1970", "1970-13-01", "--02-30", "2023-02-29", "x"])
def test_from_iso_refuses_anything_else(text: str) -> None:
    with pytest.raises(BirthdayError):
        Birthday.from_iso(text)


@given(birthdays(with_year=True))
def test_iso_round_trip(birthday: Birthday) -> None:
    assert Birthday.from_iso(birthday.iso()) == birthday


def test_short_is_locale_independent_english() -> None:
    assert Birthday(12, 3).short() == "12 Mar"
    assert Birthday(12, 3, 1970).short() == "12 Mar 1970"
    assert Birthday(1, 8).short() == "1 Aug"


@given(birthdays(with_year=True))
def test_short_reads_back(birthday: Birthday) -> None:
    assert parse_birthday(birthday.short(), TODAY) == birthday


@pytest.mark.parametrize(
    ("day", "month", "year", "reason"),
    [
        (31, 2, None, "February has at most 29 days"),
        (30, 2, None, "February has at most 29 days"),
        (31, 4, None, "April has 30 days"),
        (31, 11, 1980, "November has 30 days"),
        (29, 2, 1999, "1999 is not a leap year"),
        (29, 2, 2100, "2100 is not a leap year"),
        (0, 5, None, "0 is not a day"),
        (32, 1, None, "32 is not a day"),
        (1, 13, None, "13 is not a month"),
        (1, 0, None, "0 is not a month"),
    ],
)
def test_birthday_cannot_be_impossible(day: int, month: int, year: int | None, reason: str) -> None:
    with pytest.raises(BirthdayError, match=reason):
        Birthday(day, month, year)


def test_birthday_is_frozen_and_slotted() -> None:
    birthday = Birthday(12, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        birthday.day = 13  # type: ignore[misc]
    assert not hasattr(birthday, "__dict__")


def test_29_february_without_year_is_allowed() -> None:
    assert Birthday(29, 2) == Birthday(29, 2, None)
    assert Birthday(29, 2, 2000).year == 2000


# --- parse_birthday: accepted forms -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # product.md's list, in its order
        ("12/03", Birthday(12, 3)),
        ("12/03/1970", Birthday(12, 3, 1970)),
        ("12-03-70", Birthday(12, 3, 1970)),
        ("12.03.1970", Birthday(12, 3, 1970)),
        ("12 mars", Birthday(12, 3)),
        ("1 janvier 1965", Birthday(1, 1, 1965)),
        ("12 March 1970", Birthday(12, 3, 1970)),
        ("1970-03-12", Birthday(12, 3, 1970)),
        ("--03-12", Birthday(12, 3)),
        # the other separators and spacings
        ("12 03", Birthday(12, 3)),
        ("12 03 1970", Birthday(12, 3, 1970)),
        ("12-03", Birthday(12, 3)),
        ("12.03", Birthday(12, 3)),
        ("1/3", Birthday(1, 3)),
        ("01/03/1970", Birthday(1, 3, 1970)),
        ("12 / 03 / 1970", Birthday(12, 3, 1970)),
        ("  12/03/1970  ", Birthday(12, 3, 1970)),
        ("1970-3-2", Birthday(2, 3, 1970)),
        # month names: ordinals, abbreviations, dots, case, accents, separators
        ("1er janvier", Birthday(1, 1)),
        ("1er Janvier 1965", Birthday(1, 1, 1965)),
        ("12 mar", Birthday(12, 3)),
        ("12 Mar 1970", Birthday(12, 3, 1970)),
        ("12 MARS 70", Birthday(12, 3, 1970)),
        ("3 févr.", Birthday(3, 2)),
        ("3 févr. 1980", Birthday(3, 2, 1980)),
        ("3 FÉVRIER", Birthday(3, 2)),
        ("3 fevrier", Birthday(3, 2)),
        ("15 août", Birthday(15, 8)),
        ("15 aout 1990", Birthday(15, 8, 1990)),
        ("24 déc", Birthday(24, 12)),
        ("24 dec.", Birthday(24, 12)),
        ("12-mar-1970", Birthday(12, 3, 1970)),
        ("12/mar/70", Birthday(12, 3, 1970)),
        ("12mar", Birthday(12, 3)),
        ("2nd March", Birthday(2, 3)),
        ("3rd of May 1980", Birthday(3, 5, 1980)),
        ("21st June", Birthday(21, 6)),
        ("12th of March 1970", Birthday(12, 3, 1970)),
        ("29 février", Birthday(29, 2)),
        ("29 February 2000", Birthday(29, 2, 2000)),
        # an English month-first date is unambiguous when the month is a word
        ("March 12, 1970", Birthday(12, 3, 1970)),
        ("sept 3", Birthday(3, 9)),
    ],
)
def test_accepted_forms(text: str, expected: Birthday) -> None:
    assert parse_birthday(text, TODAY) == expected


FRENCH = ["janvier", "février", "mars", "avril", "mai", "juin"]
FRENCH += ["juillet", "août", "septembre", "octobre", "novembre", "décembre"]
ENGLISH = ["January", "February", "March", "April", "May", "June"]
ENGLISH += ["July", "August", "September", "October", "November", "December"]
ABBREVIATIONS = [
    ("janv.", 1),
    ("jan", 1),
    ("févr", 2),
    ("fevr.", 2),
    ("fév", 2),
    ("feb", 2),
    ("mar", 3),
    ("avr.", 4),
    ("apr", 4),
    ("jun", 6),
    ("juil.", 7),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept.", 9),
    ("oct", 10),
    ("nov.", 11),
    ("déc.", 12),
    ("dec", 12),
]


@pytest.mark.parametrize(("month", "name"), enumerate(FRENCH, 1))
def test_every_french_month(month: int, name: str) -> None:
    assert parse_birthday(f"5 {name}", TODAY) == Birthday(5, month)
    assert parse_birthday(f"5 {name.upper()} 1980", TODAY) == Birthday(5, month, 1980)


@pytest.mark.parametrize(("month", "name"), enumerate(ENGLISH, 1))
def test_every_english_month(month: int, name: str) -> None:
    assert parse_birthday(f"5 {name}", TODAY) == Birthday(5, month)
    assert parse_birthday(f"5 {name.lower()} 1980", TODAY) == Birthday(5, month, 1980)


@pytest.mark.parametrize(("name", "month"), ABBREVIATIONS)
def test_common_abbreviations(name: str, month: int) -> None:
    assert month_from_name(name) == month
    assert parse_birthday(f"7 {name}", TODAY) == Birthday(7, month)


@pytest.mark.parametrize(("name", "reason"), [("ju", "not a month"), ("jui", "more than one")])
def test_ambiguous_or_short_month_names(name: str, reason: str) -> None:
    with pytest.raises(BirthdayError, match=reason):
        month_from_name(name)


# --- two-digit years ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("12/03/70", 1970),
        ("12/03/05", 2005),
        ("12/03/00", 2000),
        ("12/03/99", 1999),
        ("12/03/25", 2025),
        ("20/11/26", 2026),  # today: not in the future
        ("21/11/26", 1926),  # tomorrow in 2026: the latest not in the future is 1926
        ("31/12/26", 1926),
        ("29/02/00", 2000),
        ("29/02/24", 2024),
        ("12 mars 70", 1970),
    ],
)
def test_two_digit_year_is_the_latest_not_in_the_future(text: str, year: int) -> None:
    assert parse_birthday(text, TODAY).year == year


def test_two_digit_year_on_29_february_of_a_non_leap_century() -> None:
    # On 15 January 2000, "00" can only be 1900, which had no 29 February.
    with pytest.raises(BirthdayError, match="1900 is not a leap year"):
        parse_birthday("29/02/00", date(2000, 1, 15))


def test_two_digit_year_refuses_a_non_leap_29_february() -> None:
    with pytest.raises(BirthdayError, match="2001 is not a leap year"):
        parse_birthday("29/02/01", TODAY)


@given(st.dates(date(1950, 1, 1), date(2099, 12, 31)), st.integers(0, 99))
def test_two_digit_year_rule_holds_any_day(today: date, two_digits: int) -> None:
    birthday = parse_birthday(f"15/06/{two_digits:02d}", today)
    assert birthday.year is not None
    assert birthday.year % 100 == two_digits
    assert date(birthday.year, 6, 15) <= today
    assert date(birthday.year + 100, 6, 15) > today


# --- never fill from today ----------------------------------------------------------------------


@given(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_missing_year_stays_missing_whatever_today(today: date) -> None:
    assert parse_birthday("12/03", today) == Birthday(12, 3, None)
    assert parse_birthday("12 mars", today) == Birthday(12, 3, None)
    assert parse_birthday("--03-12", today) == Birthday(12, 3, None)
    assert parse_birthday("29/02", today) == Birthday(29, 2, None)


@given(st.dates(date(1906, 11, 21), TODAY))
def test_every_past_date_reads_back_in_every_numeric_form(born: date) -> None:
    expected = Birthday(born.day, born.month, born.year)
    for text in (
        f"{born.day}/{born.month}/{born.year}",
        f"{born.day:02d}.{born.month:02d}.{born.year}",
        f"{born.day}-{born.month}-{born.year}",
        f"{born.day} {born.month} {born.year}",
        born.isoformat(),
    ):
        assert parse_birthday(text, TODAY) == expected


# --- refusals -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31/02", "31/02 does not exist: February has at most 29 days"),
        ("30 février", "February has at most 29 days"),
        ("31/04/1970", "31/04 does not exist: April has 30 days"),
        ("31 juin", "June has 30 days"),
        ("29/02/1999", "29/02/1999 does not exist: 1999 is not a leap year"),
        ("29/02/2100", "in the future|not a leap year"),
        ("32/01", "32 is not a day"),
        ("00/01", "0 is not a day"),
        ("12/13", "13 is not a month"),
        ("12/00/1970", "0 is not a month"),
        ("1970-02-30", "February has at most 29 days"),
        ("--13-01", "13 is not a month"),
        ("1/3/2030", "1 March 2030 is in the future"),
        ("21/11/2026", "21 November 2026 is in the future"),
        ("1 janvier 2027", "in the future"),
        ("1/1/1890", "a birth year of 1890 would make the guest 136, over 120"),
        ("20/11/1905", "over 120"),
        ("", "not a date"),
        ("   ", "not a date"),
        ("not a date", "not a date"),
        ("hello", "not a date"),
        ("12", "not a date"),
        ("12/03/197", "not a date"),
        ("12/03/19700", "not a date"),
        ("12/03-1970", "not a date"),
        ("1970/03/12/01", "not a date"),
        ("12 blah", "'blah' is not a month name"),
        ("12 ju", "not a month name"),
    ],
)
def test_refusals_say_why(text: str, reason: str) -> None:
    with pytest.raises(BirthdayError, match=reason):
        parse_birthday(text, TODAY)


def test_birthday_error_is_a_value_error() -> None:
    assert issubclass(BirthdayError, ValueError)


@pytest.mark.parametrize(
    ("text", "age"),
    [("20/11/1906", 120), ("21/11/1905", 120), ("21/11/1906", 119), ("20/11/2026", 0)],
)
def test_age_limits_are_inclusive(text: str, age: int) -> None:
    birthday = parse_birthday(text, TODAY)
    assert age_on(birthday, TODAY) == age


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
