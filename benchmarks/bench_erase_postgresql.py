"""Erasing guests on a PostgreSQL server at scale (issue 19), and what the other terminals feel.

    GUESTBOOK_BENCH_POSTGRESQL=postgresql://postgres@127.0.0.1:54329/postgres \\
        python benchmarks/bench_erase_postgresql.py 1000000

On a server an erasure is two steps (storage.sqlite.erasure): the transaction that empties the
guests' rows, then VACUUM FULL of the tables it changed, which rewrites them so that the old
rows leave the server's files. VACUUM FULL holds each table it rewrites locked the whole time:
every other terminal's read of it waits. Above storage.postgresql.rewrite.REWRITE_NOW_BYTES the
rewrite is left for `guestbook forget --finish` (at night). This measures, as the retention
review erases (one guest in a hundred made inactive, as benchmarks/bench_rights.py does on
SQLite), on fresh copies of `guestbook_bench_N` (made by bench_postgresql.py), while another
terminal searches a guest by phone every 100 ms (a host at the desk):

- the erasure with its rewrite at once, whatever the size (how it was before the rewrite could
  be left for later): each step's time, and the other terminal's searches meanwhile (how long,
  the longest, how many took a second or more);
- the erasure as it is now (at this size, the rewrite left for later), the same figures, then
  `forget --finish` alone (services.rights.erasure.finish_erasures): the rewrite's time.

Each copy is made with CREATE DATABASE … TEMPLATE and dropped at the end.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_postgresql import bench_database, server_url
from benchmarks.common import TODAY

COPY = "guestbook_bench_erase"
SEARCH_EVERY = 0.1  # seconds between the other terminal's searches
SEARCHED = "06 12"  # a phone start: a few rows from the phone index, as a host types
LONG_AGO = "2021-06-01 10:00:00+00"


@dataclass
class Run:
    listed: float = 0.0  # the retention review's listing
    written: float = 0.0  # the erasure's transaction
    rewritten: float = 0.0  # leave_no_trace: VACUUM FULL of the changed tables, tries included
    erased: int = 0
    cleaning: str = ""  # services.rights.erasure.Cleaning's value
    finished: float | None = None  # forget --finish afterwards, alone
    searches: list[float] = field(default_factory=list)  # the other terminal's, during it


@contextmanager
def fresh_copy(url: str) -> Iterator[str]:
    """A copy of the bench database at `url`, dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    source = make_url(url)
    admin = source.set(drivername="postgresql", database="postgres")
    copy = source.set(database=COPY).render_as_string(hide_password=False)
    with psycopg.connect(admin.render_as_string(hide_password=False), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{COPY}"')
        server.execute(f'CREATE DATABASE "{COPY}" TEMPLATE "{source.database}"')
        try:
            yield copy
        finally:
            server.execute(f'DROP DATABASE IF EXISTS "{COPY}" WITH (FORCE)')


def make_some_inactive(url: str) -> None:
    """One guest in a hundred last seen five years before TODAY (bench_rights' rule)."""
    import psycopg
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain) as connection:
        connection.execute(
            "UPDATE guest SET created_at = %s, last_visit_on = '2021-06-01' WHERE id %% 100 = 0",
            (LONG_AGO,),
        )
        connection.execute(
            "UPDATE consent_event SET at = %s WHERE guest_id %% 100 = 0", (LONG_AGO,)
        )
        connection.execute("UPDATE call_attempt SET at = %s WHERE guest_id %% 100 = 0", (LONG_AGO,))
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # as a server's autovacuum would have by then


