"""The birthday calendar: month counts from the birthday index, a day's guests, the next days.

Which stored birthdays are celebrated on which day (29 February, the year's wrap) comes from
domain.birthdays; storage.sqlite.calendar only counts and reads what it is asked for.
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.birthdays import (
    Birthday,
    age_turning,
    day_ranges,
    feb29_stand_in,
    is_milestone,
    observed_between,
)
from guestbook.domain.calls import Attempt, Outcome
from guestbook.domain.text import display_name
from guestbook.i18n import N_, _, ngettext
from guestbook.services.context import Services
from guestbook.settings import Settings
from guestbook.storage.sqlite import calendar as sql
from guestbook.storage.sqlite.raw import local_date
from guestbook.storage.sqlite.rewards import rewards_owed

# Rows a list shows (the title gives the whole count): a day among a million guests has
# ~2,000 birthdays, the next 30 days ~60,000.
DAY_LIST_LIMIT = 500
NEXT_DAYS_LIMIT = 2000


_NONE = (0, 0)

# The call's state as the day list shows it, translated here: the screen shows it as it is.
_DUE, _UPCOMING, _MISSED = N_("due"), N_("upcoming"), N_("missed")
_NO_PHONE, _NO_CONSENT = N_("no phone"), N_("no consent")


class DayCount(NamedTuple):
    day: dt.date
    birthdays: int
    leap_observed: int  # of which 29 February birthdays observed on this day
    calls_due: int  # birthdays lead_days later, whose calls fall due on this day


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    days: tuple[DayCount, ...]

    @property
    def total(self) -> int:
        return sum(day.birthdays for day in self.days)


def month_view(services: Services, year: int, month: int) -> MonthView:
    """Counts for every day of the month, and how many calls fall due on each day."""
    settings = services.settings
    return services.read(lambda connection: month_view_on(connection, year, month, settings))


def month_view_on(connection: Connection, year: int, month: int, settings: Settings) -> MonthView:
    per_month: dict[int, dict[int, int]] = {}

    def born(month: int) -> dict[int, int]:
        if month not in per_month:
            per_month[month] = sql.birthdays_per_day(connection, month)
        return per_month[month]

    stand_ins = {y: feb29_stand_in(y, settings.feb29) for y in (year - 1, year, year + 1)}

    def observed(day: dt.date) -> tuple[int, int]:
        """(birthdays celebrated on `day`, of which 29 February's moved there)."""
        count = born(day.month).get(day.day, 0)
        if day != stand_ins[day.year]:
            return count, 0
        moved = born(2).get(29, 0)
        return count + moved, moved

    first = dt.date(year, month, 1).toordinal()
    lead = settings.lead_days
    days = []
    for ordinal in range(first, first + std_calendar.monthrange(year, month)[1]):
        day = dt.date.fromordinal(ordinal)
        # A call falls due lead_days before the birthday: count the birthdays lead_days
        # later, which may be next month or next year.
        due = observed(dt.date.fromordinal(ordinal + lead))[0]
        count, leap = observed(day)
        days.append(DayCount(day, count, leap, due))
    return MonthView(year, month, tuple(days))


@dataclass(frozen=True)
class BirthdayRow:
    guest_id: int
    name: str
    birthday: Birthday
    occurs_on: dt.date
    turning: int | None
    milestone: bool
    partner: str | None
    # In guestbook's language, ready to show: "due", "upcoming", "reached", "booked",
    # "declined", "missed", "no phone", "no consent", "2 tries, last voicemail".
    call_status: str
    rewards_owed: int
    leap_observed: bool


def birthdays_between(
    services: Services, start: dt.date, end: dt.date, *, limit: int = NEXT_DAYS_LIMIT
) -> tuple[list[BirthdayRow], int]:
    """Guests whose birthday falls from start to end (inclusive), in date order, with the
    total count (the list stops at `limit`)."""
    today, settings = services.clock.today(), services.settings
    return services.read(
        lambda connection: birthdays_between_on(
            connection, start, end, today, settings, limit=limit
        )
    )


def birthdays_between_on(
    connection: Connection,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    settings: Settings,
    *,
    limit: int = NEXT_DAYS_LIMIT,
) -> tuple[list[BirthdayRow], int]:
    observed = {(m, d): on for m, d, on in observed_between(start, end, settings.feb29)}
    rows, total = sql.guests_born(connection, day_ranges(observed), limit * 2)
    found = sorted(
        ((observed[int(row[4]), int(row[3])], row) for row in rows), key=lambda item: item[0]
    )[:limit]
    statuses = _call_statuses(connection, [(int(r[0]), occurs) for occurs, r in found], today)
    owed = rewards_owed(connection, (int(r[0]) for _, r in found), today)
    return [_row(occurs, row, statuses, owed, today, settings) for occurs, row in found], total


def _row(
    occurs: dt.date,
    row: Any,
    statuses: dict[tuple[int, dt.date], str],
    owed: dict[int, int],
    today: dt.date,
    settings: Settings,
) -> BirthdayRow:
    guest_id = int(row[0])
    birthday = Birthday(int(row[3]), int(row[4]), row[5])
    turning = age_turning(birthday, occurs)
    partner = (
        display_name(str(row[8]), str(row[9] or ""))
        if row[8] is not None
        else (str(row[10]) or None)
    )
    status = statuses.get((guest_id, occurs))
    if status is None:
        status = _status_without_attempts(occurs, today, settings, row[6], row[7])
    return BirthdayRow(
        guest_id=guest_id,
        name=display_name(str(row[1]), str(row[2])),
        birthday=birthday,
        occurs_on=occurs,
        turning=turning,
        milestone=is_milestone(turning),
        partner=partner,
        call_status=status,
        rewards_owed=owed.get(guest_id, 0),
        leap_observed=(birthday.month, birthday.day) == (2, 29)
        and (occurs.month, occurs.day) != (2, 29),
    )


def _status_without_attempts(
    occurs: dt.date, today: dt.date, settings: Settings, phone: object, consent: object
) -> str:
    if phone is None:
        return _(_NO_PHONE)
    if consent is not True and consent != 1:
        return _(_NO_CONSENT)
    due = occurs - dt.timedelta(days=settings.lead_days)
    if occurs < today:
        return _(_MISSED)
    if today < due:
        return _(_UPCOMING)
    return _(_DUE)


def _call_statuses(
    connection: Connection, occasions: list[tuple[int, dt.date]], today: dt.date
) -> dict[tuple[int, dt.date], str]:
    """The words for each occasion that has attempts: its last decisive outcome."""
    if not occasions:
        return {}
    wanted = set(occasions)
    days = sorted({day for _, day in occasions})
    attempts: dict[tuple[int, dt.date], list[Attempt]] = defaultdict(list)
    for guest_id, occasion_on, at, outcome in sql.birthday_attempts(connection, days[0], days[-1]):
        key = (guest_id, occasion_on)
        if key in wanted:
            attempts[key].append(Attempt(local_date(at), Outcome(outcome)))
    return {key: _status_word(logged, key[1] < today) for key, logged in attempts.items()}


def _status_word(logged: list[Attempt], passed: bool) -> str:
    decisive = [a for a in logged if a.outcome.spoke_to_guest]
    if decisive:
        return decisive[-1].outcome.label
    if passed:
        return _(_MISSED)
    tries = ngettext("{count} try, last {outcome}", "{count} tries, last {outcome}", len(logged))
    return tries.format(count=len(logged), outcome=logged[-1].outcome.label)
