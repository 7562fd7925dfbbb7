"""The report's charts (issue 17): a period's visits week by week, the birthday calls' return
rate month by month, and the value at risk month by month. One read, after the figures (the
Reports screen shows the figures first); storage.sqlite.report_series aggregates.

Weeks are ISO weeks (Monday to Sunday) and months calendar months, cut to the period: the
first and last may hold only some of their days, and only those are counted.

- Return rate: the report's own figure (services.reports.birthday_calls), read for the calls
  due in each month: the invited guests (reached or booked) who came between the call and
  RETURN_DAYS after the birthday, over the invited.
- Value at risk: the regulars who became late in the month (on a day of the period, up to
  today) and have not come back since, with what a year of their visits is worth by the
  first version's formula (domain.calls.value_at_risk_cents). A regular who came back is no
  longer at risk, so a month's value can only fall as late regulars return.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.services.context import Services
from guestbook.services.reports import birthday_calls
from guestbook.services.reports.figures import BirthdayCalls
from guestbook.settings import Settings
from guestbook.storage.sqlite import report_series as sql
from guestbook.storage.sqlite.report import Period


@dataclass(frozen=True)
class WeekVisits:
    monday: dt.date  # the ISO week's first day (maybe before the period starts)
    visits: int  # tables of the period's days in that week


@dataclass(frozen=True)
class MonthReturns:
    month: dt.date  # its first day
    calls: BirthdayCalls  # the birthday calls that fell due on the period's days of the month

    @property
    def invited(self) -> int:
        return self.calls.invited

    @property
    def returned(self) -> int:
        return self.calls.returned

    @property
    def rate(self) -> float | None:
        return self.calls.return_rate


@dataclass(frozen=True)
class MonthAtRisk:
    month: dt.date  # its first day
    late_regulars: int  # became late in the month and not back since
    value_cents: int  # a year of their visits


@dataclass(frozen=True)
class Series:
    start: dt.date
    end: dt.date
    weeks: tuple[WeekVisits, ...]
    returns: tuple[MonthReturns, ...]
    at_risk: tuple[MonthAtRisk, ...]


def series(services: Services, period: Period, site: str = "") -> Series:
    """The three series of `period`, as of today; `site`'s (services.reports), or the whole
    group's."""
    today, settings = services.clock.today(), services.settings
    return services.read(lambda connection: series_on(connection, period, today, settings, site))


def series_on(
    connection: Connection, period: Period, today: dt.date, settings: Settings, site: str = ""
) -> Series:
    visits = sql.visits_by_week(connection, period, site)
    weeks = tuple(WeekVisits(monday, visits.get(monday, 0)) for monday in mondays(period))
    months = months_of(period)
    calls = birthday_calls(connection, months, today, settings, site)
    late = sql.late_by_month(connection, period, today, site)
    return Series(
        period[0],
        period[1],
        weeks,
        tuple(
            MonthReturns(first.replace(day=1), month_calls)
            for (first, _last), month_calls in zip(months, calls, strict=True)
        ),
        tuple(
            MonthAtRisk(first.replace(day=1), *late.get((first.year, first.month), (0, 0)))
            for first, _last in months
        ),
    )


def mondays(period: Period) -> list[dt.date]:
    """The Monday of every ISO week that holds a day of the period."""
    first = period[0] - dt.timedelta(days=period[0].weekday())
    count = (period[1] - first).days // 7 + 1
    return [first + dt.timedelta(weeks=n) for n in range(count)]


def months_of(period: Period) -> list[Period]:
    """Each calendar month that holds a day of the period, cut to the period."""
    start, end = period
    months: list[Period] = []
    while start <= end:
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        months.append((start, min(end, following - dt.timedelta(days=1))))
        start = following
    return months
