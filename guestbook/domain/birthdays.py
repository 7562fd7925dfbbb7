"""Birthdays: reading what staff type, and when a birthday falls in a given year.

A birthday is a day and a month, the year only when the guest gave it. Nothing here ever fills a
missing part from today: a guest who said "12 March" has no birth year, not this year's.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from guestbook.settings import Feb29Rule

MAX_AGE = 120

_MONTH_NAMES_EN = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NAMES_FR = (
    "janvier",
    "fevrier",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "aout",
    "septembre",
    "octobre",
    "novembre",
    "decembre",
)
_SHORT_MONTHS = tuple(name[:3].title() for name in _MONTH_NAMES_EN)

# Shorter prefixes are ambiguous or unreadable ("ju" is June or July, "ma" March or May).
_MIN_ABBREVIATION = 3

_EXAMPLES = "write the day first, e.g. 12/03, 12/03/1970, 12 mars or 1970-03-12"


class BirthdayError(ValueError):
    """A birthday that cannot be recorded; the message says why in plain words."""


@dataclass(frozen=True, slots=True)
class Birthday:
    day: int
    month: int
    year: int | None = None

    def __post_init__(self) -> None:
        # Even a birthday read back from storage must be a real date: every caller relies on it.
        _check_exists(self.day, self.month, self.year)

    def iso(self) -> str:
        """'1970-03-12', or '--03-12' without a year (the form vCard and our JSON use)."""
        if self.year is None:
            return f"--{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @classmethod
    def from_iso(cls, text: str) -> Birthday:
        """Read back what iso() wrote ('--0312', vCard's form, is accepted too)."""
        match = _ISO_FULL.fullmatch(text.strip()) or _ISO_NO_YEAR.fullmatch(text.strip())
        if match is None:
            raise BirthdayError(f"{text.strip()!r} is not a date in the form YYYY-MM-DD or --MM-DD")
        parts = match.groupdict()
        year = parts.get("year")
        return cls(int(parts["day"]), int(parts["month"]), int(year) if year else None)

    def short(self) -> str:
        """For display, independent of the machine's locale: '12 Mar' or '12 Mar 1970'."""
        text = f"{self.day} {_SHORT_MONTHS[self.month - 1]}"
        return text if self.year is None else f"{text} {self.year}"


def _check_exists(day: int, month: int, year: int | None) -> None:
    if not 1 <= month <= 12:
        raise BirthdayError(f"{month} is not a month: months go from 1 to 12")
    if not 1 <= day <= 31:
        raise BirthdayError(f"{day} is not a day of the month: days go from 1 to 31")
    name = _MONTH_NAMES_EN[month - 1].title()
    if month == 2 and day == 29:
        if year is not None and not calendar.isleap(year):
            raise BirthdayError(f"29/02/{year} does not exist: {year} is not a leap year")
        return
    # Without a year, February can still have its 29th; a year only matters for that day.
    longest = 29 if month == 2 else calendar.monthrange(2000, month)[1]
    if day > longest:
        at_most = "at most " if month == 2 else ""
        raise BirthdayError(
            f"{day:02d}/{month:02d} does not exist: {name} has {at_most}{longest} days"
        )


# --- Reading what was typed -------------------------------------------------------------------

_ISO_FULL = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
_ISO_NO_YEAR = re.compile(r"--(?P<month>\d{2})-?(?P<day>\d{2})")
# One separator, used throughout: "12/03-1970" is more likely a typo than a date.
_NUMERIC = re.compile(
    r"(?P<day>\d{1,2}) ?(?P<sep>[/.\- ]) ?(?P<month>\d{1,2})(?: ?(?P=sep) ?(?P<year>\d{2}|\d{4}))?"
)
_ORDINAL = r"(?:er|re|st|nd|rd|th)?"
_YEAR_TAIL = r"(?:[ /.\-,]*(?P<year>\d{4}|\d{2}))?"
# "12 mars 1970", "1er janvier", "12-mar-70", "12th of March 1970"
_DAY_NAME = re.compile(
    rf"(?P<day>\d{{1,2}}){_ORDINAL}[ /.\-]*(?:of )?(?P<name>[a-z]+)\.?{_YEAR_TAIL}"
)
# "March 12, 1970": month-first is safe only when the month is a word.
_NAME_DAY = re.compile(rf"(?P<name>[a-z]+)\.? ?(?P<day>\d{{1,2}}){_ORDINAL}{_YEAR_TAIL}")


def parse_birthday(text: str, today: date) -> Birthday:
    """Read a birthday typed day-first; `today` only decides two-digit years and what is future.

    Raises BirthdayError with the reason when the text is not a date, names a day that does not
    exist, lies in the future or would make the guest older than 120.
    """
    cleaned = _clean(text)
    if not cleaned:
        raise BirthdayError(f"not a date: nothing was written; {_EXAMPLES}")
    day, month, year_text = _split(cleaned, text)
    _check_exists(day, month, None)
    if year_text is None:
        return Birthday(day, month)
    year = int(year_text) if len(year_text) == 4 else _full_year(int(year_text), day, month, today)
    birthday = Birthday(day, month, year)
    _check_plausible(birthday, year, today)
    return birthday


def _clean(text: str) -> str:
    """Lower case, no accents, single spaces: 'Févr.' and 'fevr' read the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def _split(cleaned: str, original: str) -> tuple[int, int, str | None]:
    """(day, month, year digits or None) from the cleaned text, whatever its form."""
    for pattern in (_ISO_FULL, _ISO_NO_YEAR, _NUMERIC):
        match = pattern.fullmatch(cleaned)
        if match:
            return int(match["day"]), int(match["month"]), match.groupdict().get("year")
    for pattern in (_DAY_NAME, _NAME_DAY):
        match = pattern.fullmatch(cleaned)
        if match:
            return int(match["day"]), month_from_name(match["name"]), match["year"]
    raise BirthdayError(f"{original.strip()!r} is not a date: {_EXAMPLES}")


def month_from_name(name: str) -> int:
    """1-12 from a French or English month name or abbreviation ('févr.', 'Sept', 'aug')."""
    word = _clean(name).rstrip(".")
    if len(word) >= _MIN_ABBREVIATION:
        months = {
            number
            for number, names in enumerate(zip(_MONTH_NAMES_EN, _MONTH_NAMES_FR, strict=True), 1)
            for full in names
            if full.startswith(word)
        }
        # "mar" and "sep" are prefixes of both languages' names for one month: still one month.
        if len(months) == 1:
            return months.pop()
        if len(months) > 1:
            raise BirthdayError(f"{name!r} could be more than one month: write more of its name")
    raise BirthdayError(f"{name!r} is not a month name")


def _full_year(two_digits: int, day: int, month: int, today: date) -> int:
    """The latest year ending in these digits whose birthday is not after today."""
    year = today.year - (today.year - two_digits) % 100
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def _check_plausible(birthday: Birthday, year: int, today: date) -> None:
    if date(year, birthday.month, birthday.day) > today:
        month = _MONTH_NAMES_EN[birthday.month - 1].title()
        raise BirthdayError(f"{birthday.day} {month} {year} is in the future")
    age = age_on(birthday, today)
    if age is not None and age > MAX_AGE:
        raise BirthdayError(f"a birth year of {year} would make the guest {age}, over {MAX_AGE}")


# --- When a birthday falls ----------------------------------------------------------------------


def observed_date(birthday: Birthday, year: int, feb29: Feb29Rule) -> date:
    """The date the birthday is celebrated in `year` (29 February moves in non-leap years)."""
    return _observed(birthday.month, birthday.day, year, feb29)


def _observed(month: int, day: int, year: int, feb29: Feb29Rule) -> date:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28) if feb29 == "feb28" else date(year, 3, 1)
    return date(year, month, day)


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


def is_milestone(age: int | None) -> bool:
    """18, then every round age from 20 on: the birthdays worth flagging to the chef."""
    return age is not None and (age == 18 or (age >= 20 and age % 10 == 0))


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
        _check_exists(birth_day, birth_month, None)
        observed = _observed(birth_month, birth_day, year, feb29)
        if observed.month != month or observed.year != year:
            continue
        counts[observed.day][0] += 1
        if (birth_month, birth_day) != (observed.month, observed.day):
            counts[observed.day][1] += 1
    return {day: (total, moved) for day, (total, moved) in counts.items()}
