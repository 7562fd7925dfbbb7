"""Birthdays read and written: every input form of product.md, every refusal, 29 February
in any year. When a birthday falls, ages and calendar counts: test_birthdays_dates.py."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.birthdays import (
    Birthday,
    BirthdayError,
    age_on,
    month_from_name,
    parse_birthday,
)
from tests.unit.birthday_cases import TODAY, birthdays

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
        # Other systems' yearless birthdays: Square's year 0000 crashed the import with a
        # traceback (issue 14), Apple's 1604 made a guest of 422.
        ("0000-03-15", Birthday(15, 3)),
        ("1604-02-29", Birthday(29, 2)),
    ],
)
def test_the_iso_forms_are_read_back(text: str, expected: Birthday) -> None:
    assert parse_birthday(text, date(2026, 11, 22)) == expected


@pytest.mark.parametrize("text", ["", "1970-13-01", "--02-30", "2023-02-29", "x"])
def test_an_iso_form_that_is_no_date_is_refused(text: str) -> None:
    with pytest.raises(BirthdayError):
        parse_birthday(text, date(2026, 11, 22))


@given(birthdays(with_year=True))
def test_iso_round_trip(birthday: Birthday) -> None:
    """What exports write (iso()) is what an import reads back."""
    assert parse_birthday(birthday.iso(), date(2026, 11, 22)) == birthday


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
