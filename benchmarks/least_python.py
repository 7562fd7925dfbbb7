"""How close to its SQL can a search that finds no one get? The least Python around one statement.

    python benchmarks/least_python.py              # on the cached 10,000-guest demo

The Scale issue asks every search to be within 1.5x of its SQL replayed with sqlite3. Typed
'+33 6 12 34' among 10,000 guests, the search is one probe of the phone index that finds no
one: a few microseconds. This prints, side by side and in turns:

- the floor: that statement and its values, replayed with sqlite3 (as bench_search does);
- the least any search can do around it: take the DB-API connection from the caller's, strip
  the text, keep its digits, make the prefix range, run the statement, deduplicate the ids,
  return them with a count; no check of what was typed, no result object, no sorting;
- guestbook's search_on (the connection-level search that search_guests wraps).

If even the least is near 1.5x, the ratio is the interpreter's own cost of a function call and
a few string operations, not something our code adds.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from sqlalchemy import Connection

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import TODAY, captured_sql, demo_db, floor_connection, replay, timed_pair

TYPED = "+33 6 12 34"
_NOT_DIGIT = re.compile(r"\D+")


def main() -> int:
    from guestbook.services.guests.search import search_on
    from guestbook.storage.engine import make_engine
    from guestbook.storage.sqlite.raw import dbapi

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("guests", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    db = demo_db(args.guests)

    statements = captured_sql(db, lambda c: search_on(c, TYPED, today=TODAY))
    (sql, values), *more = statements
    # One statement means no one was found (else their rows are read too): the case in point.
    assert not more, f"'{TYPED}' finds guests among {args.guests:,}: pick a size where it does not"
    floor = floor_connection(db)
    engine = make_engine(db)
    with engine.connect() as connection:

        def least(connection: Connection, text: str) -> tuple[list[int], int]:
            prefix = "+" + _NOT_DIGIT.sub("", text.strip())
            end = prefix[:-1] + chr(ord(prefix[-1]) + 1)
            rows = dbapi(connection).execute(sql, (prefix, end, values[-1])).fetchall()
            return [guest_id for (guest_id,) in dict.fromkeys(rows)], len(rows)

        found = search_on(connection, TYPED, today=TODAY)
        assert least(connection, TYPED) == ([row.guest_id for row in found.rows], found.total)
        floor_runs, least_runs = timed_pair(
            lambda: replay(floor, statements), lambda: least(connection, TYPED), 7
        )
        floor_again, ours_runs = timed_pair(
            lambda: replay(floor, statements),
            lambda: search_on(connection, TYPED, today=TODAY),
            7,
        )
    engine.dispose()
    floor.close()
    base = (floor_runs.median + floor_again.median) / 2
    print(f"{args.guests:,} guests, '{TYPED}' typed, no one found")
    for label, seconds in [
        ("floor: the statement replayed with sqlite3", base),
        ("the least Python around it", least_runs.median),
        ("guestbook search_on", ours_runs.median),
    ]:
        print(f"  {label:44} {seconds * 1e6:7.1f} µs  {seconds / base:5.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
