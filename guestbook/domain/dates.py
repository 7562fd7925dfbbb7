"""Dates as staff type them, day first: the one reader of every typed date.

`12/03/2027`, `12-03-27`, `12.03`, `12 mars 2027`, `1er janvier`, `12 March 2027`, `2027-03-12`.
What a date is read as depends on what it is for, so each use has its function here: a booking
(`booking_date`: never in the past, `+3` for in three days), a visit (`visit_date`: never in the
future), a calendar jump (`calendar_date`: a month alone too), an export filter (`filter_date`).
Birthdays (domain.birthdays) share the reading and the two-digit-year rule, but never fill a
missing year.

The two-digit year: for what looks back (birthdays, visits, filters), the latest year ending so
whose date is not in the future (`70` → 1970, `05` → 2005); for what may look ahead (bookings,
calendar jumps), the year ending so whose date is nearest to today (`27` → 2027, not 1927). A
missing year is the latest such date not in the future for visits and filters, the first not in
the past for bookings, this year's for the calendar; birthdays keep it missing.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
from typing import Literal, NamedTuple

from guestbook.i18n import N_, _, date_text, ngettext, quoted

TwoDigits = Literal["past", "nearest"]  # how a two-digit year is read
# Which number of '03/12' is the day: staff type day first; a file from a US system (Outlook.com,
# Square US) writes month first. Only all-digit dates depend on it: '12 mars', 'March 12' and
# '1970-03-12' say which part is the month.
DateOrder = Literal["day_first", "month_first"]
MissingYear = Literal["past", "future", "this"]  # which year a date typed without one is in

MONTH_NAMES_EN = (
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
MONTH_NAMES_FR = (
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

# Month names as sentences say them ("February has 29 days"), translated where shown.
MONTH_TITLES = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)

# Shorter prefixes are ambiguous or unreadable ("ju" is June or July, "ma" March or May).
_MIN_ABBREVIATION = 3


class DateError(ValueError):
    """A typed date that cannot be used; the message says why in plain words."""


class DayMonth(NamedTuple):
    """A date as written: day and month, and the year's digits when there were any."""

    day: int
    month: int
    year_digits: str | None


# --- Reading what was typed -------------------------------------------------------------------

ISO_FULL = re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
ISO_NO_YEAR = re.compile(r"--(?P<month>\d{2})-?(?P<day>\d{2})")
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
# "02/2027": a month, for a calendar.
_MONTH_YEAR = re.compile(r"(?P<month>\d{1,2}) ?[/.\- ] ?(?P<year>\d{4})")
_RELATIVE = re.compile(r"\+ ?(?P<days>\d{1,3})")


