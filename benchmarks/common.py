"""Shared pieces of the benchmark suite: cached demo databases and honest timing."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("GUESTBOOK_BENCH_CACHE", ROOT / "benchmarks" / ".cache"))
TODAY = dt.date(2026, 11, 22)
SEED = 1


def demo_db(guests: int) -> Path:
    """A demo database of `guests` guests, built once and reused between runs.

    It is built in a child process, and the disk is synced after: generating a million guests
    leaves a process's heap fragmented and the kernel writing back a gigabyte and a half, and
    either slowed the measurements that came next (an email search took 30 µs instead of 17).
    Its daily backup for TODAY is made at build time, so the app's own daily copy (which
    would otherwise run during the measurements) finds it done. A cached one made by an older
    guestbook is upgraded in place first (every benchmark reads the current schema).
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{guests}.db"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        from guestbook.storage.migrate import needs_upgrade, upgrade

        if needs_upgrade(path):  # made by an older guestbook: brought up to date, data kept
            print(f"  upgrading {path.name}…", file=sys.stderr, flush=True)
            upgrade(path)
        return path
    for stale in (path, meta):
        stale.unlink(missing_ok=True)
    print(f"  building {path.name} ({guests:,} guests)…", file=sys.stderr, flush=True)
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), str(guests), str(path)],
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    os.sync()
    return path


def _build_demo_db(guests: int, path: Path) -> None:
    """The child process of demo_db: the demo, timed, then its daily backup and metadata."""
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.demo.generate import generate_demo
    from guestbook.paths import backups_dir
    from guestbook.settings import Settings
    from guestbook.storage.backup import daily_backup

    services = make_services(path, FixedClock(TODAY), Settings())
    started = time.perf_counter()
    generate_demo(
        services.engine, today=TODAY, settings=services.settings, guests=guests, seed=SEED
    )
    seconds = time.perf_counter() - started
    services.close()
    daily_backup(path, backups_dir(path), TODAY)
    meta = {"guests": guests, "demo_seconds": seconds, "built": str(dt.datetime.now(dt.UTC).date())}
    path.with_suffix(".json").write_text(json.dumps(meta))


@dataclass(frozen=True)
class Measure:
    runs: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(function: Callable[[], object], repeat: int, warmup: int = 1) -> Measure:
    for _ in range(warmup):
        function()
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return Measure(runs)


# In-process operations of a few milliseconds or less are run until each side has taken this
# long (at least `repeat` times): medians of five sub-millisecond runs were mostly noise.
MIN_SECONDS = 0.25


def timed_pair(
    ours: Callable[[], object], floor: Callable[[], object], repeat: int
) -> tuple[Measure, Measure]:
    """`ours` and its `floor`, run in turns (so a slow spell of a shared machine weighs on both
    alike), each at least `repeat` times and for at least MIN_SECONDS."""
    once = timed(ours, 1).median + timed(floor, 1).median  # also the warm-up of both
    rounds = max(repeat, min(1000, int(2 * MIN_SECONDS / max(once, 1e-6))))
    ours_runs: list[float] = []
    floor_runs: list[float] = []
    for _ in range(rounds):
        for function, runs in ((ours, ours_runs), (floor, floor_runs)):
            started = time.perf_counter()
            function()
            runs.append(time.perf_counter() - started)
    return Measure(ours_runs), Measure(floor_runs)


