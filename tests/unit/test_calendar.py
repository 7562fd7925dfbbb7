"""The birthday calendar: month counts, 29 February, calls due, a day's guests."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday, day_ranges, observed_between
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.calendar import birthdays_between, month_view
from guestbook.settings import Settings
from guestbook.storage.sqlite import calendar as calendar_sql
from tests.builders import add_guest
from tests.database import query

pytestmark = pytest.mark.both_backends

D = dt.date


def test_month_counts_and_calls_due(services: Services) -> None:
    for day in (3, 3, 10, 30):
        add_guest(services, f"Nov{day}", "Guest", birthday=Birthday(day, 11))
    add_guest(services, "Dec", "Two", birthday=Birthday(2, 12))
    view = month_view(services, 2026, 11)
    by_day = {d.day.day: d for d in view.days}
    assert len(view.days) == 30 and view.total == 4
    assert (by_day[3].birthdays, by_day[10].birthdays, by_day[30].birthdays) == (2, 1, 1)
    # calls are due 7 days before: 3 Nov → 27 Oct (not this month), 10 Nov → 3 Nov,
    # 30 Nov → 23 Nov, 2 Dec → 25 Nov (next month's birthday, this month's call)
    assert {d.day.day for d in view.days if d.calls_due} == {3, 23, 25}


def test_29_february_in_leap_and_other_years(services: Services) -> None:
    add_guest(services, "Leap", "Day", birthday=Birthday(29, 2, 1988))
    add_guest(services, "Feb", "28", birthday=Birthday(28, 2))
    feb28 = replace(services, settings=Settings())
    mar1 = replace(services, settings=Settings(feb29="mar1"))
    leap = {d.day.day: d for d in month_view(feb28, 2028, 2).days}
    common = {d.day.day: d for d in month_view(feb28, 2027, 2).days}
    march = {d.day.day: d for d in month_view(mar1, 2027, 3).days}
    feb_mar1 = {d.day.day: d for d in month_view(mar1, 2027, 2).days}
    assert (leap[29].birthdays, leap[29].leap_observed, leap[28].birthdays) == (1, 0, 1)
    assert 29 not in common
    assert (common[28].birthdays, common[28].leap_observed) == (2, 1)
    assert (march[1].birthdays, march[1].leap_observed) == (1, 1)
    assert feb_mar1[28].birthdays == 1


def test_day_list_with_status_partner_and_age(services: Services) -> None:
    partner = add_guest(services, "Marc", "Dupont")
    add_guest(services, "Hélène", "Dupont", birthday=Birthday(29, 11, 1976), partner_id=partner)
    add_guest(services, "Sans", "Tel", birthday=Birthday(29, 11), phone=None)
    add_guest(services, "Passé", "Hier", birthday=Birthday(21, 11))
    on_22 = replace(services, clock=FixedClock(D(2026, 11, 22)))
    rows, total = birthdays_between(on_22, D(2026, 11, 29), D(2026, 11, 29))
    past, _ = birthdays_between(on_22, D(2026, 11, 21), D(2026, 11, 21))
    assert total == 2
    helene = next(r for r in rows if r.name == "Hélène Dupont")
    assert (helene.turning, helene.milestone, helene.partner, helene.call_status) == (
        50,
        True,
        "Marc Dupont",
        "due",
    )
    assert next(r for r in rows if r.name == "Sans Tel").call_status == "no phone"
    assert past[0].call_status == "missed"


def test_day_list_counts_tries_of_a_call_not_yet_decided(services: Services) -> None:
    once = add_guest(services, "Une", "Fois", birthday=Birthday(29, 11))
    twice = add_guest(services, "Deux", "Fois", birthday=Birthday(29, 11))
    on_22 = replace(services, clock=FixedClock(D(2026, 11, 22)))
    for guest_id, outcomes in ((once, [Outcome.VOICEMAIL]), (twice, [Outcome.NO_ANSWER] * 2)):
        for outcome in outcomes:
            log_outcome(on_22, CallToLog(guest_id, Reason.BIRTHDAY, D(2026, 11, 29), None), outcome)
    rows, _ = birthdays_between(on_22, D(2026, 11, 29), D(2026, 11, 29))
    assert {row.name: row.call_status for row in rows} == {
        "Une Fois": "1 try, last voicemail",
        "Deux Fois": "2 tries, last no answer",
    }


def test_next_30_days_in_date_order_across_the_year(services: Services) -> None:
    for day, month in ((5, 1), (24, 12), (23, 11), (15, 12)):
        add_guest(services, f"B{day}-{month}", "Next", birthday=Birthday(day, month))
    on_10_december = replace(services, clock=FixedClock(D(2026, 12, 10)))
    rows, total = birthdays_between(on_10_december, D(2026, 12, 10), D(2027, 1, 8))
    assert [r.occurs_on for r in rows] == [D(2026, 12, 15), D(2026, 12, 24), D(2027, 1, 5)]
    assert total == 3


@pytest.mark.sqlite_only  # SQLite's own query plan
def test_month_count_is_answered_from_the_birthday_index(services: Services) -> None:
    plan = query(
        services,
        "EXPLAIN QUERY PLAN SELECT birth_day, count(*) FROM guest WHERE birth_month = 11 "
        "GROUP BY birth_day",
    )
    detail = " ".join(str(row[-1]) for row in plan)
    assert "COVERING INDEX ix_guest_birthday" in detail


@pytest.mark.sqlite_only  # SQLite's own query plan
def test_birthday_window_uses_the_birthday_index(services: Services) -> None:
    observed = observed_between(dt.date(2026, 12, 26), dt.date(2027, 1, 9), "feb28")
    where, params = calendar_sql._window_sql(day_ranges((m, d) for m, d, _ in observed))
    plan = services.read(
        lambda connection: connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN SELECT g.id FROM guest g WHERE {where}", params
        ).all()
    )
    details = [str(row[-1]) for row in plan]
    # One index range per month of the window, never a scan (not even of the index).
    searches = [
        d for d in details if d.startswith("SEARCH g USING COVERING INDEX ix_guest_birthday")
    ]
    assert len(searches) == 2 and all("(birth_month=?" in d for d in searches), details
    assert not any(d.startswith("SCAN") for d in details), details
