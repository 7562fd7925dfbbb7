"""How fast the report's per-guest pass could be if every seat's facts were kept ready (issue
17): a measurement of a design, not of guestbook's code.

The report walks each known guest's seats of three periods (storage.sqlite.report's
_ACTIVITY_SQL: 3.16 million seats at a million guests), joining each seat to its visit and
working out its share of the table. Here the seats' guest, date and share are first copied
into a table of their own, indexed to cover the walk, as triggers could keep them; then the
same counts and sums are timed over it, with no join and no share to work out. If that walk
alone takes more than the report's whole budget (1 s), no layout of the seats reaches the
target: the figures must come from counts kept as visits are written.

    python benchmarks/report_seats_floor.py benchmarks/.cache/demo-1000000.db --repeat 3

The database is only read: the copy is a temporary table, gone with the connection.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time

from guestbook.storage.sqlite.report import _ACTIVITY_SQL, SHARE_SQL
from guestbook.storage.sqlite.site_terms import for_site

# The seats of the three periods of the suite's report (benchmarks/bench_reports.py: twelve
# months to 2026-11-21, the twelve before, the twelve before those).
BEFORE, PREVIOUS, START, END = "2023-11-22", "2024-11-22", "2025-11-22", "2026-11-21"

_COPY = f"""
CREATE TEMP TABLE seat AS
SELECT vg.guest_id, v.visited_on, {SHARE_SQL} AS share
FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
WHERE vg.guest_id IS NOT NULL AND v.visited_on BETWEEN '{BEFORE}' AND '{END}'
"""
_INDEX = "CREATE INDEX temp.ix_seat ON seat (guest_id, visited_on, share)"
# _ACTIVITY_SQL's counts and sums, the seat's period from its date alone.
_K = f"((visited_on < '{START}') + (visited_on < '{PREVIOUS}'))"
_WALK = f"""
WITH guest_period AS MATERIALIZED (
  SELECT visits & 1048575 AS n0, (visits >> 20) & 1048575 AS n1, visits >> 40 AS n2,
         share_0, share_1
  FROM (SELECT sum(1 << (20 * {_K})) AS visits,
               sum(CASE WHEN visited_on >= '{START}' THEN share END) AS share_0,
               sum(CASE WHEN {_K} = 1 THEN share END) AS share_1
        FROM seat INDEXED BY ix_seat GROUP BY guest_id))
SELECT total(n0 > 0), total(n0 > 1), total(n1 > 0), total(n1 > 1), total(n0 > 0 AND n1 > 0),
       total(n1 > 0 AND n2 > 0), total(n2 > 0), total(share_0), total(share_1)
FROM guest_period
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    # The app's read settings (benchmarks.common.floor_connection).
    connection.execute("PRAGMA cache_size=-65536")
    connection.execute("PRAGMA temp_store=MEMORY")
    started = time.perf_counter()
    connection.execute(_COPY)
    connection.execute(_INDEX)
    copied = time.perf_counter() - started
    (seats,) = connection.execute("SELECT count(*) FROM temp.seat").fetchone()
    params = {"start": START, "end": END, "previous": PREVIOUS, "before": BEFORE, "site": ""}
    walks = {
        "the report's walk today (seats joined to visits)": (for_site(_ACTIVITY_SQL, ""), params),
        "the walk over the ready seats": (_WALK, {}),
    }
    print(f"SQLite {sqlite3.sqlite_version}; {seats:,} seats copied and indexed in {copied:.1f} s")
    found = []
    for label, (sql, values) in walks.items():
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            figures = connection.execute(sql, values).fetchone()
            times.append(time.perf_counter() - started)
        shown = ", ".join(f"{t:.2f}" for t in times)
        print(f"{label}: median {statistics.median(times):.2f} s ({shown})")
        found.append(tuple(figures[:9]))  # the top fifths are the report's only
    # Both count the same seats the same way, or the floor measures something else.
    assert found[0] == found[1], found
    # What counts kept by (day, the guest's previous visit day) would hold: a guest is in a
    # period once, at their first seat in it, the one whose previous visit came before it.
    (pairs,) = connection.execute(
        "SELECT count(*) FROM (SELECT DISTINCT visited_on, previous FROM (SELECT visited_on,"
        " lag(visited_on) OVER (PARTITION BY guest_id ORDER BY visited_on) AS previous"
        " FROM seat))"
    ).fetchone()
    print(f"(day, previous visit day) pairs: {pairs:,}")


if __name__ == "__main__":
    main()
