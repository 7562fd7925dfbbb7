"""Searches on PostgreSQL under the server's two plan cache modes, for two versions of the code
(RESULTS.md, "Issue 19: a site's report, and searches in one statement on the server").

    git archive 9f21d2e guestbook | tar -x -C /tmp/before       # the code before the fold
    python benchmarks/ab_plan_cache.py /tmp/before default       # then: generic, and the same
    python benchmarks/ab_plan_cache.py . default                 # for this tree; alternate them

Each run opens the app's engine on `guestbook_bench_100000` (made by bench_postgresql.py) from
the code under TREE, and times services.guests.search.search_on for five searches, 200 times
each on one connection in the app's read isolation (a new snapshot every 50), and prints the
medians after the first 20. `generic` sets plan_cache_mode = force_generic_plan on each new
connection; `default` leaves PostgreSQL's automatic choice, as the app does.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path
from typing import Any

SEARCHES = ("+33 6 12 34", "5678", "helene", "pierre martin", "06 12")
URL = "postgresql+psycopg://postgres@127.0.0.1:54329/guestbook_bench_100000"
RUNS, WARM_UP, SNAPSHOT_EVERY = 200, 20, 50


def main(tree: str, mode: str) -> str:
    sys.path.insert(0, tree)  # before any guestbook import: the code measured is TREE's
    from sqlalchemy import event
    from sqlalchemy.engine import make_url

    import guestbook
    from guestbook.services.guests.search import search_on
    from guestbook.storage.postgresql.engine import make_postgresql_engine

    assert guestbook.__file__ and guestbook.__file__.startswith(str(Path(tree).resolve()))
    engine = make_postgresql_engine(make_url(URL))
    if mode == "generic":

        @event.listens_for(engine, "connect")
        def _generic(connection: Any, _record: Any) -> None:
            connection.execute("SET plan_cache_mode = force_generic_plan")
            connection.commit()

    today, medians = dt.date(2026, 11, 22), []
    with engine.connect() as opened:
        connection = opened.execution_options(isolation_level="REPEATABLE READ")
        for query in SEARCHES:
            times = []
            for run in range(RUNS):
                start = time.perf_counter()
                search_on(connection, query, today=today)
                times.append(time.perf_counter() - start)
                if run % SNAPSHOT_EVERY == SNAPSHOT_EVERY - 1:
                    connection.rollback()
            medians.append(f"{query}: {statistics.median(times[WARM_UP:]) * 1e6:.0f} µs")
    engine.dispose()
    return f"{tree} {mode} | " + " | ".join(medians)


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2]))