def clean(text: str) -> str:
    """Lower case, no accents, single spaces: 'Févr.' and 'fevr' read the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.lower().split())


def split_day_first(text: str, examples: str, order: DateOrder = "day_first") -> DayMonth:
    """Day, month and year digits of `text`, whatever its form; DateError saying `examples`
    (English, marked with N_: translated only when said) when it is not a date at all. Nothing
    is checked yet: 31/02 comes back as written. `order` says which number comes first in an
    all-digit date ('03/12/1970')."""
    cleaned = clean(text)
    if not cleaned:
        raise DateError(
            _("not a date: nothing was written; {examples}").format(examples=_said(examples))
        )
    for pattern in (ISO_FULL, ISO_NO_YEAR):
        match = pattern.fullmatch(cleaned)
        if match:
            return DayMonth(int(match["day"]), int(match["month"]), match.groupdict().get("year"))
    match = _NUMERIC.fullmatch(cleaned)
    if match:
        first, second = int(match["day"]), int(match["month"])
        if order == "month_first":
            first, second = second, first
        return DayMonth(first, second, match["year"])
    for pattern in (_DAY_NAME, _NAME_DAY):
        match = pattern.fullmatch(cleaned)
        if match:
            return DayMonth(int(match["day"]), month_from_name(match["name"]), match["year"])
    raise DateError(
        _("{text} is not a date: {examples}").format(
            text=quoted(text.strip()), examples=_said(examples)
        )
    )


def numeric_parts(text: str) -> tuple[int, int] | None:
    """The first two numbers of an all-digit date written day or month first ('03/12/1970',
    '5-11'), as written; None for any other form (ISO, a month's name, not a date). What a
    file's dates are looked at to decide their order."""
    plain = text.strip()
    # Digits and separators need no accent folding: the costly clean() only for the rest.
    cleaned = " ".join(plain.split()) if plain.isascii() else clean(plain)
    match = _NUMERIC.fullmatch(cleaned)
    return (int(match["day"]), int(match["month"])) if match else None


def _said(examples: str) -> str:
    return _(examples) if examples else ""  # gettext("") is the catalogue's header


def month_from_name(name: str) -> int:
    """1-12 from a French or English month name or abbreviation ('févr.', 'Sept', 'aug')."""
    word = clean(name).rstrip(".")
    if len(word) >= _MIN_ABBREVIATION:
        months = {
            number
            for number, names in enumerate(zip(MONTH_NAMES_EN, MONTH_NAMES_FR, strict=True), 1)
            for full in names
            if full.startswith(word)
        }
        # "mar" and "sep" are prefixes of both languages' names for one month: still one month.
        if len(months) == 1:
            return months.pop()
        if len(months) > 1:
            raise DateError(
                _("{name} could be more than one month: write more of its name").format(
                    name=quoted(name)
                )
            )
    raise DateError(_("{name} is not a month name").format(name=quoted(name)))


def check_exists(day: int, month: int, year: int | None) -> None:
    """DateError unless day/month (of `year`, when known) is a real date; without a year,
    29 February exists."""
    if not 1 <= month <= 12:
        raise DateError(_("{month} is not a month: months go from 1 to 12").format(month=month))
    if not 1 <= day <= 31:
        raise DateError(_("{day} is not a day of the month: days go from 1 to 31").format(day=day))
    if month == 2 and day == 29:
        if year is not None and not calendar.isleap(year):
            raise DateError(
                _("29/02/{year} does not exist: {year} is not a leap year").format(year=year)
            )
        return
    # Without a year, February can still have its 29th; a year only matters for that day.
    longest = 29 if month == 2 else calendar.monthrange(2000, month)[1]
    if day > longest:
        written, name = f"{day:02d}/{month:02d}", _(MONTH_TITLES[month - 1])
        if month == 2:
            message = ngettext(
                "{date} does not exist: {month} has at most {count} day",
                "{date} does not exist: {month} has at most {count} days",
                longest,
            )
        else:
            message = ngettext(
                "{date} does not exist: {month} has {count} day",
                "{date} does not exist: {month} has {count} days",
                longest,
            )
        raise DateError(message.format(date=written, month=name, count=longest))


def full_year(two_digits: int, day: int, month: int, today: date, rule: TwoDigits) -> int:
    """The year ending in these two digits that `rule` picks for day/month (see above)."""
    latest = today.year - (today.year - two_digits) % 100
    if (latest, month, day) > (today.year, today.month, today.day):
        latest -= 100  # the latest year whose date is not after today
    if rule == "past" or (latest, month, day) == (today.year, today.month, today.day):
        return latest
    behind, ahead = _day_of(latest, month, day), _day_of(latest + 100, month, day)
    return latest if (today - behind) <= (ahead - today) else latest + 100


def _day_of(year: int, month: int, day: int) -> date:
    """The date, or its nearest existing neighbour (29 February of a non-leap year: the 28th),
    for comparing distances only."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _dated(found: DayMonth, today: date, missing: MissingYear, two_digits: TwoDigits) -> date:
    """The date `found` names, its year decided by the rules when not written whole."""
    day, month, digits = found
    check_exists(day, month, None)
    if digits is None:
        year = today.year
        if missing == "past" and (month, day) > (today.month, today.day):
            year -= 1  # the latest such date that is not in the future
        elif missing == "future" and (month, day) < (today.month, today.day):
            year += 1  # the first such date that is not in the past
    elif len(digits) == 4:
        year = int(digits)
    else:
        year = full_year(int(digits), day, month, today, two_digits)
    check_exists(day, month, year)
    return date(year, month, day)


# --- Each use's reading -------------------------------------------------------------------------


def booking_date(text: str, today: date) -> date:
    """The date of a booking: '29/11', '29/11/2026', '29 nov', '2026-11-29' or '+3' (days from
    today); never in the past."""
    cleaned = clean(text)
    if not cleaned:
        raise DateError(_("type the date of the booking, e.g. 29/11"))
    relative = _RELATIVE.fullmatch(cleaned)
    if relative:
        return today + timedelta(days=int(relative["days"]))
    found = split_day_first(text, N_("try 29/11 or 29/11/2026"))
    booked = _dated(found, today, "future", "nearest")
    if booked < today:
        raise DateError(_("{date} is in the past").format(date=date_text(booked, "numeric")))
    return booked


def visit_date(text: str, today: date, order: DateOrder = "day_first") -> date:
    """The date of a visit: today when nothing is typed, else a date that is not in the
    future ('22/11' typed on 2 January is last year's)."""
    if not clean(text):
        return today
    found = split_day_first(text, N_("type 22/11/2026 or 22/11"), order)
    visited = _dated(found, today, "past", "past")
    if visited > today:
        raise DateError(_("the visit cannot be in the future"))
    return visited


def calendar_date(text: str, today: date) -> date:
    """A day to show in the calendar: '14/02/2027', '14/02' (this year), '02/2027' (that
    month's first day) or '14 févr. 27' (the nearest 2027, not 1927)."""
    cleaned = clean(text)
    month = _MONTH_YEAR.fullmatch(cleaned)
    if month and not _NUMERIC.fullmatch(cleaned):
        check_exists(1, int(month["month"]), int(month["year"]))
        return date(int(month["year"]), int(month["month"]), 1)
    found = split_day_first(text, N_("try 14/02/2027, 14/02 or 02/2027"))
    return _dated(found, today, "this", "nearest")


def filter_date(text: str, today: date) -> date:
    """A date bounding an export or an audience ('visited since 01/01/2026'): any date, a
    missing or two-digit year read as the latest not in the future."""
    found = split_day_first(text, N_("type 01/01/2026 or 2026-01-01"))
    return _dated(found, today, "past", "past")