def run_process(args: list[str], env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        args, capture_output=True, text=True, env={**os.environ, **(env or {})}, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def process_seconds(args: list[str], repeat: int, env: dict[str, str] | None = None) -> Measure:
    """Wall time of whole processes (Python's start included)."""
    return timed(lambda: run_process(args, env), repeat)


def process_pair(ours: list[str], floor: list[str], repeat: int) -> tuple[Measure, Measure]:
    """Wall time of whole processes, ours and the floor's in turns (a first round warms the
    file cache for both)."""
    return timed_pair(lambda: run_process(ours), lambda: run_process(floor), repeat)


def marker_seconds(commands: list[list[str]], repeat: int) -> list[Measure]:
    """For each command, seconds from spawning its process to the wall-clock time it prints
    when its first screen is painted (the process then exits; its tear-down is not counted).

    The commands take turns, run after run, so that a slow spell of the machine weighs on
    each of them alike; a first round, not counted, warms the file cache."""
    runs: list[list[float]] = [[] for _ in commands]
    for index in range(repeat + 1):
        for command, measured in zip(commands, runs, strict=True):
            spawned = time.time()
            out = run_process(command)
            if index:
                measured.append(float(out.strip().splitlines()[-1]) - spawned)
    return [Measure(measured) for measured in runs]


# The values as bound: a sequence for ? marks, a mapping for :name ones (SQLAlchemy's text()).
Statement = tuple[str, tuple[Any, ...] | dict[str, Any]]


def _bound(parameters: Any) -> tuple[Any, ...] | dict[str, Any]:
    # A mapping made a tuple would keep its keys, and sqlite3 would bind the names as values.
    return dict(parameters) if isinstance(parameters, Mapping) else tuple(parameters)


class _RecordingConnection(sqlite3.Connection):
    """A sqlite3 connection that notes every statement and its bound values while `record`
    is a list: what our code sends through SQLAlchemy (its cursors) and straight to the
    DB-API connection alike."""

    record: list[Statement] | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if self.record is not None:
            self.record.append((sql, _bound(parameters)))
        return super().execute(sql, parameters)

    def cursor(self, factory: Any = None) -> Any:  # sqlite3 overloads it by factory
        return super().cursor(factory or _RecordingCursor)


class _RecordingCursor(sqlite3.Cursor):
    def execute(self, sql: str, parameters: Any = (), /) -> Any:  # typeshed: Self
        record = self.connection.record  # type: ignore[attr-defined]
        if record is not None:
            record.append((sql, _bound(parameters)))
        return super().execute(sql, parameters)


def captured_sql(db: Path, action: Callable[[Any], object]) -> list[Statement]:
    """Every read statement `action(connection)` runs, with the values it binds, on a
    SQLAlchemy connection to `db` (SQLAlchemy's own transaction statements are not part of
    the work)."""
    from guestbook.storage.engine import make_engine

    engine = make_engine(db, connection_class=_RecordingConnection)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, _RecordingConnection)
            raw.record = []
            action(connection)
            statements, raw.record = raw.record, None
    finally:
        engine.dispose()
    return [
        (sql, values)
        for sql, values in statements
        if sql.lstrip().upper().startswith(("SELECT", "WITH"))
    ]


def floor_connection(db: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the app's read settings, so the floor is not
    handicapped."""
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA cache_size=-65536")
    connection.execute("PRAGMA temp_store=MEMORY")
    return connection


def replay(connection: sqlite3.Connection, statements: list[Statement]) -> None:
    """The floor: the same SQL run directly with sqlite3, with the same values, rows fetched."""
    for sql, values in statements:
        connection.execute(sql, values).fetchall()


def in_process(db: Path, repeat: int, work: Callable[[Any], object]) -> tuple[float, float]:
    """Median seconds of `work(connection)` on the app's engine, and of replaying with sqlite3
    the statements it sent (the ratio is what Python, SQLAlchemy and our objects add)."""
    from guestbook.storage.engine import make_engine

    statements = captured_sql(db, work)
    engine = make_engine(db)
    raw = floor_connection(db)
    try:
        with engine.connect() as connection:
            ours, floor = timed_pair(
                lambda: work(connection), lambda: replay(raw, statements), repeat
            )
    finally:
        raw.close()
        engine.dispose()
    return ours.median, floor.median


if __name__ == "__main__":  # demo_db's child process: python benchmarks/common.py GUESTS PATH
    _build_demo_db(int(sys.argv[1]), Path(sys.argv[2]))
