"""How the demo writes: deterministic to the byte (in this process or in a worker process),
in one transaction through its fast paths (checks off, indexes built at the end), leaving the
schema and the constraints as they were, and in the text forms the ORM reads back."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, SQLModel

from guestbook.demo import generate as demo
from guestbook.demo import rows as demo_rows
from guestbook.demo import words
from guestbook.demo.generate import DemoError, DemoSummary, generate_demo
from guestbook.i18n import set_language
from guestbook.services.summaries.late_from import late_from_rule
from guestbook.storage.engine import make_engine
from guestbook.storage.sqlite.bulk import Loader
from guestbook.storage.tables import CallAttempt, ConsentEvent, Guest, Referral, Reward, Visit
from tests.unit.demo.helpers import SETTINGS, TODAY, N, build, new_engine, rows, share

TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def sql_dump(path: Path) -> list[str]:
    """The whole database as SQL text, schema and rows in the order they are stored."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def table_rows(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: rows(engine, f"SELECT * FROM {table} ORDER BY rowid") for table in demo_rows.COLUMNS
    }


def test_columns_cover_every_model_column() -> None:
    for table, columns in demo_rows.COLUMNS.items():
        assert set(columns) == set(SQLModel.metadata.tables[table].columns.keys()), table


def test_same_seed_same_bytes_other_seed_other_data(tmp_path: Path) -> None:
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        build(tmp_path / f"{name}.db", 300, seed=seed).dispose()
    first = sql_dump(tmp_path / "a.db")
    assert first == sql_dump(tmp_path / "b.db")
    assert first != sql_dump(tmp_path / "c.db")


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


# The columns holding what staff typed, what the guests heard and the rewards' reasons: the
# only ones the language changes.
WORDS_COLUMNS = {
    "guest": {"notes", "preferences"},
    "allergy": {"allergen", "note"},
    "visit": {"occasion", "note"},
    "call_attempt": {"note"},
    "consent_event": {"staff", "source", "wording"},
    "reward": {"reason"},
}


def test_the_language_changes_the_words_never_a_draw(tmp_path: Path) -> None:
    """A French demo is the English one in French: the same guests, visits, calls and dates,
    drawn in the same order; only the words differ, each from the same entry of words.py."""
    english = table_rows(build(tmp_path / "en.db", 300, seed=4))
    set_language("fr")  # the autouse fixture speaks English again after the test
    french = table_rows(build(tmp_path / "fr.db", 300, seed=4))
    assert french != english
    for table, columns in demo_rows.COLUMNS.items():
        same = [i for i, column in enumerate(columns) if column not in WORDS_COLUMNS.get(table, ())]
        assert [[row[i] for i in same] for row in french[table]] == [
            [row[i] for i in same] for row in english[table]
        ], table
    notes = set(columns_of("guest", "notes", english, french))
    assert notes and notes <= set(zip(words.ENGLISH.notes, words.FRENCH.notes, strict=True))
    occasions = set(columns_of("visit", "occasion", english, french))
    pairs = set(zip(words.ENGLISH.occasions, words.FRENCH.occasions, strict=True))
    assert occasions and occasions <= pairs | {("Valentine's Day", "Saint-Valentin")}


def columns_of(
    table: str, column: str, *demos: dict[str, list[tuple[object, ...]]]
) -> list[tuple[object, ...]]:
    """(value in the first demo, value in the second…) of a column, where it is not empty."""
    index = demo_rows.COLUMNS[table].index(column)
    values = zip(*([row[index] for row in demo[table]] for demo in demos), strict=True)
    return [value for value in values if value[0]]


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
        Loader(connection).insert("consent_event", demo_rows.COLUMNS["consent_event"], [bad])


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
