"""The demo generator: deterministic, believable, and consistent with the services' own rules
(summary columns, consent, referrals, rewards), whatever `today` is."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

import guestbook.storage.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from guestbook.demo import generate as demo
from guestbook.demo import rows as demo_rows
from guestbook.demo.generate import DemoError, DemoSummary, generate_demo
from guestbook.domain.birthdays import Birthday, age_on, next_occurrence
from guestbook.domain.calls import lapse, usual_interval
from guestbook.domain.contact import normalize_email, normalize_phone, reversed_digits
from guestbook.domain.rewards import birthday_reward_window, sponsor_reward_window
from guestbook.domain.text import name_key, name_tokens
from guestbook.services.summaries.late_from import late_from_rule
from guestbook.services.visits.record import refresh_visit_summary
from guestbook.settings import CHANNELS, Settings
from guestbook.storage.engine import make_engine
from guestbook.storage.tables import CallAttempt, ConsentEvent, Guest, Referral, Reward, Visit

TODAY = dt.date(2026, 11, 20)
N = 2000
SETTINGS = Settings()
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def new_engine(path: Path) -> Engine:
    engine = make_engine(path)
    SQLModel.metadata.create_all(engine)
    return engine


def rows(engine: Engine, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql, params).all()]


def dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def table_rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: rows(engine, f"SELECT * FROM {table} ORDER BY rowid") for table in demo_rows.COLUMNS
    }


def build(path: Path, guests: int, *, today: dt.date = TODAY, seed: int = 1) -> Engine:
    engine = new_engine(path)
    generate_demo(engine, today=today, settings=SETTINGS, guests=guests, seed=seed)
    return engine


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, DemoSummary]]:
    """One demo of N guests shared by the read-only checks."""
    engine = new_engine(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = generate_demo(engine, today=TODAY, settings=SETTINGS, guests=N, seed=1)
    yield engine, summary
    engine.dispose()


@pytest.fixture
def db(made: tuple[Engine, DemoSummary]) -> Engine:
    return made[0]


def share(engine: Engine, sql: str) -> float:
    value = rows(engine, sql)[0][0]
    assert isinstance(value, int | float)
    return float(value)


# --- Shape and determinism ----------------------------------------------------------------------


def test_columns_cover_every_model_column() -> None:
    for table, columns in demo_rows.COLUMNS.items():
        assert set(columns) == set(SQLModel.metadata.tables[table].columns.keys()), table


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        build(tmp_path / f"{name}.db", 300, seed=seed).dispose()
    first = dump(tmp_path / "a.db")
    assert first == dump(tmp_path / "b.db")
    assert first != dump(tmp_path / "c.db")


def test_worker_process_writes_the_same_rows_chunk_after_chunk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker is another interpreter, with its own str hash seed: equal rows also show
    that nothing depends on set or hash order."""
    monkeypatch.setattr(demo, "CHUNK_GUESTS", 150)  # chunks of 37 (a quarter), 150, 150, 63
    calls: list[tuple[int, int]] = []
    engines = {}
    for name, worker_from in (("here", 10**9), ("worker", 0)):
        monkeypatch.setattr(demo, "WORKER_MIN_GUESTS", worker_from)
        engines[name] = engine = new_engine(tmp_path / f"{name}.db")
        generate_demo(
            engine,
            today=TODAY,
            settings=SETTINGS,
            guests=400,
            seed=3,
            progress=lambda done, total: calls.append((done, total)),
        )
    assert table_rows(engines["here"]) == table_rows(engines["worker"])
    assert calls == [(37, 400), (187, 400), (337, 400), (400, 400)] * 2
    assert rows(engines["worker"], "PRAGMA foreign_key_check") == []
    for engine in engines.values():
        engine.dispose()


def test_schema_is_left_exactly_as_it_was(tmp_path: Path, db: Engine) -> None:
    fresh = new_engine(tmp_path / "fresh.db")
    query = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    assert sorted(map(str, rows(fresh, query))) == sorted(map(str, rows(db, query)))
    assert rows(db, "PRAGMA integrity_check") == [("ok",)]
    assert rows(db, "PRAGMA foreign_key_check") == []
    fresh.dispose()


