"""The owner's report (issue 17, `guestbook report`) at scale, against the same SQL replayed raw.

    python benchmarks/run.py --sizes 10000 100000 --repeat 3 --only report
    python benchmarks/bench_reports.py 2000 --repeat 1        # a quick smoke run

The whole report of the twelve months ending TODAY, with the twelve months before beside
(services.reports.report_on, in the app's process, on the app's engine), and the floor: every
statement it sent, with the values it bound, replayed on a plain sqlite3 connection. Target: the
whole report within 1 s at 1,000,000 guests, and within 1.5× its own SQL.

The cached demo databases may predate the feedback table (migration 0005): then each
connection measured gets a temporary one (nothing is written to the file), with a response
from one guest in fifty spread over the two years, so the feedback figures read something.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    TODAY,
    Statement,
    demo_db,
    floor_connection,
    replay,
    timed_pair,
)
from benchmarks.results import Result, table

TARGET_SECONDS = 1.0
RATIO_TARGET = 1.5

_TEMP_FEEDBACK = (
    "CREATE TEMP TABLE feedback (id INTEGER PRIMARY KEY, guest_id INTEGER NOT NULL,"
    " at DATETIME NOT NULL, ces INTEGER, satisfaction INTEGER, comment VARCHAR NOT NULL,"
    " channel VARCHAR NOT NULL, staff VARCHAR NOT NULL, visit_id INTEGER)",
    "CREATE INDEX temp.ix_feedback_at ON feedback (at)",
    "INSERT INTO temp.feedback (guest_id, at, ces, satisfaction, comment, channel, staff)"
    " SELECT id, strftime('%Y-%m-%d %H:%M:%S.000000', julianday(:first) + id * 7919 % 730"
    " + 0.8), 1 + id % 7, CASE WHEN id % 3 THEN 1 + id % 5 END, '', 'in_person', ''"
    " FROM guest WHERE id % 50 = 0",
)


def with_feedback(connection: sqlite3.Connection) -> None:
    """A temporary feedback table on `connection` when its database has none."""
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'feedback'"
    ).fetchone()
    if found is None:
        for statement in _TEMP_FEEDBACK:
            connection.execute(statement, {"first": "2024-11-23"})


class _Recording(sqlite3.Connection):
    """A sqlite3 connection that notes every statement our code sends while `record` is a
    list (benchmarks.common's recorder keeps only reads: the report also defines, then drops,
    a temporary table, which the floor must do too)."""

    record: list[Statement] | None = None

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if self.record is not None:
            self.record.append(
                (sql, dict(parameters) if isinstance(parameters, dict) else tuple(parameters))
            )
        return super().execute(sql, parameters)


def captured_report_sql(db: Path, work: Callable[[Any], object]) -> list[Statement]:
    """Every statement `work(connection)` sends to `db` (SQLAlchemy's own transaction
    statements go through cursors, not here), once the feedback table it may lack is made."""
    from guestbook.storage.engine import make_engine

    engine = make_engine(db, connection_class=_Recording)
    try:
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert isinstance(raw, _Recording)
            with_feedback(raw)
            raw.record = []
            work(connection)
            statements, raw.record = raw.record, None
    finally:
        engine.dispose()
    return statements


def in_process_report(db: Path, repeat: int, work: Callable[[Any], object]) -> tuple[float, float]:
    """benchmarks.common.in_process for the report: each connection given the feedback table
    it may lack, the floor replaying every statement sent, its temporary table too."""
    from guestbook.storage.engine import make_engine
    from guestbook.storage.sqlite.raw import dbapi

    statements = captured_report_sql(db, work)
    engine = make_engine(db)
    raw = floor_connection(db)
    with_feedback(raw)
    try:
        with engine.connect() as connection:
            with_feedback(dbapi(connection))
            ours, floor = timed_pair(
                lambda: work(connection), lambda: replay(raw, statements), repeat
            )
    finally:
        raw.close()
        engine.dispose()
    return ours.median, floor.median


def report_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    from guestbook.services.reports import default_period, report_on
    from guestbook.settings import Settings

    settings, period = Settings(), default_period(TODAY)
    ours, floor = in_process_report(
        db, repeat, lambda connection: report_on(connection, period, TODAY, settings)
    )
    within_ratio = ours / floor <= RATIO_TARGET if floor else True
    if guests >= 1_000_000:
        target, met = "≤ 1 s at 1M, ≤ 1.5×", within_ratio and ours <= TARGET_SECONDS
    else:
        target, met = "≤ 1.5×", within_ratio
    name = "report: twelve months and the twelve before"
    return [Result(name, guests, ours, floor, target, met)]


def charts_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """The Reports screen's charts (visits per week, return rate and value at risk per month),
    read in the background once the figures show: no target of their own."""
    from guestbook.services.reports import default_period
    from guestbook.services.reports.series import series_on
    from guestbook.settings import Settings

    settings, period = Settings(), default_period(TODAY)
    ours, floor = in_process_report(
        db, repeat, lambda connection: series_on(connection, period, TODAY, settings)
    )
    name = "report charts: 53 weeks, 12 months (background)"
    return [Result(name, guests, ours, floor, "—", None)]


SUITE = {"report": report_operation, "report-charts": charts_operation}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results: list[Result] = []
    for guests in args.sizes:
        results += report_operation(demo_db(guests), guests, args.repeat)
    print(table(results))
    return 0 if all(result.met is not False for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
