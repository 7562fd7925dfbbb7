"""The agenda's one SQL statement against the domain's rules, applied naively guest by guest.

The service reads covering indexes and works out most statuses from the order of due dates;
this oracle reads every row and asks domain.calls for every occasion. Both must list the same
calls, with the same statuses, attempts and rewards, in the same order, on a demo database
(attempts of every outcome, referrals, lapsed regulars) seen from days around the year.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from guestbook.bootstrap import make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import (
    Attempt,
    CallStatus,
    Outcome,
    birthday_occasion,
    call_status,
    referral_thanks_occasion,
)
from guestbook.services.agenda.calls import agenda_on
from guestbook.services.queries import local_date
from guestbook.settings import Settings

DEMO_DAY = dt.date(2026, 11, 22)
RANK = {CallStatus.OVERDUE: 0, CallStatus.TODAY: 1, CallStatus.UPCOMING: 2}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("oracle") / "demo.db"
    services = make_services(db, FixedClock(DEMO_DAY), Settings())
    generate_demo(services.engine, today=DEMO_DAY, settings=services.settings, guests=8000, seed=3)
    services.close()
    return db


def oracle(db: Path, today: dt.date, settings: Settings, days: int) -> list[tuple[Any, ...]]:
    horizon = today + dt.timedelta(days=days)
    connection = sqlite3.connect(db)
    guests = {row[0]: row for row in connection.execute(
        "SELECT id, name_key, primary_phone, consent_call, erased_at, birth_month, birth_day,"
        " late_from, last_visit_on, visit_interval_days FROM guest"
    )}  # fmt: skip
    attempts: dict[tuple[str, int, str, int], list[tuple[Attempt, str | None]]] = defaultdict(list)
    for reason, guest, occasion, referral, at, outcome, phone in connection.execute(
        "SELECT reason, guest_id, occasion_on, referral_id, at, outcome, phone_e164"
        " FROM call_attempt ORDER BY at, id"
    ):
        attempts[(reason, guest, occasion, referral or 0)].append(
            (Attempt(local_date(at), Outcome(outcome)), phone)
        )
    owed: dict[int, int] = defaultdict(int)
    for (guest,) in connection.execute(
        "SELECT guest_id FROM reward WHERE redeemed_visit_id IS NULL"
        " AND valid_from <= ? AND valid_to >= ?",
        (today.isoformat(), today.isoformat()),
    ):
        owed[guest] += 1
    occasions: list[tuple[str, int, dt.date, dt.date, dt.date, int]] = []
    for guest in guests.values():
        if guest[5] is not None:
            occasion = birthday_occasion(
                Birthday(guest[6], guest[5]), today, settings.lead_days, settings.feb29
            )
            occasions.append(("birthday", guest[0], *_dates(occasion), 0))
        if guest[7] is not None and guest[8] is not None and guest[9]:
            late_from = dt.date.fromisoformat(guest[7])
            window_end = late_from + dt.timedelta(days=settings.winback_window_days - 1)
            last_visit = dt.date.fromisoformat(guest[8])
            occasions.append(("winback", guest[0], last_visit, late_from, window_end, 0))
    for referral, sponsor, first_visit, recorded_at in connection.execute(
        "SELECT id, sponsor_id, first_visit_on, recorded_at FROM referral"
        " WHERE first_visit_on IS NOT NULL"
    ):
        occasion = referral_thanks_occasion(
            dt.date.fromisoformat(first_visit), local_date(recorded_at)
        )
        occasions.append(("referral_thanks", sponsor, *_dates(occasion), referral))
    expected = []
    for reason, guest_id, occasion_on, due_on, event_on, referral in occasions:
        guest = guests[guest_id]
        callable_ = guest[2] is not None and guest[3] == 1 and guest[4] is None
        if not callable_ or due_on > horizon:
            continue
        logged = attempts.get((reason, guest_id, occasion_on.isoformat(), referral), [])
        wrong = [phone for attempt, phone in logged if attempt.outcome is Outcome.WRONG_NUMBER]
        corrected = bool(wrong) and guest[2] != wrong[-1]
        status = call_status(
            today, due_on, event_on, [a for a, _ in logged], settings.max_attempts, corrected
        )
        if status is None:
            continue
        key = (RANK[status], due_on, event_on, guest[1], guest_id, reason, referral)
        last = logged[-1][0].outcome if logged else None
        expected.append((key, status, occasion_on, len(logged), last, owed[guest_id]))
    connection.close()
    expected.sort(key=lambda item: item[0])
    return [
        (key[5], key[4], status, key[1], key[2], occasion, tries, last, rewards)
        for key, status, occasion, tries, last, rewards in expected
    ]


def _dates(occasion: Any) -> tuple[dt.date, dt.date, dt.date]:
    return occasion.occasion_on, occasion.due_on, occasion.event_on


@pytest.mark.parametrize(
    "today",
    [
        DEMO_DAY,
        DEMO_DAY - dt.timedelta(days=1),
        DEMO_DAY + dt.timedelta(days=1),
        dt.date(2026, 12, 28),  # the window crosses the new year
        dt.date(2027, 2, 22),  # 29 February in a non-leap year
        dt.date(2028, 2, 24),  # and in a leap year
    ],
)
@pytest.mark.parametrize("days", [0, 7])
def test_agenda_lists_what_the_rules_say(demo_db: Path, today: dt.date, days: int) -> None:
    settings = Settings()
    services = make_services(demo_db, FixedClock(today), settings)
    with services.engine.connect() as connection:
        agenda = agenda_on(connection, today, settings, days=days)
    services.close()
    got = [
        (c.reason.value, c.guest_id, c.status, c.due_on, c.event_on, c.occasion_on,
         c.attempts, c.last_outcome, c.rewards_owed)
        for c in agenda.calls
    ]  # fmt: skip
    expected = oracle(demo_db, today, settings, days)
    assert got == expected
    assert len(got) > 20  # the demo has calls on every one of these days
    # The groups the screen heads are the statuses' counts.
    assert agenda.overdue == sum(1 for c in got if c[2] is CallStatus.OVERDUE)
    assert agenda.due_today == sum(1 for c in got if c[2] is CallStatus.TODAY)
    assert agenda.upcoming == sum(1 for c in got if c[2] is CallStatus.UPCOMING)


def test_the_demo_exercises_the_tried_calls(demo_db: Path) -> None:
    """The comparison above means something only if calls were tried in every way."""
    expected = oracle(demo_db, DEMO_DAY, Settings(), 7)
    assert any(row[6] > 0 for row in expected)
    assert {row[7] for row in expected if row[7] is not None} >= {
        Outcome.VOICEMAIL,
        Outcome.NO_ANSWER,
    }
    assert {row[0] for row in expected} == {"birthday", "winback", "referral_thanks"}


def test_json_records_say_what_the_call_objects_say(demo_db: Path) -> None:
    """`guestbook today --json` writes records built straight from the rows; they must carry
    the same values as the AgendaCall objects the screens show."""
    import json

    from guestbook.cli.agenda_json import agenda_json_chunks

    settings = Settings()
    services = make_services(demo_db, FixedClock(DEMO_DAY), settings)
    with services.engine.connect() as connection:
        agenda = agenda_on(connection, DEMO_DAY, settings, days=7)
    services.close()
    written = json.loads("".join(agenda_json_chunks(agenda)))
    assert written["left_out"] == {
        "no_phone": agenda.left_out_no_phone,
        "no_consent": agenda.left_out_no_consent,
    }
    calls = list(agenda.calls)
    assert len(written["calls"]) == len(calls) > 100
    for record, call in zip(written["calls"], calls, strict=True):
        expected = call._asdict()
        expected["referred"] = expected.pop("referred_name")
        for key, value in expected.items():
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, (CallStatus, Outcome)) or key == "reason":
                value = value.value if value is not None else None
            assert record[key] == value, (key, record, call)


@pytest.mark.parametrize(
    "today", [DEMO_DAY, DEMO_DAY + dt.timedelta(days=1), dt.date(2026, 12, 28)]
)
@pytest.mark.parametrize("count", [1, 5, 40])
def test_the_first_calls_are_the_agenda_s_first(demo_db: Path, today: dt.date, count: int) -> None:
    """The first screen at start is painted from first_calls, before the whole agenda is
    known: it must be exactly the agenda's first calls, or nothing."""
    from guestbook.services.agenda.calls import first_calls

    settings = Settings()
    services = make_services(demo_db, FixedClock(today), settings)
    with services.engine.connect() as connection:
        first = first_calls(connection, today, settings, count)
        whole = agenda_on(connection, today, settings, days=7)
    services.close()
    assert first is not None  # the demo has enough overdue calls on these days
    assert not first.complete and whole.complete
    assert list(first.calls) == list(whole.calls)[:count]
    assert first.overdue == count


