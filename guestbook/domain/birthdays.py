"""Birthdays: reading what staff type, and when a birthday falls in a given year.

A birthday is a day and a month, the year only when the guest gave it. Nothing here ever fills a
missing part from today: a guest who said "12 March" has no birth year, not this year's.
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from guestbook.domain.dates import (
    MONTH_TITLES,
    DateError,
    DateOrder,
    check_exists,
    full_year,
    month_from_name,
    split_day_first,
)
from guestbook.i18n import N_, _, date_text, language

MAX_AGE = 120

# Where 29 February is celebrated in a non-leap year (the setting `feb29`).
Feb29Rule = Literal["feb28", "mar1"]

_EXAMPLES = {
    "day_first": N_("write the day first, e.g. 12/03, 12/03/1970, 12 mars or 1970-03-12"),
    # A file whose dates were found (or chosen) to be written month first, as US systems do.
    "month_first": N_("this file writes the month first, e.g. 03/12, 03/12/1970 or 1970-03-12"),
}

# Years that other systems write for a birthday given without its year: Square's "0000-03-15",
# Apple's "1604-03-15" (vCard and Contacts); the --03-15 form has no year at all.
YEARLESS_PLACEHOLDERS = frozenset({"0000", "1604"})

# A birthday that cannot be recorded is a date that cannot be used: one error, one message.
BirthdayError = DateError

__all__ = ["MAX_AGE", "Birthday", "BirthdayError", "month_from_name", "parse_birthday"]


@dataclass(frozen=True, slots=True)
class Birthday:
    day: int
    month: int
    year: int | None = None

    def __post_init__(self) -> None:
        # Even a birthday read back from storage must be a real date: every caller relies on it.
        check_exists(self.day, self.month, self.year)

    def iso(self) -> str:
        """'1970-03-12', or '--03-12' without a year (the form vCard and our JSON use)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def short(self) -> str:
        """For display, in guestbook's language whatever the machine's locale: '12 Mar' or
        '12 Mar 1970' ('12 mars 1970'); parse_birthday reads it back."""
        return _short(language(), self.day, self.month, self.year)


@functools.lru_cache(maxsize=4096)
def _short(_language: str, day: int, month: int, year: int | None) -> str:
    """Birthday.short, cached: a page of the guest list shows hundreds (the language is part
    of the key so a switch never shows the other language's words)."""
    if year is None:  # 2000 is a leap year: every birthday, 29 February too, is a date in it
        return date_text(date(2000, month, day), "day_month")
    return date_text(date(year, month, day), "day_month_year")


# --- Reading what was typed -------------------------------------------------------------------


def parse_birthday(text: str, today: date, order: DateOrder = "day_first") -> Birthday:
    """Read a birthday typed day-first (or month-first, for a file that writes dates so);
    `today` only decides two-digit years and what is future. A year-first date (1970-03-12) is
    read as such, and the yearless forms other systems write (--03-12, 0000-03-12, 1604-03-12)
    as a birthday without its year.

    Raises BirthdayError with the reason when the text is not a date, names a day that does not
    exist, lies in the future or would make the guest older than 120.
    """
    day, month, year_text = split_day_first(text, _EXAMPLES[order], order)
    check_exists(day, month, None)
    if year_text is None or year_text in YEARLESS_PLACEHOLDERS:
        return Birthday(day, month)
    year = (
        int(year_text)
        if len(year_text) == 4
        else full_year(int(year_text), day, month, today, "past")
    )
    birthday = Birthday(day, month, year)
    _check_plausible(birthday, year, today)
    return birthday


def _check_plausible(birthday: Birthday, year: int, today: date) -> None:
    if date(year, birthday.month, birthday.day) > today:
        month = _(MONTH_TITLES[birthday.month - 1])
        raise BirthdayError(
            _("{day} {month} {year} is in the future").format(
                day=birthday.day, month=month, year=year
            )
        )
    age = age_on(birthday, today)
    if age is not None and age > MAX_AGE:
        raise BirthdayError(
            _("a birth year of {year} would make the guest {age}, over {max_age}").format(
                year=year, age=age, max_age=MAX_AGE
            )
        )


