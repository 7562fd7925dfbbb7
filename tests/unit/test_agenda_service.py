"""The agenda computed from a real SQLite file, for guests built case by case."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import CallStatus, Outcome, Reason
from guestbook.services.agenda.calls import Agenda, AgendaCall, compute_agenda
from guestbook.services.agenda.log import CallToLog, log_outcome, undo_outcome
from guestbook.services.agenda.rows import listed_birthdays
from guestbook.services.visits.referrals import record_referral
from guestbook.settings import Feb29Rule, Settings
from guestbook.storage.sqlite import agenda as agenda_sql
from guestbook.storage.sqlite.raw import as_date, local_date
from tests.builders import add_guest, add_visit
from tests.database import execute, query, scalar
from tests.zones import local_time

pytestmark = pytest.mark.both_backends


def as_of(services: Services, day: dt.date, settings: Settings | None = None) -> Services:
    """The same database seen on `day` (with `settings` if given): logs calls as of that day."""
    return replace(services, clock=FixedClock(day), settings=settings or services.settings)


def calls_by_name(agenda: Agenda) -> dict[str, AgendaCall]:
    return {call.name: call for call in agenda.calls}


def log(
    services: Services, call: AgendaCall, outcome: Outcome, *, booked_for: dt.date | None = None
) -> int:
    logged = log_outcome(
        services,
        CallToLog(call.guest_id, call.reason, call.occasion_on, call.phone, call.referral_id),
        outcome,
        booked_for=booked_for,
    )
    return logged.attempt_id


def test_statuses_by_due_date(services: Services) -> None:
    # today is Sunday 22 November 2026; lead_days is 7
    add_guest(services, "Due", "Today", birthday=Birthday(29, 11, 1976))
    add_guest(services, "Was", "Due", birthday=Birthday(25, 11))
    add_guest(services, "Birthday", "Today", birthday=Birthday(22, 11))
    add_guest(services, "Next", "Week", birthday=Birthday(2, 12))
    add_guest(services, "Passed", "Yesterday", birthday=Birthday(21, 11))
    agenda = compute_agenda(services)
    calls = calls_by_name(agenda)
    assert set(calls) == {"Due Today", "Was Due", "Birthday Today"}
    assert calls["Due Today"].status is CallStatus.TODAY
    assert calls["Due Today"].due_on == dt.date(2026, 11, 22)
    assert calls["Due Today"].turning == 50 and calls["Due Today"].milestone
    assert calls["Was Due"].status is CallStatus.OVERDUE
    assert calls["Birthday Today"].status is CallStatus.OVERDUE
    # overdue first
    assert [c.status for c in agenda.calls][:2] == [CallStatus.OVERDUE, CallStatus.OVERDUE]
    upcoming = calls_by_name(compute_agenda(services, days=3))
    assert upcoming["Next Week"].status is CallStatus.UPCOMING
    assert upcoming["Next Week"].due_on == dt.date(2026, 11, 25)


def test_year_wrap_2_january_due_26_december(services: Services) -> None:
    services = as_of(services, dt.date(2026, 12, 26))
    add_guest(services, "Nouvel", "An", birthday=Birthday(2, 1))
    call = calls_by_name(compute_agenda(services))["Nouvel An"]
    assert (call.status, call.due_on, call.event_on) == (
        CallStatus.TODAY,
        dt.date(2026, 12, 26),
        dt.date(2027, 1, 2),
    )


@pytest.mark.parametrize(
    ("today", "rule", "expected_event"),
    [
        (dt.date(2027, 2, 21), "feb28", dt.date(2027, 2, 28)),  # non-leap: observed 28 Feb
        (dt.date(2027, 2, 22), "mar1", dt.date(2027, 3, 1)),  # non-leap, other rule
        (dt.date(2028, 2, 22), "feb28", dt.date(2028, 2, 29)),  # leap year: the day itself
    ],
)
def test_29_february(
    services: Services, today: dt.date, rule: Feb29Rule, expected_event: dt.date
) -> None:
    services = as_of(services, today, Settings(feb29=rule))
    add_guest(services, "Leap", "Day", birthday=Birthday(29, 2, 1988))
    call = calls_by_name(compute_agenda(services))["Leap Day"]
    assert call.event_on == expected_event
    assert call.status is CallStatus.TODAY


def test_no_phone_and_no_consent_are_left_out_and_counted(services: Services) -> None:
    add_guest(services, "No", "Phone", birthday=Birthday(29, 11), phone=None)
    add_guest(services, "No", "Consent", birthday=Birthday(28, 11), call_consent=None)
    add_guest(services, "Said", "No", birthday=Birthday(27, 11), call_consent=False)
    add_guest(services, "Can", "Call", birthday=Birthday(27, 11))
    agenda = compute_agenda(services)
    assert [c.name for c in agenda.calls] == ["Can Call"]
    assert (agenda.left_out_no_phone, agenda.left_out_no_consent) == (1, 2)


def test_voicemail_retries_next_day_and_declined_closes(services: Services) -> None:
    day = dt.date(2026, 11, 22)
    services = as_of(services, day)
    add_guest(services, "Retry", "Me", birthday=Birthday(29, 11))
    add_guest(services, "Non", "Merci", birthday=Birthday(29, 11))
    calls = calls_by_name(compute_agenda(services))
    log(services, calls["Retry Me"], Outcome.VOICEMAIL)
    log(services, calls["Non Merci"], Outcome.DECLINED)
    assert list(compute_agenda(services).calls) == []  # not again today; declined is closed

    tomorrow = as_of(services, day + dt.timedelta(days=1))
    calls = calls_by_name(compute_agenda(tomorrow))
    assert list(calls) == ["Retry Me"]
    assert calls["Retry Me"].status is CallStatus.OVERDUE
    assert calls["Retry Me"].attempts == 1
    assert calls["Retry Me"].due_on == day


def test_four_attempts_close_the_occasion(services: Services) -> None:
    start = dt.date(2026, 11, 22)
    for offset in range(4):
        that_day = as_of(services, start + dt.timedelta(days=offset))
        if offset == 0:
            add_guest(that_day, "Never", "There", birthday=Birthday(29, 11))
        (call,) = compute_agenda(that_day).calls
        assert call.attempts == offset
        log(that_day, call, Outcome.NO_ANSWER)
    assert list(compute_agenda(as_of(services, start + dt.timedelta(days=4))).calls) == []


def test_reached_issues_one_reward_and_undo_removes_it(services: Services) -> None:
    guest = add_guest(services, "Happy", "Birthday", birthday=Birthday(29, 11))
    (call,) = compute_agenda(services).calls
    attempt = log(services, call, Outcome.REACHED)
    rewards = query(
        services,
        "SELECT kind, valid_from, valid_to, issued_by_attempt_id FROM reward WHERE guest_id=?",
        guest,
    )
    dated = [(kind, as_date(first), as_date(last), by) for kind, first, last, by in rewards]
    assert dated == [("birthday", dt.date(2026, 11, 22), dt.date(2026, 12, 29), attempt)]
    assert list(compute_agenda(services).calls) == []
    # booked for the same occasion after reached: still one reward
    log(services, call, Outcome.BOOKED, booked_for=dt.date(2026, 11, 29))
    assert scalar(services, "SELECT count(*) FROM reward") == 1
    undo_outcome(services, attempt)
    assert scalar(services, "SELECT count(*) FROM reward") == 0
    assert scalar(services, "SELECT count(*) FROM call_attempt") == 1


def test_wrong_number_flags_phone_and_comes_back_with_a_new_number(services: Services) -> None:
    guest = add_guest(services, "Wrong", "Number", birthday=Birthday(29, 11), phone="0612345678")
    (call,) = compute_agenda(services).calls
    log(services, call, Outcome.WRONG_NUMBER)
    flagged = scalar(
        services, "SELECT wrong_since IS NOT NULL FROM phone WHERE guest_id = ?", guest
    )
    assert flagged == 1
    assert list(compute_agenda(services).calls) == []
    execute(services, "UPDATE guest SET primary_phone = '+33698765432' WHERE id = ?", guest)
    (back,) = compute_agenda(services).calls
    assert back.phone == "+33698765432"


def test_partner_to_invite_is_shown(services: Services) -> None:
    marc = add_guest(services, "Marc", "Dupont", birthday=Birthday(5, 12))
    add_guest(services, "Hélène", "Dupont", birthday=Birthday(29, 11), partner_id=marc)
    add_guest(services, "Paul", "Seul", birthday=Birthday(29, 11), partner_name="Julie")
    calls = calls_by_name(compute_agenda(services))
    assert calls["Hélène Dupont"].partner == "Marc Dupont"
    assert calls["Paul Seul"].partner == "Julie"


def test_referral_thanks_after_first_visit(services: Services) -> None:
    sponsor = add_guest(services, "Ambre", "Sponsor")
    friend = add_guest(services, "Léa", "Amie")
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    assert list(compute_agenda(services).calls) == []
    add_visit(services, dt.date(2026, 11, 20), friend)
    add_visit(services, dt.date(2026, 11, 21), friend)  # a second visit earns nothing more
    (call,) = compute_agenda(services).calls
    assert call.reason is Reason.REFERRAL_THANKS
    # The referral was recorded today, after the visit of the 20th: the call is due today.
    assert (call.name, call.referred_name, call.status, call.due_on) == (
        "Ambre Sponsor",
        "Léa Amie",
        CallStatus.TODAY,
        dt.date(2026, 11, 22),
    )
    assert call.rewards_owed == 1


def test_winback_for_a_late_regular(services: Services) -> None:
    regular = add_guest(services, "Fidèle", "Habitué")
    # every 14 days, last visit 29 days ago... late after max(2×14+1, 30) = 30 days
    last = dt.date(2026, 11, 22) - dt.timedelta(days=30)
    for k in range(5):
        add_visit(services, last - dt.timedelta(days=14 * k), regular)
    (call,) = compute_agenda(services).calls
    assert call.reason is Reason.WINBACK
    assert call.status is CallStatus.TODAY
    assert call.last_visit_on == last
    assert call.usual_interval_days == 14


def test_a_sponsor_thanked_for_two_friends_has_two_calls(services: Services) -> None:
    """Regression: two friends whose first visit was the same day made two calls with one
    key, which crashed the agenda screen on a large database."""
    sponsor = add_guest(services, "Ambre", "Sponsor")
    friends = [add_guest(services, name, "Amie") for name in ("Léa", "Zoé")]
    for friend in friends:
        record_referral(services, sponsor_id=sponsor, referred_id=friend)
    add_visit(services, dt.date(2026, 11, 22), *friends)
    calls = compute_agenda(services).calls
    assert sorted(c.referred_name or "" for c in calls) == ["Léa Amie", "Zoé Amie"]
    first = next(c for c in calls if c.referred_name == "Léa Amie")
    log(services, first, Outcome.REACHED)
    (left,) = compute_agenda(services).calls  # thanking for Léa does not close Zoé's call
    assert left.referred_name == "Zoé Amie"


def test_thanks_is_due_on_the_local_day_the_referral_was_recorded(services: Services) -> None:
    """The agenda's SQL takes the referral's local date as the domain does: recorded at
    23:30 UTC on 20 November is 21 November in Auckland."""
    from tests.oracles.calls import referral_thanks_occasion

    with local_time("Pacific/Auckland", services):
        sponsor = add_guest(services, "Ambre", "Sponsor")
        friend = add_guest(services, "Léa", "Amie")
        add_visit(services, dt.date(2026, 11, 15), friend)
        record_referral(services, sponsor_id=sponsor, referred_id=friend)
        recorded_at = "2026-11-20 23:30:00.000000"
        execute(services, "UPDATE referral SET recorded_at = ?", recorded_at)
        (call,) = compute_agenda(services).calls
        expected = referral_thanks_occasion(dt.date(2026, 11, 15), local_date(recorded_at))
        assert call.due_on == expected.due_on == dt.date(2026, 11, 21)
        assert call.event_on == expected.event_on
        assert call.occasion_on == dt.date(2026, 11, 15)


def test_a_call_tried_early_comes_back_overdue_on_its_due_day(services: Services) -> None:
    """Tried the day before it was due, with no answer: on the due day it is overdue, like any
    retry, not one of the day's new calls."""
    early = as_of(services, dt.date(2026, 11, 21))
    add_guest(early, "Aaron", "Abel", birthday=Birthday(29, 11))
    add_guest(early, "Zoé", "Zola", birthday=Birthday(29, 11))
    (call,) = [c for c in compute_agenda(early, days=1).calls if c.name == "Aaron Abel"]
    log(early, call, Outcome.NO_ANSWER)
    due_day = as_of(services, dt.date(2026, 11, 22))
    agenda = compute_agenda(due_day)
    assert [(c.name, c.status, c.attempts) for c in agenda.calls] == [
        ("Aaron Abel", CallStatus.OVERDUE, 1),
        ("Zoé Zola", CallStatus.TODAY, 0),
    ]
    assert (agenda.overdue, agenda.due_today) == (1, 1)