def test_a_cancelled_demo_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Progress may raise to cancel: the one transaction rolls back, the dropped indexes come
    back, the worker process is stopped and foreign keys are checked again."""
    monkeypatch.setattr(demo, "CHUNK_GUESTS", 100)
    monkeypatch.setattr(demo, "WORKER_MIN_GUESTS", 0)
    engine = new_engine(tmp_path / "cancelled.db")
    schema = rows(engine, "SELECT name, sql FROM sqlite_master ORDER BY name")

    def cancel(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        generate_demo(engine, today=TODAY, settings=SETTINGS, guests=300, progress=cancel)
    assert rows(engine, "SELECT count(*) FROM guest") == [(0,)]
    assert rows(engine, "SELECT count(*) FROM visit") == [(0,)]
    assert rows(engine, "SELECT name, sql FROM sqlite_master ORDER BY name") == schema
    assert rows(engine, "PRAGMA foreign_keys") == [(1,)]
    assert rows(engine, "PRAGMA ignore_check_constraints") == [(0,)]
    engine.dispose()


def test_constraints_are_checked_again_afterwards(db: Engine) -> None:
    assert rows(db, "PRAGMA foreign_keys") == [(1,)]
    assert rows(db, "PRAGMA ignore_check_constraints") == [(0,)]
    # The very statement the demo prepared without checks is checked again now.
    bad = (10**7, 1, "fax", 1, "2026-01-01 00:00:00.000000", "", "", "")
    with pytest.raises(Exception, match="CHECK constraint failed"), db.begin() as connection:
        connection.exec_driver_sql(demo._INSERTS["consent_event"], bad)


def test_deferred_indexes_name_real_columns() -> None:
    first_columns = {
        next(iter(index.columns)).name
        for table in SQLModel.metadata.tables.values()
        for index in table.indexes
    }
    assert first_columns >= demo._DEFERRED_INDEX_COLUMNS


def test_refuses_a_database_that_holds_guests(db: Engine, tmp_path: Path) -> None:
    with pytest.raises(DemoError, match="already holds guests"):
        generate_demo(db, today=TODAY, settings=SETTINGS, guests=10)
    empty = make_engine(tmp_path / "empty.db")
    with pytest.raises(DemoError, match="no guestbook tables"):
        generate_demo(empty, today=TODAY, settings=SETTINGS, guests=10)
    with pytest.raises(DemoError, match="negative"):
        generate_demo(new_engine(tmp_path / "new.db"), today=TODAY, settings=SETTINGS, guests=-1)


def test_works_on_a_database_built_by_the_real_migration(tmp_path: Path) -> None:
    from guestbook.storage.migrate import upgrade

    path = tmp_path / "migrated.db"
    upgrade(path)
    engine = make_engine(path)
    summary = generate_demo(engine, today=TODAY, settings=SETTINGS, guests=120, seed=2)
    assert rows(engine, "SELECT count(*) FROM guest") == [(summary.guests,)]
    assert rows(engine, "SELECT value FROM app_meta WHERE key = 'late_from_rule'") == [
        (late_from_rule(SETTINGS),)
    ]
    engine.dispose()


def test_summary_and_progress(made: tuple[Engine, DemoSummary], tmp_path: Path) -> None:
    engine, summary = made
    counts = {
        table: share(engine, f"SELECT count(*) FROM {table}")
        for table in ("guest", "phone", "email", "visit", "referral", "call_attempt", "reward")
    }
    assert summary.guests == counts["guest"] == N
    assert (summary.phones, summary.emails, summary.visits) == (
        counts["phone"],
        counts["email"],
        counts["visit"],
    )
    assert summary.referrals == counts["referral"]
    assert summary.call_attempts == counts["call_attempt"]
    assert summary.rewards == counts["reward"]
    assert summary.consent_events == share(engine, "SELECT count(*) FROM consent_event")
    calls: list[tuple[int, int]] = []
    generate_demo(
        new_engine(tmp_path / "p.db"),
        today=TODAY,
        settings=SETTINGS,
        guests=50,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(50, 50)]


def test_orm_reads_the_rows_back(db: Engine) -> None:
    with Session(db) as session:
        guest = session.get(Guest, 1)
        assert guest is not None and guest.first_name
        assert isinstance(guest.created_at, dt.datetime)
        assert isinstance(guest.updated_at, dt.datetime)
        assert guest.consent_call in (True, False, None)
        visit = session.get(Visit, 1)
        assert visit is not None and isinstance(visit.visited_on, dt.date)
        assert isinstance(visit.created_at, dt.datetime)
        event = session.get(ConsentEvent, 1)
        assert event is not None and event.granted in (True, False)
        for model in (Reward, CallAttempt, Referral):
            assert session.get(model, 1) is not None
        # What the ORM writes itself has the same text form as the demo's rows.
        added = Guest(created_at=dt.datetime.now(dt.UTC), updated_at=dt.datetime.now(dt.UTC))
        session.add(added)
        session.flush()
        written = session.connection().exec_driver_sql(
            "SELECT created_at FROM guest WHERE id = ?", (added.id,)
        )
        assert TIMESTAMP.fullmatch(str(written.scalar()))
        session.rollback()
    for table, column in (
        ("guest", "created_at"),
        ("visit", "created_at"),
        ("reward", "created_at"),
    ):
        texts = [row[0] for row in rows(db, f"SELECT {column} FROM {table}")]
        assert all(TIMESTAMP.fullmatch(str(text)) for text in texts), table
    assert all(DATE.fullmatch(str(row[0])) for row in rows(db, "SELECT visited_on FROM visit"))
    assert {row[0] for row in rows(db, "SELECT consent_call FROM guest")} <= {0, 1, None}


# --- Believable ratios --------------------------------------------------------------------------


def test_ratios_follow_the_demo_budget(db: Engine) -> None:
    def ratio(sql: str) -> float:
        return share(db, sql) / N

    assert ratio("SELECT count(*) FROM phone") == pytest.approx(1.2, abs=0.06)
    assert ratio("SELECT count(*) FROM email") == pytest.approx(0.8, abs=0.05)
    assert ratio("SELECT count(*) FROM visit_guest") == pytest.approx(3.0, abs=0.4)
    assert ratio("SELECT count(*) FROM guest WHERE primary_phone IS NULL") == pytest.approx(
        0.08, abs=0.025
    )
    birthdays = ratio("SELECT count(*) FROM guest WHERE birth_month IS NOT NULL")
    assert birthdays == pytest.approx(0.70, abs=0.04)
    with_year = ratio("SELECT count(*) FROM guest WHERE birth_year IS NOT NULL")
    assert with_year / birthdays == pytest.approx(1 / 3, abs=0.05)
    assert ratio("SELECT count(*) FROM guest WHERE partner_id IS NOT NULL") == pytest.approx(
        0.15, abs=0.03
    )
    assert ratio("SELECT count(*) FROM guest WHERE partner_name != ''") == pytest.approx(
        0.20, abs=0.04
    )
    assert ratio("SELECT count(*) FROM referral") == pytest.approx(0.10, abs=0.03)
    assert ratio("SELECT count(DISTINCT guest_id) FROM allergy") == pytest.approx(0.05, abs=0.02)
    assert ratio("SELECT count(*) FROM guest WHERE preferences != ''") > 0.1
    visits = [int(str(row[0])) for row in rows(db, "SELECT visit_count FROM guest")]
    counts = Counter(visits)
    assert counts[1] > counts[2] > counts[3]  # many one-off guests
    assert max(visits) >= 15  # and some regulars


def test_names_contacts_and_search_keys_are_normalised(db: Engine) -> None:
    guests = rows(db, "SELECT id, first_name, last_name, name_key FROM guest")
    tokens: dict[int, set[str]] = defaultdict(set)
    for token, guest_id in rows(db, "SELECT token, guest_id FROM guest_token"):
        tokens[int(str(guest_id))].add(str(token))
    for guest_id, first, last, key in guests:
        assert key == name_key(str(first), str(last))
        assert tokens[int(str(guest_id))] == name_tokens(str(first), str(last))
    names = " ".join(f"{first} {last}" for _id, first, last, _key in guests)
    assert re.search("[éèêëïîôç]", names)
    assert re.search(r"\w-\w", names)  # Jean-Marc, Martin-Dubois
    assert re.search(r"\b(Le|De|Da|de|Du|d')\s?[A-Z]", names)  # Le Gall, de La Salle
    phones = rows(db, "SELECT e164, digits_reversed FROM phone")
    assert len({e164 for e164, _ in phones}) == len(phones)
    for e164, digits in phones:
        assert normalize_phone(str(e164)) == e164
        assert digits == reversed_digits(str(e164))
    assert any(str(e164).startswith(("+336", "+337")) for e164, _ in phones)
    assert any(str(e164).startswith("+334") for e164, _ in phones)
    assert any(not str(e164).startswith("+33") for e164, _ in phones)
    emails = [str(row[0]) for row in rows(db, "SELECT address FROM email")]
    assert len(set(emails)) == len(emails)
    assert all(normalize_email(address) == address for address in emails)
    primary = rows(
        db,
        "SELECT g.primary_phone, p.e164, g.primary_email, e.address FROM guest g "
        "LEFT JOIN phone p ON p.guest_id = g.id AND p.position = 0 "
        "LEFT JOIN email e ON e.guest_id = g.id AND e.position = 0",
    )
    assert all(phone == e164 and email == address for phone, e164, email, address in primary)


def test_birthdays_are_plausible_and_include_29_february(db: Engine, tmp_path: Path) -> None:
    birthdays = rows(db, "SELECT birth_day, birth_month, birth_year FROM guest WHERE birth_day")
    for day, month, year in birthdays:
        birthday = Birthday(
            int(str(day)), int(str(month)), None if year is None else int(str(year))
        )
        age = age_on(birthday, TODAY)
        assert age is None or 18 <= age <= 90
    assert (29, 2) in {(day, month) for day, month, _year in birthdays}
    small = build(tmp_path / "small.db", 200)
    assert rows(small, "SELECT count(*) FROM guest WHERE birth_day = 29 AND birth_month = 2")[0][0]
    small.dispose()


def test_couples_point_at_each_other(db: Engine) -> None:
    couples = rows(
        db,
        "SELECT g.id, g.partner_id, p.partner_id FROM guest g JOIN guest p ON p.id = g.partner_id",
    )
    assert couples
    assert all(guest_id == back and guest_id != partner for guest_id, partner, back in couples)
    same_name = rows(
        db,
        "SELECT count(*) FROM guest g JOIN guest p ON p.id = g.partner_id "
        "WHERE g.last_name = p.last_name",
    )[0][0]
    assert 0 < int(str(same_name)) < len(couples)


# --- Summary columns agree with the detail tables -----------------------------------------------


def test_visit_summaries_are_what_the_visit_service_computes(db: Engine) -> None:
    columns = "id, visit_count, last_visit_on, visit_interval_days, late_from, spend_cents"
    before = rows(db, f"SELECT {columns} FROM guest ORDER BY id")
    with db.connect() as connection:  # recompute with the service, then roll back
        for guest_id, *_ in before:
            refresh_visit_summary(connection, int(str(guest_id)), SETTINGS)
        after = [
            tuple(row)
            for row in connection.exec_driver_sql(f"SELECT {columns} FROM guest ORDER BY id")
        ]
        connection.rollback()
    assert before == after
    assert share(db, "SELECT sum(spend_cents) FROM guest") == share(
        db, "SELECT sum(spend_cents) FROM visit"
    )


def test_intervals_are_the_domain_median(db: Engine) -> None:
    visits: dict[int, list[dt.date]] = defaultdict(list)
    for guest_id, day in rows(
        db,
        "SELECT vg.guest_id, v.visited_on FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id",
    ):
        visits[int(str(guest_id))].append(dt.date.fromisoformat(str(day)))
    for guest_id, count, last, interval in rows(
        db, "SELECT id, visit_count, last_visit_on, visit_interval_days FROM guest"
    ):
        days = visits.get(int(str(guest_id)), [])
        assert count == len(days) == len(set(days))
        assert last == (max(days).isoformat() if days else None)
        assert interval == (usual_interval(days, max(days)) if days else None)


def test_consent_summary_is_the_latest_event(db: Engine) -> None:
    latest: dict[tuple[int, str], bool] = {}
    events: Counter[tuple[int, str]] = Counter()
    for guest_id, channel, granted, source, wording in rows(
        db, "SELECT guest_id, channel, granted, source, wording FROM consent_event ORDER BY at, id"
    ):
        latest[int(str(guest_id)), str(channel)] = bool(granted)
        events[int(str(guest_id)), str(channel)] += 1
        assert source in ("checkout", "phone", "import:ancien-logiciel.csv")
        assert wording == SETTINGS.consent_wordings[str(channel)]
    for guest_id, *consent in rows(
        db, "SELECT id, consent_call, consent_sms, consent_email, consent_post FROM guest"
    ):
        for channel, value in zip(CHANNELS, consent, strict=True):
            expected = latest.get((int(str(guest_id)), channel))
            assert (None if value is None else bool(value)) == expected
    withdrawn = [key for key, count in events.items() if count == 2]
    assert withdrawn and all(latest[key] is False for key in withdrawn)
    with_phone = share(db, "SELECT count(*) FROM guest WHERE primary_phone IS NOT NULL")
    granted_call = share(
        db,
        "SELECT count(DISTINCT guest_id) FROM consent_event WHERE channel = 'call' AND granted",
    )
    assert granted_call / with_phone == pytest.approx(0.75, abs=0.05)


def test_ids_follow_time_as_if_typed_day_after_day(db: Engine) -> None:
    for table, column in (("guest", "created_at"), ("visit", "created_at"), ("call_attempt", "at")):
        stamps = [row[0] for row in rows(db, f"SELECT {column} FROM {table} ORDER BY id")]
        assert stamps == sorted(stamps), table  # type: ignore[type-var]


# --- Referrals ----------------------------------------------------------------------------------


def test_referrals_have_earlier_sponsors_no_cycles_and_rewards(db: Engine) -> None:
    referrals = rows(
        db,
        "SELECT r.id, r.sponsor_id, r.referred_id, r.first_visit_on, r.rewarded_at, "
        "s.created_at, g.created_at FROM referral r "
        "JOIN guest s ON s.id = r.sponsor_id JOIN guest g ON g.id = r.referred_id",
    )
    sponsor_of = {int(str(r[2])): int(str(r[1])) for r in referrals}
    assert len(sponsor_of) == len(referrals)  # one sponsor per guest
    first_visits = {
        guest_id: day
        for guest_id, day in rows(
            db,
            "SELECT vg.guest_id, min(v.visited_on) FROM visit_guest vg "
            "JOIN visit v ON v.id = vg.visit_id GROUP BY vg.guest_id",
        )
    }
    for _id, sponsor, referred, first_visit, rewarded_at, sponsor_created, created in referrals:
        assert sponsor != referred and sponsor < referred  # type: ignore[operator]
        assert sponsor_created < created  # type: ignore[operator]
        assert first_visit == first_visits[referred] and rewarded_at is not None
    for referred in sponsor_of:  # walking up always ends: no circle
        seen, current = {referred}, referred
        while current in sponsor_of:
            current = sponsor_of[current]
            assert current not in seen
            seen.add(current)
    per_sponsor = Counter(sponsor_of.values())
    assert per_sponsor.most_common(1)[0][1] >= 4  # ambassadors
    assert any(sponsor in sponsor_of for sponsor in per_sponsor)  # second-level chains


def test_every_referral_rewards_its_sponsor_once(db: Engine) -> None:
    rewards = rows(
        db,
        "SELECT w.guest_id, w.valid_from, w.valid_to, w.redeemed_visit_id, w.redeemed_at, "
        "r.sponsor_id, r.first_visit_on FROM referral r "
        "JOIN reward w ON w.issued_by_referral_id = r.id AND w.kind = 'sponsor'",
    )
    assert len(rewards) == share(db, "SELECT count(*) FROM referral")
    redeemed = 0
    for guest_id, valid_from, valid_to, visit_id, redeemed_at, sponsor, first_visit in rewards:
        assert guest_id == sponsor
        window = sponsor_reward_window(
            dt.date.fromisoformat(str(first_visit)), SETTINGS.rewards["sponsor"]
        )
        assert (valid_from, valid_to) == (
            window.valid_from.isoformat(),
            window.valid_to.isoformat(),
        )
        if visit_id is not None:
            redeemed += 1
            ((day, at),) = rows(
                db, "SELECT visited_on, created_at FROM visit WHERE id = ?", (visit_id,)
            )
            assert str(first_visit) < str(day) <= str(valid_to) and redeemed_at == at
            assert rows(
                db,
                "SELECT 1 FROM visit_guest WHERE visit_id = ? AND guest_id = ?",
                (visit_id, sponsor),
            )
    assert 0 < redeemed < len(rewards)


# --- Calls and birthday rewards -----------------------------------------------------------------


def test_birthday_calls_follow_the_call_rules(db: Engine) -> None:
    attempts = rows(
        db,
        "SELECT a.guest_id, a.reason, a.occasion_on, a.outcome, a.phone_e164, g.primary_phone, "
        "g.consent_call FROM call_attempt a JOIN guest g ON g.id = a.guest_id ORDER BY a.at, a.id",
    )
    assert {row[3] for row in attempts} >= {
        "reached",
        "booked",
        "voicemail",
        "no_answer",
        "declined",
    }
    by_occasion: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for guest_id, reason, occasion, outcome, dialled, primary, consent in attempts:
        assert dialled == primary and consent == 1
        closed = by_occasion[guest_id, reason, occasion]
        assert not any(o in ("reached", "booked", "declined", "wrong_number") for o in closed)
        closed.append(str(outcome))
    assert max(len(outcomes) for outcomes in by_occasion.values()) <= SETTINGS.max_attempts


def test_birthday_rewards_come_from_reached_calls(db: Engine) -> None:
    rewards = rows(
        db,
        "SELECT w.guest_id, w.valid_from, w.valid_to, w.redeemed_visit_id, a.guest_id, a.outcome, "
        "a.occasion_on, a.reason FROM reward w JOIN call_attempt a ON a.id = w.issued_by_attempt_id "
        "WHERE w.kind = 'birthday'",
    )
    assert len(rewards) == share(db, "SELECT count(*) FROM reward WHERE kind = 'birthday'")
    states: Counter[str] = Counter()
    for guest_id, valid_from, valid_to, visit_id, caller, outcome, occasion, reason in rewards:
        assert guest_id == caller and outcome in ("reached", "booked") and reason == "birthday"
        window = birthday_reward_window(
            dt.date.fromisoformat(str(occasion)), SETTINGS.rewards["birthday"]
        )
        assert (valid_from, valid_to) == (
            window.valid_from.isoformat(),
            window.valid_to.isoformat(),
        )
        if visit_id is None:
            states["owed" if str(valid_to) >= TODAY.isoformat() else "expired"] += 1
            continue
        states["redeemed"] += 1
        (day,) = rows(db, "SELECT visited_on FROM visit WHERE id = ?", (visit_id,))[0]
        assert str(valid_from) <= str(day) <= str(valid_to)
        assert rows(
            db,
            "SELECT 1 FROM visit_guest WHERE visit_id = ? AND guest_id = ?",
            (visit_id, guest_id),
        )
    assert states["owed"] and states["redeemed"]


@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 3), dt.date(2028, 2, 29), dt.date(2026, 7, 14)], ids=str
)
def test_every_screen_has_something_whatever_today_is(tmp_path: Path, today: dt.date) -> None:
    engine = build(tmp_path / "today.db", 1500, today=today, seed=4)
    day = today.isoformat()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    for table, column in (
        ("visit", "visited_on"),
        ("call_attempt", "at"),
        ("reward", "created_at"),
        ("consent_event", "at"),
        ("guest", "updated_at"),
        ("referral", "recorded_at"),
    ):
        assert str(rows(engine, f"SELECT max({column}) FROM {table}")[0][0]) < day, table
    oldest = (today - dt.timedelta(days=730)).isoformat()
    assert str(rows(engine, "SELECT min(visited_on) FROM visit")[0][0]) >= oldest

    callable_birthdays = rows(
        engine,
        "SELECT birth_day, birth_month FROM guest "
        "WHERE birth_day AND consent_call AND primary_phone IS NOT NULL",
    )
    coming = [
        (d, m)
        for d, m in callable_birthdays
        if next_occurrence(Birthday(int(str(d)), int(str(m))), today, SETTINGS.feb29)
        <= today + dt.timedelta(days=7)
    ]
    assert coming  # birthdays in the next 7 days
    owed = rows(
        engine,
        "SELECT kind FROM reward WHERE redeemed_visit_id IS NULL AND valid_from <= ? "
        "AND valid_to >= ?",
        (day, day),
    )
    assert "birthday" in {kind for (kind,) in owed}
    retries = rows(
        engine,
        "SELECT count(*) FROM call_attempt WHERE reason = 'birthday' AND outcome IN "
        "('voicemail', 'no_answer') AND at >= ? AND occasion_on >= ?",
        (yesterday, day),
    )
    assert retries[0][0]  # overdue retries: a voicemail left yesterday

    visits: dict[int, list[dt.date]] = defaultdict(list)
    for guest_id, visited in rows(
        engine,
        "SELECT vg.guest_id, v.visited_on FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id",
    ):
        visits[int(str(guest_id))].append(dt.date.fromisoformat(str(visited)))
    lapsed = [guest for guest, days in visits.items() if lapse(days, today) is not None]
    assert len(lapsed) >= 5  # win-back calls on today's agenda
    late = rows(
        engine,
        "SELECT id FROM guest WHERE late_from <= ? AND late_from > date(?, '-14 days')",
        (day, day),
    )
    assert sorted(lapsed) == sorted(int(str(guest_id)) for (guest_id,) in late)
    engine.dispose()


def test_lapsed_regulars_also_include_older_lapses(db: Engine) -> None:
    day = TODAY.isoformat()
    assert share(db, f"SELECT count(*) FROM guest WHERE late_from < date('{day}', '-14 days')") > 10