# --- When a birthday falls ----------------------------------------------------------------------


def observed_date(birthday: Birthday, year: int, feb29: Feb29Rule) -> date:
    """The date the birthday is celebrated in `year` (29 February moves in non-leap years)."""
    return observed_on(birthday.month, birthday.day, year, feb29)


def observed_on(month: int, day: int, year: int, feb29: Feb29Rule) -> date:
    """observed_date for a birthday stored as (month, day): the one home of the 29 February
    rule, which every query and the demo derive from."""
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28) if feb29 == "feb28" else date(year, 3, 1)
    return date(year, month, day)


def feb29_stand_in(year: int, feb29: Feb29Rule) -> date | None:
    """The day 29 February birthdays are celebrated on in `year`, if not their own."""
    return None if calendar.isleap(year) else observed_on(2, 29, year, feb29)


def born_on_days_observed(day: date, feb29: Feb29Rule) -> tuple[tuple[int, int], ...]:
    """The stored birthdays (month, day) celebrated on `day`: its own, and 29 February's on the
    day that stands in for it in a non-leap year."""
    own = (day.month, day.day)
    return (own, (2, 29)) if feb29_stand_in(day.year, feb29) == day else (own,)


def observed_between(start: date, end: date, feb29: Feb29Rule) -> list[tuple[int, int, date]]:
    """(month, day, date observed) of every stored birthday celebrated from `start` to `end`
    (both inclusive), each at its first such date, in date order."""
    found: dict[tuple[int, int], date] = {}
    for ordinal in range(start.toordinal(), end.toordinal() + 1):
        day = date.fromordinal(ordinal)
        for month_day in born_on_days_observed(day, feb29):
            found.setdefault(month_day, day)
    return [(month, day, on) for (month, day), on in found.items()]


def day_ranges(month_days: Iterable[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(month, first day, last day) runs covering exactly these (month, day) pairs: the
    ranges an index on (month, day) reads."""
    runs: list[tuple[int, int, int]] = []
    for month, day in sorted(set(month_days)):
        if runs and runs[-1][0] == month and runs[-1][2] == day - 1:
            runs[-1] = (month, runs[-1][1], day)
        else:
            runs.append((month, day, day))
    return runs


def next_occurrence(birthday: Birthday, on_or_after: date, feb29: Feb29Rule) -> date:
    """The first observed date of the birthday on or after `on_or_after` (may be next year)."""
    this_year = observed_date(birthday, on_or_after.year, feb29)
    if this_year >= on_or_after:
        return this_year
    return observed_date(birthday, on_or_after.year + 1, feb29)


def call_due_on(occurrence: date, lead_days: int) -> date:
    """The chef calls `lead_days` before; the subtraction crosses the new year by itself."""
    return occurrence - timedelta(days=lead_days)


def age_turning(birthday: Birthday, occurrence: date) -> int | None:
    """The age reached on that occurrence; None when the year is unknown or before birth."""
    return turning_in(birthday.year, occurrence)


def turning_in(birth_year: int | None, occurrence: date) -> int | None:
    """age_turning from the birth year alone, for hot loops over stored birthdays."""
    if birth_year is None or occurrence.year < birth_year:
        return None
    # An observed date never leaves its year, so the year difference is the age.
    return occurrence.year - birth_year


def age_on(birthday: Birthday, today: date) -> int | None:
    """Completed years on `today`; a 29 February birthday counts from 1 March in other years."""
    if birthday.year is None:
        return None
    had_birthday = (today.month, today.day) >= (birthday.month, birthday.day)
    return today.year - birthday.year - (0 if had_birthday else 1)


# Marks a milestone birthday wherever a call or a day lists it (the calendar's legend says so);
# not the agenda's ◆, which marks a reward owed.
MILESTONE_MARK = "◎"


def is_milestone(age: int | None) -> bool:
    """18, then every round age from 20 on: the birthdays worth flagging to the chef."""
    return age is not None and (age == 18 or (age >= 20 and age % 10 == 0))
