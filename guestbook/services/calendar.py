"""The birthday calendar: month counts from the birthday index, a day's guests, the next days.

Erasing a guest clears their birthday, so birthday queries need no erased_at filter and the
month count is answered from the (birth_month, birth_day) index alone.
"""

from __future__ import annotations

import calendar as std_calendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, text

from guestbook.domain.birthdays import Birthday, age_turning, is_milestone, next_occurrence
from guestbook.domain.calls import Attempt, Outcome, Reason
from guestbook.domain.text import display_name
from guestbook.services.queries import birthday_window_sql, local_date, raw_rows, rewards_owed
from guestbook.settings import Feb29Rule, Settings

# Rows a list shows (the title gives the whole count): a day among a million guests has
# ~2,000 birthdays, the next 30 days ~60,000.
DAY_LIST_LIMIT = 500
NEXT_DAYS_LIMIT = 2000


_NONE = (0, 0)


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


def _counts_for_month(connection: Connection, month: int) -> dict[int, int]:
    # Straight to the DBAPI cursor: the query takes a few hundred microseconds from the
    # index, and SQLAlchemy's statement handling would otherwise double it.
    rows = raw_rows(
        connection,
        "SELECT birth_day, count(*) FROM guest WHERE birth_month = :month GROUP BY birth_day",
        {"month": month},
    )
    return dict(rows)


def _observed_counts(
    connection: Connection,
    year: int,
    month: int,
    feb29: Feb29Rule,
    cache: dict[int, dict[int, int]],
) -> dict[int, tuple[int, int]]:
    """Birthdays observed on each day of (year, month): day → (count, of which 29 Feb)."""

    def counts(m: int) -> dict[int, int]:
        if m not in cache:
            cache[m] = _counts_for_month(connection, m)
        return cache[m]

    leap_year = std_calendar.isleap(year)
    observed = {
        day: (count, 0)
        for day, count in counts(month).items()
        if leap_year or not (month == 2 and day == 29)
    }
    if not leap_year:
        leap = counts(2).get(29, 0)
        target_month, target_day = (2, 28) if feb29 == "feb28" else (3, 1)
        if leap and target_month == month:
            count, of_leap = observed.get(target_day, (0, 0))
            observed[target_day] = (count + leap, of_leap + leap)
    return observed


def month_view(connection: Connection, year: int, month: int, settings: Settings) -> MonthView:
    """Counts for every day of the month, and how many calls fall due on each day."""
    cache: dict[int, dict[int, int]] = {}
    months: dict[tuple[int, int], dict[int, tuple[int, int]]] = {}

    def observed(year: int, month: int) -> dict[int, tuple[int, int]]:
        if (year, month) not in months:
            months[year, month] = _observed_counts(connection, year, month, settings.feb29, cache)
        return months[year, month]

    here = observed(year, month)
    first = dt.date(year, month, 1).toordinal()
    lead = settings.lead_days
    days = []
    for ordinal in range(first, first + std_calendar.monthrange(year, month)[1]):
        day = dt.date.fromordinal(ordinal)
        # A call falls due lead_days before the birthday: count the birthdays lead_days
        # later, which may be next month or next year.
        event = dt.date.fromordinal(ordinal + lead)
        due = observed(event.year, event.month).get(event.day, _NONE)[0]
        count, leap = here.get(day.day, _NONE)
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
    call_status: str  # "due", "upcoming", "reached", "booked", "declined", "missed", "no phone"…
    rewards_owed: int
    leap_observed: bool


_ROW_SQL = """
SELECT g.id, g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year,
       g.primary_phone, g.consent_call, p.first_name, p.last_name, g.partner_name
FROM guest g LEFT JOIN guest p ON p.id = g.partner_id
WHERE {where}
ORDER BY g.birth_month, g.birth_day, g.name_key, g.id
LIMIT :limit
"""


def birthdays_between(
    connection: Connection,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    settings: Settings,
    *,
    limit: int = NEXT_DAYS_LIMIT,
) -> tuple[list[BirthdayRow], int]:
    """Guests whose birthday falls from start to end (inclusive), in date order, with the
    total count (the list stops at `limit`)."""
    where, params = birthday_window_sql(start, end)
    rows = connection.execute(
        text(_ROW_SQL.format(where=where)), {**params, "limit": limit * 2}
    ).all()
    found: list[tuple[dt.date, Birthday, Any]] = []
    for row in rows:
        birthday = Birthday(int(row[3]), int(row[4]), row[5])
        occurs = next_occurrence(birthday, start, settings.feb29)
        if occurs <= end:
            found.append((occurs, birthday, row))
    found.sort(key=lambda item: item[0])
    total = int(
        connection.execute(text(f"SELECT count(*) FROM guest g WHERE {where}"), params).scalar_one()
    )
    found = found[:limit]
    statuses = _call_statuses(connection, [(int(r[0]), occurs) for occurs, _, r in found], today)
    owed = rewards_owed(connection, (int(r[0]) for _, _, r in found), today)
    result = []
    for occurs, birthday, row in found:
        guest_id = int(row[0])
        turning = age_turning(birthday, occurs)
        partner = (
            display_name(str(row[8]), str(row[9] or ""))
            if row[8] is not None
            else (str(row[10]) or None)
        )
        status = statuses.get((guest_id, occurs))
        if status is None:
            status = _status_without_attempts(occurs, today, settings, row[6], row[7])
        result.append(
            BirthdayRow(
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
        )
    return result, total


def _status_without_attempts(
    occurs: dt.date, today: dt.date, settings: Settings, phone: object, consent: object
) -> str:
    if phone is None:
        return "no phone"
    if consent is not True and consent != 1:
        return "no consent"
    due = occurs - dt.timedelta(days=settings.lead_days)
    if occurs < today:
        return "missed"
    if today < due:
        return "upcoming"
    return "due"


def _call_statuses(
    connection: Connection, occasions: list[tuple[int, dt.date]], today: dt.date
) -> dict[tuple[int, dt.date], str]:
    """The word for each occasion that has attempts: its last decisive outcome."""
    if not occasions:
        return {}
    wanted = set(occasions)
    days = sorted({day for _, day in occasions})
    rows = connection.execute(
        text(
            "SELECT guest_id, occasion_on, at, outcome FROM call_attempt WHERE reason = :reason "
            "AND occasion_on BETWEEN :first AND :last ORDER BY at, id"
        ),
        {
            "reason": Reason.BIRTHDAY.value,
            "first": days[0].isoformat(),
            "last": days[-1].isoformat(),
        },
    ).all()
    attempts: dict[tuple[int, dt.date], list[Attempt]] = defaultdict(list)
    for guest_id, occasion_on, at, outcome in rows:
        key = (int(guest_id), dt.date.fromisoformat(str(occasion_on)))
        if key in wanted:
            attempts[key].append(Attempt(local_date(at), Outcome(outcome)))
    words = {}
    for key, logged in attempts.items():
        decisive = [a for a in logged if a.outcome.spoke_to_guest]
        if decisive:
            words[key] = decisive[-1].outcome.value
        elif key[1] < today:
            words[key] = "missed"
        else:
            tries = f"{len(logged)} {'try' if len(logged) == 1 else 'tries'}"
            words[key] = f"{tries}, last {logged[-1].outcome.value.replace('_', ' ')}"
    return words
