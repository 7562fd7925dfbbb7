"""Demo data: a believable French restaurant with two years of guests and their history.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day and size give byte-identical tables, and every screen has something to show whatever
the day: birthday calls due, overdue retries, owed rewards, lapsed regulars, ambassadors.
Summary columns follow the services' own rules (services.visits, domain.calls), and the tests
recompute them with those rules.

Speed (2 cores: 100k guests in ~7 s, 1M in 71–85 s, benchmarks/bench_demo.py): guests are
generated in chunks with ids assigned as they are made (from the first free ids, read here),
so nothing is read back; rows go in through raw `executemany` in ONE transaction, the
indexes on scattered keys are built at the end; from 40k guests a worker process generates
chunk k+1 while this process writes chunk k.

This module writes; demo_story tells what happens to each chunk of guests, demo_rows turns
that into rows, demo_worker runs the chunks here or in the worker process, demo_pools holds
the names, streets and words they are drawn from."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import sys
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guestbook.demo.rows import COLUMNS, ChunkRows
from guestbook.demo.story import Plan
from guestbook.demo.worker import chunks, chunks_in_worker, gc_paused
from guestbook.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

CHUNK_GUESTS = 20_000
MAX_CHUNKS = 40  # progress is reported once per chunk: a few dozen times at most (41)
WORKER_MIN_GUESTS = 2 * CHUNK_GUESTS  # below this, a worker process costs more than it saves


class DemoError(ValueError):
    """The demo cannot be generated here; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    guests: int
    phones: int
    emails: int
    visits: int
    referrals: int
    call_attempts: int
    rewards: int
    consent_events: int


