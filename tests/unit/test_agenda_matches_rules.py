"""The agenda's one SQL statement against the domain's rules, applied naively guest by guest.

The service reads covering indexes and works out most statuses from the order of due dates;
this oracle reads every row and asks domain.calls for every occasion. Both must list the same
calls, with the same statuses, attempts and rewards, in the same order, on a demo database
(attempts of every outcome, referrals, lapsed regulars) seen from days around the year.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.cli.agenda_json import agenda_json_chunks
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Attempt, CallStatus, Outcome, Reason
from guestbook.services.agenda.calls import compute_agenda, first_calls
from guestbook.services.agenda.rows import listed_birthdays, window
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as agenda_sql
from guestbook.storage.sqlite.raw import local_date
from tests.oracles.calls import Occasion, birthday_occasion, call_status, referral_thanks_occasion

pytestmark = pytest.mark.both_backends

DEMO_DAY = dt.date(2026, 11, 22)
RANK = {CallStatus.OVERDUE: 0, CallStatus.TODAY: 1, CallStatus.UPCOMING: 2}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("oracle") / "demo.db"
    services = make_services(db, FixedClock(DEMO_DAY), Settings())
    generate_demo(services.engine, today=DEMO_DAY, settings=services.settings, guests=8000, seed=3)
    services.close()
    return db


@contextmanager
def services_on(db: Path, today: dt.date, settings: Settings) -> Iterator[Services]:
    """The demo database seen on `today` with `settings`."""
    services = make_services(db, FixedClock(today), settings)
    try:
        yield services
    finally:
        services.close()


# (id, name_key, primary_phone, consent_call, erased_at, birth_month, birth_day, late_from,
# last_visit_on, visit_interval_days) of a guest row.
GuestRow = tuple[
    int, str, str | None, int | None, str | None, int | None, int | None, str | None,
    str | None, int | None,
]  # fmt: skip
# (reason, guest, occasion, referral or 0) → the attempts logged, with the number dialled.
Logged = dict[tuple[str, int, str, int], list[tuple[Attempt, str | None]]]
# (reason, guest, occasion, due date, event date, referral or 0) of an occasion to call about.
OccasionRow = tuple[str, int, dt.date, dt.date, dt.date, int]
# What the agenda lists of a call: reason, guest, status, due date, event date, occasion,
# attempts, last outcome, rewards owed.
ListedCall = tuple[str, int, CallStatus, dt.date, dt.date, dt.date, int, Outcome | None, int]
# The agenda's order of a call: status, due date, event date, folded name, guest, reason and
# referral, then the call itself.
SortedCall = tuple[tuple[int, dt.date, dt.date, str, int, str, int], ListedCall]


def oracle(db: Path, today: dt.date, settings: Settings, days: int) -> list[ListedCall]:
    horizon = today + dt.timedelta(days=days)
    connection = sqlite3.connect(db)
    try:
        guests = _guests(connection)
        attempts = _attempts(connection)
        owed = _owed(connection, today)
        occasions = _occasions(connection, guests.values(), today, settings)
    finally:
        connection.close()
    expected = []
    for occasion in occasions:
        guest = guests[occasion[1]]
        callable_ = guest[2] is not None and guest[3] == 1 and guest[4] is None
        if not callable_ or occasion[3] > horizon:
            continue
        call = _expected_call(occasion, guest, attempts, owed, today, settings)
        if call is not None:
            expected.append(call)
    expected.sort(key=lambda item: item[0])
    return [call for _, call in expected]


def _guests(connection: sqlite3.Connection) -> dict[int, GuestRow]:
    return {row[0]: row for row in connection.execute(
        "SELECT id, name_key, primary_phone, consent_call, erased_at, birth_month, birth_day,"
        " late_from, last_visit_on, visit_interval_days FROM guest"
    )}  # fmt: skip


def _attempts(connection: sqlite3.Connection) -> Logged:
    attempts: Logged = defaultdict(list)
    for reason, guest, occasion, referral, at, outcome, phone in connection.execute(
        "SELECT reason, guest_id, occasion_on, referral_id, at, outcome, phone_e164"
        " FROM call_attempt ORDER BY at, id"
    ):
        attempts[(reason, guest, occasion, referral or 0)].append(
            (Attempt(local_date(at), Outcome(outcome)), phone)
        )
    return attempts


def _owed(connection: sqlite3.Connection, today: dt.date) -> dict[int, int]:
    owed: dict[int, int] = defaultdict(int)
    for (guest,) in connection.execute(
        "SELECT guest_id FROM reward WHERE redeemed_visit_id IS NULL"
        " AND valid_from <= ? AND valid_to >= ?",
        (today.isoformat(), today.isoformat()),
    ):
        owed[guest] += 1
    return owed


def _occasions(
    connection: sqlite3.Connection,
    guests: Iterable[GuestRow],
    today: dt.date,
    settings: Settings,
) -> list[OccasionRow]:
    occasions: list[OccasionRow] = []
    for guest in guests:
        if guest[5] is not None:
            assert guest[6] is not None  # a birth month always comes with its day
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
    return occasions


def _expected_call(
    occasion: OccasionRow,
    guest: GuestRow,
    attempts: Logged,
    owed: dict[int, int],
    today: dt.date,
    settings: Settings,
) -> SortedCall | None:
    """The call the rules put on the agenda for `occasion`, with its place, or None."""
    reason, guest_id, occasion_on, due_on, event_on, referral = occasion
    logged = attempts.get((reason, guest_id, occasion_on.isoformat(), referral), [])
    wrong = [phone for attempt, phone in logged if attempt.outcome is Outcome.WRONG_NUMBER]
    corrected = bool(wrong) and guest[2] != wrong[-1]
    status = call_status(
        today, due_on, event_on, [a for a, _ in logged], settings.max_attempts, corrected
    )
    if status is None:
        return None
    key = (RANK[status], due_on, event_on, guest[1], guest_id, reason, referral)
    last = logged[-1][0].outcome if logged else None
    call = (reason, guest_id, status, due_on, event_on, occasion_on, len(logged), last,
            owed[guest_id])  # fmt: skip
    return key, call


def _dates(occasion: Occasion) -> tuple[dt.date, dt.date, dt.date]:
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
    with services_on(demo_db, today, settings) as services:
        agenda = compute_agenda(services, days=days)
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
    with services_on(demo_db, DEMO_DAY, Settings()) as services:
        agenda = compute_agenda(services, days=7)
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
    with services_on(demo_db, today, Settings()) as services:
        first = first_calls(services, count)
        whole = compute_agenda(services, days=7)
    assert first is not None  # the demo has enough overdue calls on these days
    assert not first.complete and whole.complete
    assert list(first.calls) == list(whole.calls)[:count]
    assert first.overdue == count


def test_no_first_calls_when_the_overdue_ones_do_not_fill_the_screen(demo_db: Path) -> None:
    with services_on(demo_db, DEMO_DAY, Settings()) as services:
        overdue = compute_agenda(services).overdue
        assert first_calls(services, overdue + 1) is None
        exact = first_calls(services, overdue)
    assert exact is not None and len(exact.calls) == overdue


def test_the_first_calls_merge_reasons_whose_events_fall_alike(demo_db: Path) -> None:
    """With birthdays phoned 13 days ahead, a birthday call and a win-back call due the same
    day end the same day too: the first calls interleave them by name, as the agenda does."""
    settings = replace(Settings(), lead_days=13)
    with services_on(demo_db, DEMO_DAY, settings) as services:
        whole = list(compute_agenda(services).calls)
        for count in (3, 40, 150):
            first = first_calls(services, count)
            assert first is not None and list(first.calls) == whole[:count]
    reasons_due_together = {
        (call.due_on, call.reason) for call in whole[:150] if call.due_on == whole[0].due_on
    }
    assert len({reason for _, reason in reasons_due_together}) >= 1


def test_each_reason_of_a_day_is_read_in_its_index_order(demo_db: Path) -> None:
    """What makes the first calls cheap at a million guests: the late regulars of a day (the
    oldest calls, read first) come in the order of their index, so a LIMIT reads no further;
    a day's birthdays are one range of their covering index (a plan per hot query, issue #3)."""
    settings = Settings()
    listed = listed_birthdays(DEMO_DAY, DEMO_DAY, settings)
    day = window(DEMO_DAY, settings, DEMO_DAY, DEMO_DAY)
    params = {**agenda_sql._params(day), "limit": 40}
    connection = sqlite3.connect(demo_db)

    def plan(reason: Reason) -> list[str]:
        sql = agenda_sql._ONE_REASON[reason].format(listed=agenda_sql.values_sql(listed[:1]))
        return [row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + sql, params)]

    try:
        winback = plan(Reason.WINBACK)
        assert any("COVERING INDEX ix_guest_winback" in step for step in winback), winback
        assert not any("TEMP B-TREE" in step for step in winback), winback
        birthdays = plan(Reason.BIRTHDAY)
        assert any("COVERING INDEX ix_guest_birthday_call" in step for step in birthdays)
    finally:
        connection.close()