@pytest.mark.sqlite_only  # SQLite's query plans
def test_the_agenda_reads_covering_indexes_only(services: Services) -> None:
    """Every arm of the agenda's statement is served by an index that covers it: no table row
    of a guest, attempt or reward is read, and nothing is scanned (issue #3: a plan per hot
    query, not timings)."""
    today = dt.date(2026, 12, 28)  # a window across the new year
    listed = agenda_sql.values_sql(listed_birthdays(today, today, Settings()))
    params = {
        "today": "2026-12-28",
        "horizon": "2026-12-28",
        "first_due": "0001-01-01",
        "last_due": "2026-12-28",
        "thanks_days": "+14 days",
        "thanks_oldest": "2026-12-14",
        "thanks_oldest_at": "2026-12-13",
        "winback_oldest": "2026-12-15",
        "winback_last_days": "+13 days",
    }
    plan = services.read(
        lambda connection: connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + agenda_sql.CANDIDATES_SQL.format(listed=listed), params
        ).all()
    )
    left_out = query(
        services, "EXPLAIN QUERY PLAN " + agenda_sql.LEFT_OUT_SQL.format(listed=listed)
    )
    details = [str(row[-1]) for row in plan]
    joined = " | ".join(details)
    assert "USING COVERING INDEX ix_guest_birthday_call" in joined
    assert "USING COVERING INDEX ix_guest_winback" in joined
    assert "USING COVERING INDEX ix_call_attempt_occasion" in joined
    assert "USING COVERING INDEX ix_reward_open_guest" in joined
    # The thank-yous walk the referrals of the window by their own indexes.
    assert "ix_referral_first_visit" in joined and "ix_referral_recorded" in joined
    # The only scans: the few listed birthdays, a VALUES list.
    scans = [d for d in details if d.startswith("SCAN")]
    assert scans and all(d == "SCAN b" or d.endswith("CONSTANT ROWS") for d in scans), joined
    assert "COVERING INDEX ix_guest_birthday" in " ".join(str(row[-1]) for row in left_out)