def test_no_first_calls_when_the_overdue_ones_do_not_fill_the_screen(demo_db: Path) -> None:
    from guestbook.services.agenda.calls import first_calls

    settings = Settings()
    services = make_services(demo_db, FixedClock(DEMO_DAY), settings)
    with services.engine.connect() as connection:
        overdue = agenda_on(connection, DEMO_DAY, settings).overdue
        assert first_calls(connection, DEMO_DAY, settings, overdue + 1) is None
        exact = first_calls(connection, DEMO_DAY, settings, overdue)
    services.close()
    assert exact is not None and len(exact.calls) == overdue


def test_the_first_calls_merge_reasons_whose_events_fall_alike(demo_db: Path) -> None:
    """With birthdays phoned 13 days ahead, a birthday call and a win-back call due the same
    day end the same day too: the first calls interleave them by name, as the agenda does."""
    from dataclasses import replace

    from guestbook.services.agenda.calls import first_calls

    settings = replace(Settings(), lead_days=13)
    services = make_services(demo_db, FixedClock(DEMO_DAY), settings)
    with services.engine.connect() as connection:
        whole = list(agenda_on(connection, DEMO_DAY, settings).calls)
        for count in (3, 40, 150):
            first = first_calls(connection, DEMO_DAY, settings, count)
            assert first is not None and list(first.calls) == whole[:count]
    services.close()
    reasons_due_together = {
        (call.due_on, call.reason) for call in whole[:150] if call.due_on == whole[0].due_on
    }
    assert len({reason for _, reason in reasons_due_together}) >= 1


