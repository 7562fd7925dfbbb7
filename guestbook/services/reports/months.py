"""The report's revenue month by month, for the accountant's workbook (services.reports.workbook):
each calendar month the period reaches, with the visits, those whose spend is known and their
revenue (an unknown spend is not 0: it is left out of the revenue and counted apart).

A period rarely starts on the first of a month (the default is the twelve months ending today):
its first and last months are only the days of them inside the period, and say so by their own
first and last day. The months add up to the report's revenue (storage.sqlite.report_months).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.services.context import Services
from guestbook.services.reports import Period, chosen_period
from guestbook.storage.sqlite import report_months as sql


@dataclass(frozen=True)
class MonthRevenue:
    month: dt.date  # the first day of the calendar month
    start: dt.date  # the first day of it in the period
    end: dt.date  # the last day of it in the period
    visits: int
    visits_with_spend: int
    revenue_cents: int

    @property
    def whole(self) -> bool:
        """Whether the period holds every day of the month."""
        return self.start == self.month and (self.end + dt.timedelta(days=1)).day == 1


def revenue_by_month(
    services: Services, start: dt.date | None = None, end: dt.date | None = None, site: str = ""
) -> list[MonthRevenue]:
    """The months of the period from `start` to `end`, chosen as the report chooses it
    (services.reports.chosen_period: the twelve months ending today by default); of `site`'s
    visits, or the whole group's."""
    period = chosen_period(start, end, services.clock.today())
    return services.read(lambda connection: months_on(connection, period, site))


def months_on(connection: Connection, period: Period, site: str = "") -> list[MonthRevenue]:
    """The months of `period`, in order, read on `connection`."""
    parts = month_parts(period)
    totals = sql.month_totals(connection, parts, site)
    return [
        MonthRevenue(first.replace(day=1), first, last, visits, known, cents)
        for (first, last), (visits, known, cents) in zip(parts, totals, strict=True)
    ]


def month_parts(period: Period) -> list[Period]:
    """`period` cut at each new month: (first day, last day) of each month's part of it."""
    start, end = period
    parts = []
    first = start
    while first <= end:
        next_month = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = min(end, next_month - dt.timedelta(days=1))
        parts.append((first, last))
        first = next_month
    return parts
