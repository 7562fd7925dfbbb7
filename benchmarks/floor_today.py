"""The floor for `guestbook today --json`: a process that imports sqlmodel and runs the
equivalent SQL with sqlite3 (the birthday window, attempts, rewards), printing JSON.

    python benchmarks/floor_today.py DB YYYY-MM-DD
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys

import sqlmodel  # noqa: F401  (guestbook's process pays for this import too)

LEAD_DAYS = 7


def window(start: dt.date, end: dt.date) -> tuple[str, list[int]]:
    clauses, params = [], []
    day = start
    while day <= end:
        following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        last = min(following - dt.timedelta(days=1), end)
        clauses.append("(g.birth_month = ? AND g.birth_day BETWEEN ? AND ?)")
        params += [day.month, day.day, last.day]
        day = last + dt.timedelta(days=1)
    return " OR ".join(clauses), params


def main() -> None:
    db, today = sys.argv[1], dt.date.fromisoformat(sys.argv[2])
    connection = sqlite3.connect(db)
    where, params = window(today, today + dt.timedelta(days=LEAD_DAYS))
    rows = connection.execute(
        "SELECT g.id, g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year, "
        "g.primary_phone, g.consent_call, p.first_name, p.last_name, g.partner_name "
        f"FROM guest g LEFT JOIN guest p ON p.id = g.partner_id WHERE {where}",
        params,
    ).fetchall()
    attempts = connection.execute(
        "SELECT guest_id, occasion_on, outcome FROM call_attempt WHERE reason = 'birthday' "
        "AND occasion_on BETWEEN ? AND ?",
        (today.isoformat(), (today + dt.timedelta(days=LEAD_DAYS)).isoformat()),
    ).fetchall()
    ids = ",".join(str(row[0]) for row in rows) or "0"
    owed = connection.execute(
        f"SELECT guest_id, count(*) FROM reward WHERE guest_id IN ({ids}) "
        "AND redeemed_visit_id IS NULL AND valid_from <= ? AND valid_to >= ? GROUP BY guest_id",
        (today.isoformat(), today.isoformat()),
    ).fetchall()
    print(json.dumps({"date": today.isoformat(), "rows": rows, "attempts": attempts, "owed": owed}))


if __name__ == "__main__":
    main()