@contextmanager
def other_terminal(url: str, searches: list[float]) -> Iterator[None]:
    """Another terminal searching every SEARCH_EVERY seconds while inside; each search's time
    goes into `searches`."""
    from guestbook.bootstrap import make_server_services
    from guestbook.clock import FixedClock
    from guestbook.services.guests.search import search_guests
    from guestbook.settings import Settings

    services = make_server_services(url, FixedClock(TODAY), Settings(), staff="host")
    stop = threading.Event()

    def search() -> None:
        while not stop.is_set():
            started = time.perf_counter()
            search_guests(services, SEARCHED)
            searches.append(time.perf_counter() - started)
            stop.wait(SEARCH_EVERY)

    thread = threading.Thread(target=search, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
        services.close()


def erase_inactive(url: str, *, at_once: bool) -> Run:
    """The retention review's listing and erasure on `url` beside a searching terminal, timed
    step by step; the rewrite at once whatever the size (`at_once`), or as the app decides,
    then finished."""
    from guestbook.bootstrap import make_server_services
    from guestbook.clock import FixedClock
    from guestbook.services.rights import erasure
    from guestbook.services.rights.retention import inactive_guests
    from guestbook.settings import Settings
    from guestbook.storage.postgresql import rewrite as pending

    run = Run()
    limit = pending.REWRITE_NOW_BYTES
    if at_once:
        pending.REWRITE_NOW_BYTES = 2**62
    services = make_server_services(url, FixedClock(TODAY), Settings(), staff="bench")
    rewrite = erasure.leave_no_trace

    def timed_rewrite(*args: Any, **options: Any) -> erasure.Cleaning:
        started = time.perf_counter()
        try:
            return rewrite(*args, **options)
        finally:
            if run.finished is None:  # the erasure's own, not forget --finish's
                run.rewritten = time.perf_counter() - started

    erasure.leave_no_trace = timed_rewrite
    try:
        started = time.perf_counter()
        found = [guest.id for guest in inactive_guests(services)]
        run.listed = time.perf_counter() - started
        with other_terminal(url, run.searches):
            started = time.perf_counter()
            result = erasure.erase_guests(services, found, action="retention")
            run.written = time.perf_counter() - started - run.rewritten
        run.erased, run.cleaning = len(result.erased), result.cleaning.value
        if result.rewrite_later:
            run.finished = 0.0  # from here the rewrites are forget --finish's
            started = time.perf_counter()
            finished = erasure.finish_erasures(services)
            run.finished = time.perf_counter() - started
            run.cleaning += f", then forget --finish: {finished.value}"
    finally:
        erasure.leave_no_trace = rewrite
        pending.REWRITE_NOW_BYTES = limit
        services.close()
    return run


def report(guests: int, label: str, run: Run) -> str:
    lines = [
        f"{label} ({guests:,} guests), beside a terminal searching every 100 ms:",
        f"  review lists {run.erased:,} inactive in {run.listed:.2f} s",
        f"  erasure's transaction {run.written:.2f} s",
        f"  rewrite during the erasure {run.rewritten:.2f} s ({run.cleaning})",
    ]
    if run.finished is not None:
        lines.append(f"  forget --finish afterwards, alone: {run.finished:.2f} s")
    if run.searches:
        longest, median = max(run.searches), statistics.median(run.searches)
        slow = sum(1 for seconds in run.searches if seconds >= 1.0)
        lines.append(
            f"  the other terminal's {len(run.searches)} searches meanwhile: median "
            f"{median * 1000:.1f} ms, longest {longest:.2f} s, {slow} of them 1 s or more"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("size", type=int, nargs="?", default=100_000)
    args = parser.parse_args()
    if server_url() is None:
        print("skipped: set GUESTBOOK_BENCH_POSTGRESQL to a PostgreSQL server")
        return 0
    source = bench_database(args.size)
    runs: list[tuple[str, Callable[[str], Run]]] = [
        ("rewritten at once, whatever the size", lambda url: erase_inactive(url, at_once=True)),
        ("as the app does now", lambda url: erase_inactive(url, at_once=False)),
    ]
    for label, work in runs:
        with fresh_copy(source) as url:
            make_some_inactive(url)
            print(report(args.size, label, work(url)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
