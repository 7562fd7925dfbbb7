"""The hot paths on PostgreSQL (issue 19), each against its own SQL replayed raw through psycopg
and beside SQLite's figure of the same run.

    GUESTBOOK_BENCH_POSTGRESQL=postgresql://postgres@127.0.0.1:54329/postgres \\
        python benchmarks/bench_postgresql.py 100000 --repeat 5
    python benchmarks/run.py --sizes 100000 --only postgresql     # the same, in the suite

The server is given by GUESTBOOK_BENCH_POSTGRESQL (a user who may create databases). The demo
database of that size (benchmarks.common.demo_db) is copied once into `guestbook_bench_N` on the
server by copy-to, and kept there for the runs after. For each operation: guestbook on
PostgreSQL (the app's engine and read isolation), the floor (every statement it sent, with its
values, replayed on a plain psycopg connection, rows fetched), and guestbook on SQLite in the
same run. Targets (issue 19, at 1,000,000 guests): ≤ 1.5× its own SQL, ≤ 2× SQLite's figure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import TODAY, demo_db, in_process, timed_pair
from benchmarks.results import Result, table

ENVIRONMENT = "GUESTBOOK_BENCH_POSTGRESQL"
RATIO_TARGET = 1.5  # against its own SQL through psycopg
SQLITE_TARGET = 2.0  # against SQLite's figure of the same run

Work = Callable[[Any], object]
Statement = tuple[bytes | str, Any]


def server_url() -> str | None:
    return os.environ.get(ENVIRONMENT) or None


def bench_database(guests: int) -> str:
    """The URL of `guestbook_bench_N` on the server, filled from the demo database of that size
    by copy-to the first time."""
    import psycopg
    from sqlalchemy.engine import make_url

    from guestbook.storage.copy_database import copy_database
    from guestbook.storage.engine import make_engine
    from guestbook.storage.postgresql.engine import make_postgresql_engine

    server = make_url(server_url() or "")
    name = f"guestbook_bench_{guests}"
    admin = server.set(drivername="postgresql").render_as_string(hide_password=False)
    url = server.set(drivername="postgresql+psycopg", database=name)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is not None:
            return url.render_as_string(hide_password=False)
        connection.execute(f'CREATE DATABASE "{name}"')
    print(f"  copying demo-{guests}.db to {name}…", file=sys.stderr, flush=True)
    source, target = make_engine(demo_db(guests)), make_postgresql_engine(url)
    try:
        copy_database(source, target)
    finally:
        source.dispose()
        target.dispose()
    with psycopg.connect(url.set(drivername="postgresql").render_as_string(False)) as connection:
        connection.autocommit = True
        connection.execute("VACUUM ANALYZE")
    return url.render_as_string(hide_password=False)


@contextmanager
def _recorded(engine: Any) -> Iterator[list[Statement]]:
    """Every statement sent while inside, as psycopg was given it: through SQLAlchemy's cursors
    and through storage.sqlite.raw's PostgresqlRaw (which calls psycopg's connection itself)."""
    from sqlalchemy import event

    from guestbook.storage.postgresql.placeholders import named_values, translated
    from guestbook.storage.sqlite import raw

    statements: list[Statement] = []

    def on_cursor(_c: Any, _cursor: Any, sql: str, params: Any, _context: Any, _many: Any) -> None:
        statements.append((sql, params))

    original = raw.PostgresqlRaw.execute

    def execute(self: Any, sql: str, parameters: Any = (), /) -> Any:
        statement = translated(sql)
        statements.append((statement.sql.encode(), named_values(statement, parameters)))
        return original(self, sql, parameters)

    event.listen(engine, "before_cursor_execute", on_cursor)
    raw.PostgresqlRaw.execute = execute  # type: ignore[method-assign]
    try:
        yield statements
    finally:
        raw.PostgresqlRaw.execute = original  # type: ignore[method-assign]
        event.remove(engine, "before_cursor_execute", on_cursor)


def on_postgresql(url: str, repeat: int, work: Work) -> tuple[float, float]:
    """Median seconds of `work(connection)` on the app's PostgreSQL engine, and of replaying
    through psycopg the statements it sent."""
    import psycopg
    from sqlalchemy.engine import make_url

    from guestbook.storage.postgresql.engine import SESSION_OPTIONS, make_postgresql_engine
    from guestbook.storage.sql_words import ZONE_SETTING, local_zone

    engine = make_postgresql_engine(make_url(url))
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with engine.connect() as captured:
            with _recorded(engine) as statements:
                work(captured.execution_options(isolation_level="REPEATABLE READ"))
            statements = list(statements)
        with (
            engine.connect() as connection,
            psycopg.connect(plain, options=SESSION_OPTIONS) as floor,
        ):
            reading = connection.execution_options(isolation_level="REPEATABLE READ")
            # The floor's session has the app's settings (its plans made as the app's are)
            # and is told the time zone as the app's are (local days).
            floor.execute("SELECT set_config(%s, %s, false)", (ZONE_SETTING, local_zone()))

            def replay() -> None:
                for sql, values in statements:
                    cursor = floor.execute(sql, values)
                    if cursor.description is not None:
                        cursor.fetchall()

            ours, raw = timed_pair(lambda: work(reading), replay, repeat)
    finally:
        engine.dispose()
    return ours.median, raw.median


def operations(db: Path) -> dict[str, Work]:
    from benchmarks.bench_search import SEARCHES
    from guestbook.services.agenda.calls import agenda_on
    from guestbook.services.calendar import month_view_on
    from guestbook.services.guests.listing import PAGE_SIZE, SortOrder, page_on
    from guestbook.services.guests.search import search_on
    from guestbook.settings import Settings

    settings = Settings()
    found: dict[str, Work] = {
        f"search: {label}": partial(search_on, text=text, today=TODAY)
        for label, text in SEARCHES.items()
    }
    total = _guest_count(db)
    last = (total - 1) // PAGE_SIZE
    for order in SortOrder:
        for where, page in (("first", 0), ("middle", last // 2), ("end", last)):
            name = f"list page by {order.value.replace('_', ' ')}: {where}"
            found[name] = partial(page_on, order=order, number=page, total=total, today=TODAY)
    found["agenda computation"] = lambda c: agenda_on(c, TODAY, settings)
    found["calendar month counts"] = lambda c: month_view_on(c, 2026, 11, settings)
    return found


def _guest_count(db: Path) -> int:
    import sqlite3

    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM guest").fetchone()[0])


def postgresql(db: Path, guests: int, repeat: int) -> list[Result]:
    """Each hot path on PostgreSQL against its raw SQL and against SQLite (skipped, and said,
    without a server)."""
    if server_url() is None:
        note = f"skipped: set {ENVIRONMENT} to a PostgreSQL server"
        return [Result("PostgreSQL hot paths", guests, None, None, "—", None, notes=[note])]
    url = bench_database(guests)
    results = []
    for name, work in operations(db).items():
        ours, floor = on_postgresql(url, repeat, work)
        sqlite, _sqlite_floor = in_process(db, repeat, work)
        to_sqlite = ours / sqlite if sqlite else None
        met = ours <= floor * RATIO_TARGET and (to_sqlite is None or to_sqlite <= SQLITE_TARGET)
        result = Result(
            f"PostgreSQL {name} (SQLite: {_shown(sqlite)}, ×{to_sqlite:.2f})",
            guests,
            ours,
            floor,
            "≤ 1.5× raw, ≤ 2× SQLite at 1M",
            met if guests >= 1_000_000 else None,
        )
        results.append(result)
    return results


def _shown(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.001 else f"{seconds * 1e6:.0f} µs"


SUITE = {"postgresql": postgresql}


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    results: list[Result] = []
    for guests in args.sizes:
        results += postgresql(demo_db(guests), guests, args.repeat)
    print(table(results))
    return 0 if all(result.met is not False for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