def test_each_reason_of_a_day_is_read_in_its_index_order(demo_db: Path) -> None:
    """What makes the first calls cheap at a million guests: the late regulars of a day (the
    oldest calls, read first) come in the order of their index, so a LIMIT reads no further;
    a day's birthdays are one range of their covering index (a plan per hot query, issue #3)."""
    import sqlite3

    from guestbook.domain.calls import Reason
    from guestbook.services.agenda import rows as agenda_rows

    settings = Settings()
    listed = agenda_rows.listed_birthdays(DEMO_DAY, DEMO_DAY, settings)
    params = {**agenda_rows._params(DEMO_DAY, settings, DEMO_DAY, DEMO_DAY), "limit": 40}
    connection = sqlite3.connect(demo_db)

    def plan(reason: Reason) -> list[str]:
        sql = agenda_rows._ONE_REASON[reason].format(listed=agenda_rows.values_sql(listed[:1]))
        return [row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]

    winback = plan(Reason.WINBACK)
    assert any("COVERING INDEX ix_guest_winback" in step for step in winback), winback
    assert not any("TEMP B-TREE" in step for step in winback), winback
    birthdays = plan(Reason.BIRTHDAY)
    assert any("COVERING INDEX ix_guest_birthday_call" in step for step in birthdays)
    connection.close()
