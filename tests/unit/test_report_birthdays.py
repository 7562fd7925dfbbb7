"""The owner's report (issue 17): the birthday calls due in a period, how each ended, and the
return rate, on constructed calls whose answers are worked out by hand in each test.

Today is Sunday 22 November 2026 (tests/conftest.py), lead_days 7. Most tests read 1 October to
22 November 2026: the calls due then are for the birthdays from 8 October to 29 November.
Guests are recorded on 1 January 2026 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.guests.consent import record_consent
from guestbook.services.reports import report
from guestbook.settings import Settings
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

D = dt.date
START, END = D(2026, 10, 1), D(2026, 11, 22)
RECORDED = D(2026, 1, 1)  # when guests are recorded, unless a test says otherwise


def on(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def guest(
    services: Services,
    name: str,
    day: int,
    month: int,
    *,
    recorded: dt.date = RECORDED,
    phone: bool | None = True,
    call_consent: bool | None = True,
) -> int:
    """A guest born on `day`/`month`, recorded on `recorded`."""
    return add_guest(
        on(services, recorded),
        name,
        "Anniversaire",
        birthday=Birthday(day, month),
        phone=phone,
        call_consent=call_consent,
    )


def call(
    services: Services,
    day: dt.date,
    guest_id: int,
    birthday: dt.date,
    outcome: Outcome,
    booked_for: dt.date | None = None,
) -> None:
    log_outcome(
        on(services, day),
        CallToLog(guest_id, Reason.BIRTHDAY, birthday, None),
        outcome,
        booked_for=booked_for,
    )


def test_every_call_due_ends_one_way_or_is_still_open(services: Services) -> None:
    guest(services, "Jamais", 20, 10)  # missed: never tried
    reached = guest(services, "Joint", 25, 10)
    call(services, D(2026, 10, 19), reached, D(2026, 10, 25), Outcome.REACHED)
    booked = guest(services, "Réservé", 5, 11)  # reached, then a date set: booked
    call(services, D(2026, 10, 29), booked, D(2026, 11, 5), Outcome.REACHED)
    call(services, D(2026, 10, 30), booked, D(2026, 11, 5), Outcome.BOOKED, D(2026, 11, 7))
    declined = guest(services, "Refus", 10, 11)
    call(services, D(2026, 11, 3), declined, D(2026, 11, 10), Outcome.DECLINED)
    unreached = guest(services, "Injoignable", 15, 10)  # the 4 attempts allowed
    for day in (8, 9, 10, 11):
        call(services, D(2026, 10, day), unreached, D(2026, 10, 15), Outcome.NO_ANSWER)
    tried = guest(services, "Messagerie", 30, 10)  # missed: tried, never reached
    for day in (23, 24):
        call(services, D(2026, 10, day), tried, D(2026, 10, 30), Outcome.VOICEMAIL)
    guest(services, "Bientôt", 25, 11)  # open: the birthday is to come
    later = guest(services, "Rappel", 28, 11)  # open: tried, to try again
    call(services, D(2026, 11, 21), later, D(2026, 11, 28), Outcome.VOICEMAIL)
    guest(services, "Tard", 20, 10, recorded=D(2026, 11, 10))  # recorded after the birthday
    guest(services, "Juste", 15, 11, recorded=D(2026, 11, 10))  # before it: missed
    add_guest(on(services, RECORDED), "Sans", "Date")  # no birthday: not on the agenda
    guest(services, "Pas", 22, 10, call_consent=False)  # may not be called
    guest(services, "Sans", 21, 10, phone=None)  # cannot be called
    withdrawn = guest(services, "Retiré", 1, 11)  # reached, then withdrew: still counted
    call(services, D(2026, 10, 26), withdrawn, D(2026, 11, 1), Outcome.REACHED)
    services.write(
        lambda session: record_consent(session, withdrawn, "call", False, now=services.clock.now())
    )
    guest(services, "Avant", 7, 10)  # due on 30 September: the period before
    guest(services, "Après", 1, 12)  # due on 24 November: after the period

    figures = report(services, START, END)
    calls = figures.current.birthday_calls
    assert calls.to_json() == {
        "due": 10,
        "reached": 2,
        "booked": 1,
        "declined": 1,
        "unreached": 1,
        "missed": 3,
        "open": 2,
        "invited": 3,
        "returned": 0,
        "return_rate": 0.0,
        "returned_spend_cents": 0,
    }
    before = figures.previous.birthday_calls  # 9 August to 30 September
    assert (before.due, before.missed, before.return_rate) == (1, 1, None)


def test_the_return_window_runs_from_the_call_to_30_days_after_the_birthday(
    services: Services,
) -> None:
    """Birthdays on 20 October, invited on 14 October (one on the 15th)."""
    birthday = D(2026, 10, 20)
    names = ("Jour", "Dernier", "Trop", "Avant", "Réservé", "Plusieurs", "Refus")
    first, last, late, before, booked, many, declined = (
        guest(services, name, 20, 10) for name in names
    )
    for guest_id in (first, last, late, before, many):
        call(services, D(2026, 10, 14), guest_id, birthday, Outcome.REACHED)
    call(services, D(2026, 10, 14), booked, birthday, Outcome.BOOKED, birthday)
    call(services, D(2026, 10, 14), declined, birthday, Outcome.DECLINED)
    add_visit(services, D(2026, 10, 14), first)  # the day of the call counts
    add_visit(services, D(2026, 11, 19), last)  # 30 days after the birthday counts
    add_visit(services, D(2026, 11, 20), late)  # 31 days after does not
    add_visit(services, D(2026, 10, 13), before)  # the day before the call does not
    add_visit(services, birthday, booked, party_size=2, spend_cents=9_001)  # a share of 45.01 €
    add_visit(services, D(2026, 10, 13), many, spend_cents=5_000)
    add_visit(services, D(2026, 10, 16), many, spend_cents=3_000)
    add_visit(services, D(2026, 10, 17), many, spend_cents=2_000)
    add_visit(services, birthday, declined)  # not invited

    calls = report(services, START, END).current.birthday_calls
    assert (calls.invited, calls.returned) == (6, 4)
    assert calls.return_rate == 4 / 6
    assert calls.returned_spend_cents == 10_000 + 10_000 + 4_501 + 3_000 + 2_000


def test_29_february_is_called_on_the_day_the_setting_observes_it(services: Services) -> None:
    """In 2027 (not a leap year): on 28 February (`feb28`) or 1 March (`mar1`); the calls due
    on 22 February 2027 are for the birthdays observed on 1 March."""
    for name, day, month in (("Bissextile", 29, 2), ("Veille", 28, 2), ("Mars", 1, 3)):
        guest(services, name, day, month)
    one_day = (D(2027, 2, 22), D(2027, 2, 22))
    services = replace(services, clock=FixedClock(D(2027, 2, 22)))  # a report ends by today
    assert report(services, *one_day).current.birthday_calls.due == 1
    mar1 = replace(services, settings=Settings(feb29="mar1"))
    calls = report(mar1, *one_day).current.birthday_calls
    assert (calls.due, calls.open, calls.missed) == (2, 2, 0)


def test_a_period_of_two_years_holds_each_birthday_twice(services: Services) -> None:
    guest(services, "Deux", 15, 3, recorded=D(2024, 1, 1))
    calls = report(services, D(2024, 11, 23), END).current.birthday_calls
    assert (calls.due, calls.missed) == (2, 2)