def generate_demo(
    engine: Engine,
    *,
    today: dt.date,
    settings: Settings,
    guests: int = 500,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with `guests` guests and their history, in one transaction.

    Raises DemoError if the database already holds guests (or has no tables). `progress(done,
    total)` is called once per chunk of guests written, at most 41 times, the last time
    (total, total) once everything is committed; an exception raised there cancels the whole
    demo. Meant for the CLI: the cyclic GC of the whole process is paused while rows are
    written, and from 40,000 guests a worker process (this interpreter) generates them.
    """
    if guests < 0:
        raise DemoError(f"the number of guests cannot be negative, got {guests}")
    report = progress or (lambda _done, _total: None)
    counts = dict.fromkeys(COLUMNS, 0)
    with engine.connect() as connection, _unchecked(connection), connection.begin():
        _begin_now(connection)
        _refuse_if_not_empty(connection)
        plan = Plan(today, settings, seed, guests, _next_ids(connection), _chunk_sizes(guests))
        # A worker needs an interpreter to start (sys.executable is empty when embedded).
        use_worker = guests >= WORKER_MIN_GUESTS and bool(sys.executable)
        produced = chunks_in_worker(plan) if use_worker else chunks(plan)
        indexes = _drop_indexes(connection)
        done = 0
        # closing() stops the worker process on any error; rows hold no cycles, so the GC
        # would only rescan millions of fresh tuples for nothing.
        with contextlib.closing(produced), gc_paused():
            for rows in produced:
                _write(connection, rows)
                for table, batch in rows.tables.items():
                    counts[table] += len(batch)
                done += rows.guests
                if done < guests:
                    report(done, guests)
        _create_indexes(connection, indexes)
        _record_late_from_rule(connection, settings)
    report(guests, guests)
    return DemoSummary(
        guests=counts["guest"],
        phones=counts["phone"],
        emails=counts["email"],
        visits=counts["visit"],
        referrals=counts["referral"],
        call_attempts=counts["call_attempt"],
        rewards=counts["reward"],
        consent_events=counts["consent_event"],
    )


# --- Writing -------------------------------------------------------------------------------

# Tables with an integer id we assign; guest_token has a composite key.
_ID_TABLES = tuple(name for name, columns in COLUMNS.items() if columns[0] == "id")
_INSERTS = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for table, columns in COLUMNS.items()
}


def _begin_now(connection: Connection) -> None:
    """pysqlite opens its transaction only at the first INSERT: the DROP INDEX before it would
    commit on its own and outlive a cancel. IMMEDIATE also takes the write lock before the
    database is found empty, so no other writer can slip a guest in between."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _refuse_if_not_empty(connection: Connection) -> None:
    from sqlalchemy import inspect

    if not inspect(connection).has_table("guest"):
        raise DemoError("the database has no guestbook tables yet; create or upgrade it first")
    if connection.exec_driver_sql("SELECT 1 FROM guest LIMIT 1").first() is not None:
        raise DemoError("the database already holds guests; the demo only fills an empty database")


def _next_ids(connection: Connection) -> dict[str, int]:
    """Start after any rows left by erased or deleted data, so ids never collide."""
    ids = {}
    for table in _ID_TABLES:
        top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
        ids[table] = int(top or 0) + 1
    return ids


@contextlib.contextmanager
def _unchecked(connection: Connection) -> Generator[None]:
    """Skip SQLite's per-row checks of rows that are right by construction: ~13 million
    foreign key lookups at 1M guests, and CHECK constraints, whose `IN ('call', 'sms', …)`
    lists halve the speed of consent_event and call_attempt inserts. The tests run
    foreign_key_check and integrity_check (which checks CHECK constraints) on the result.

    foreign_keys is ignored inside a transaction: both are set before BEGIN and restored
    after COMMIT or ROLLBACK, on this pooled connection. Changing them expires the prepared
    statements, so nothing compiled without the checks is reused afterwards.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


# Indexes with one of these columns in their key are built after the rows are in. Their keys
# are scattered (every name, number and address differs), so inserting row after row would
# write all over a B-tree larger than the page cache; one sorted build is ~3× faster. Other
# indexes stay: led by a growing id, or by a value with few distinct keys (a date, a month,
# a postcode) followed by the growing rowid, their inserts land on a few hot pages.
_DEFERRED_INDEX_COLUMNS = frozenset({"name_key", "e164", "digits_reversed", "address"})


def _drop_indexes(connection: Connection) -> list[str]:
    """Drop the indexes to build at the end; returns the statements that create them again,
    run in the same transaction, so the schema does not change (a test compares
    sqlite_master)."""
    if connection.dialect.name != "sqlite":
        return []
    tables = ", ".join(f"'{table}'" for table in COLUMNS)
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({tables}) ORDER BY rowid"
    ).all()
    statements = []
    for name, sql in indexes:
        columns = {row[2] for row in connection.exec_driver_sql(f'PRAGMA index_info("{name}")')}
        if columns & _DEFERRED_INDEX_COLUMNS:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            statements.append(str(sql))
    return statements


def _create_indexes(connection: Connection, statements: list[str]) -> None:
    for sql in statements:
        connection.exec_driver_sql(sql)


def _record_late_from_rule(connection: Connection, settings: Settings) -> None:
    """late_from was computed with these lapse settings: the app need not rebuild it."""
    from guestbook.services.summaries.late_from import late_from_rule

    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES ('late_from_rule', ?)",
        (late_from_rule(settings),),
    )


def _write(connection: Connection, rows: ChunkRows) -> None:
    # Raw DBAPI executemany: Core's insert() costs ~3× more per row at this volume. The text
    # formats (dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS.ffffff', booleans 0/1)
    # are SQLAlchemy's own for SQLite; a test reads the rows back through the ORM.
    for table, batch in rows.tables.items():
        if batch:
            connection.exec_driver_sql(_INSERTS[table], batch)
    if rows.partner_links:
        connection.exec_driver_sql(
            "UPDATE guest SET partner_id = ? WHERE id = ?", rows.partner_links
        )


def _chunk_sizes(guests: int) -> tuple[int, ...]:
    """Chunks of CHUNK_GUESTS, larger when that would mean over MAX_CHUNKS progress steps.
    With several chunks the first is a quarter size, so writing starts sooner while the
    worker process generates the next one."""
    size = max(CHUNK_GUESTS, math.ceil(guests / MAX_CHUNKS))
    if guests <= size:
        return (guests,) if guests else ()
    first = size // 4
    rest = guests - first
    return (first, *(min(size, rest - start) for start in range(0, rest, size)))
