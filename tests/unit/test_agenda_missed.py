"""What the agenda reads besides the calls to make, on a real SQLite file: the calls missed in
the last days (every reason), the birthdays left out by name, the calls done today, and the
dates booked."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.calls import compute_agenda
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.agenda.missed import (
    LeftOutGuest,
    birthday_bookings,
    left_out_guests,
    missed_calls,
)
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

# Today is Sunday 22 November 2026 (tests/conftest.py): missed calls are those whose last day
# on the agenda fell from 8 to 21 November.


def on(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def test_missed_birthdays_are_the_ones_never_reached(services: Services) -> None:
    never = add_guest(services, "Jamais", "Appelé", birthday=Birthday(8, 11))
    voicemail = add_guest(services, "Messagerie", "Seule", birthday=Birthday(21, 11))
    reached = add_guest(services, "Bien", "Joint", birthday=Birthday(20, 11))
    declined = add_guest(services, "Pas", "Intéressé", birthday=Birthday(19, 11))
    add_guest(services, "Trop", "Tôt", birthday=Birthday(7, 11))  # 15 days ago
    add_guest(services, "Encore", "Temps", birthday=Birthday(22, 11))  # today: still on
    add_guest(services, "Sans", "Téléphone", birthday=Birthday(18, 11), phone=None)
    for guest_id, occasion, outcome in (
        (voicemail, dt.date(2026, 11, 21), Outcome.VOICEMAIL),
        (reached, dt.date(2026, 11, 20), Outcome.REACHED),
        (declined, dt.date(2026, 11, 19), Outcome.DECLINED),
    ):
        log_outcome(
            on(services, dt.date(2026, 11, 16)),
            CallToLog(guest_id, Reason.BIRTHDAY, occasion, None),
            outcome,
        )
    missed = missed_calls(services)
    assert (missed.total, missed.days) == (2, 14)
    assert missed.by_reason == {Reason.BIRTHDAY: 2}
    assert [(c.guest_id, c.event_on, c.attempts, c.last_outcome) for c in missed.calls] == [
        (voicemail, dt.date(2026, 11, 21), 1, Outcome.VOICEMAIL),
        (never, dt.date(2026, 11, 8), 0, None),
    ]


def test_missed_thank_yous_and_win_backs(services: Services) -> None:
    # A friend first came on 1 November: the thank-you was due until the 15th.
    sponsor = add_guest(services, "Ambre", "Marraine")
    friend = add_guest(services, "Léa", "Amie", phone=None)
    first_of_november = on(services, dt.date(2026, 11, 1))
    record_referral(first_of_november, sponsor_id=sponsor, referred_id=friend)
    add_visit(first_of_november, dt.date(2026, 11, 1), friend)
    # A regular every 7 days, last seen 26 September: late from 26 October, the win-back
    # call on the agenda until 8 November.
    regular = add_guest(services, "Paul", "Habitué")
    for day in (12, 19, 26):
        add_visit(services, dt.date(2026, 9, day), regular)
    missed = missed_calls(services)
    found = {(c.reason, c.guest_id, c.event_on) for c in missed.calls}
    assert found == {
        (Reason.REFERRAL_THANKS, sponsor, dt.date(2026, 11, 15)),
        (Reason.WINBACK, regular, dt.date(2026, 11, 8)),
    }
    assert missed.calls[0].referred_name == "Léa Amie"
    # Fourteen days on, both are too old to be listed.
    assert missed_calls(on(services, dt.date(2026, 11, 30))).total == 0


def test_the_left_out_guests_are_the_ones_counted(services: Services) -> None:
    no_phone = add_guest(services, "Sans", "Téléphone", birthday=Birthday(25, 11), phone=None)
    refused = add_guest(services, "Pas", "Daccord", birthday=Birthday(23, 11), call_consent=False)
    add_guest(services, "Anne", "Appel", birthday=Birthday(24, 11))
    add_guest(services, "Plus", "Tard", birthday=Birthday(6, 12), phone=None)  # due on 29th
    agenda = compute_agenda(services)
    guests = left_out_guests(services)
    assert (agenda.left_out_no_phone, agenda.left_out_no_consent) == (1, 1)
    assert guests == [
        LeftOutGuest(refused, "Pas Daccord", dt.date(2026, 11, 23), "no_consent"),
        LeftOutGuest(no_phone, "Sans Téléphone", dt.date(2026, 11, 25), "no_phone"),
    ]
    assert len(left_out_guests(services, days=7)) == 3  # the next days' too


def test_calls_logged_today_are_done_with_the_date_booked(services: Services) -> None:
    anne = add_guest(services, "Anne", "Appel", birthday=Birthday(29, 11))
    bruno = add_guest(services, "Bruno", "Appel", birthday=Birthday(28, 11))
    add_guest(services, "Chloé", "Appel", birthday=Birthday(27, 11))
    log_outcome(
        services,
        CallToLog(anne, Reason.BIRTHDAY, dt.date(2026, 11, 29), None),
        Outcome.BOOKED,
        booked_for=dt.date(2026, 12, 2),
        note="table pour 4",
    )
    log_outcome(
        services, CallToLog(bruno, Reason.BIRTHDAY, dt.date(2026, 11, 28), None), Outcome.VOICEMAIL
    )
    agenda = compute_agenda(services)
    assert [call.name for call in agenda.calls] == ["Chloé Appel"]
    done = {entry.call.name: entry for entry in agenda.done}
    assert set(done) == {"Anne Appel", "Bruno Appel"}
    assert done["Anne Appel"].outcome is Outcome.BOOKED
    assert done["Anne Appel"].booked_for == dt.date(2026, 12, 2)
    assert (done["Anne Appel"].note, done["Anne Appel"].staff) == ("table pour 4", "Test")
    assert done["Bruno Appel"].outcome is Outcome.VOICEMAIL
    assert done["Bruno Appel"].call.attempts == 1
    assert agenda.done[0].at >= agenda.done[1].at  # the latest first
    # Tomorrow Bruno is back (overdue), and nothing is done yet.
    tomorrow = compute_agenda(on(services, dt.date(2026, 11, 23)))
    assert "Bruno Appel" in [call.name for call in tomorrow.calls] and not tomorrow.done


def test_booked_dates_for_the_calendar(services: Services) -> None:
    anne = add_guest(services, "Anne", "Appel", birthday=Birthday(29, 11))
    occasion = dt.date(2026, 11, 29)
    call = CallToLog(anne, Reason.BIRTHDAY, occasion, None)
    log_outcome(services, call, Outcome.BOOKED, booked_for=dt.date(2026, 12, 2))
    log_outcome(services, call, Outcome.BOOKED, booked_for=dt.date(2026, 12, 3))  # moved
    assert birthday_bookings(services, occasion, occasion) == {
        (anne, occasion): dt.date(2026, 12, 3)
    }
    assert birthday_bookings(services, dt.date(2026, 11, 30), dt.date(2026, 12, 31)) == {}
