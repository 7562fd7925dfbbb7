"""The benchmark suite runs end to end at 1,000 guests, so it never rots.

Only that it runs and reports every operation is checked here: timings are never asserted in
tests (they belong to benchmarks/RESULTS.md, measured on a quiet machine).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Connection, text

ROOT = Path(__file__).resolve().parent.parent


def test_the_suite_runs_at_1000_guests(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "1000",
            "--repeat",
            "1",
            "--markdown",
            str(tmp_path / "RESULTS.md"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "GUESTBOOK_BENCH_CACHE": str(tmp_path / "cache")},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = (tmp_path / "RESULTS.md").read_text()
    for operation in (
        "cold start to painted agenda",
        "guestbook today --json (process)",
        "agenda computation",
        "calendar month counts",
        "peak RSS after opening every screen",
        "demo generation",
    ):
        assert f"| {operation} | 1,000 |" in report, operation
    assert "Measured on" in report and "cores" in report


def test_the_floor_replays_every_read_our_code_sent_with_its_values(tmp_path: Path) -> None:
    # Reads sent through SQLAlchemy and straight to the DB-API connection are both caught, with
    # their bound values; SQLAlchemy's own transaction statements are not.
    sys.path.insert(0, str(ROOT))
    from benchmarks.common import captured_sql, floor_connection, replay
    from guestbook.storage.engine import make_engine
    from guestbook.storage.sqlite.raw import dbapi

    db = tmp_path / "floor.db"
    make_engine(db).dispose()
    with sqlite3.connect(db) as setup:
        setup.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)")
        setup.executemany("INSERT INTO item (name) VALUES (?)", [("a",), ("b",), ("c",)])

    def work(connection: Connection) -> None:
        connection.exec_driver_sql("SELECT name FROM item WHERE id = ?", (2,)).all()
        connection.execute(text("SELECT name FROM item WHERE id = :wanted"), {"wanted": 3}).all()
        database = dbapi(connection)
        database.execute("SELECT count(*) FROM item WHERE name > ?", ("a",))
        database.execute("SELECT name FROM item WHERE id = :wanted", {"wanted": 1})

    statements = captured_sql(db, work)
    assert statements == [
        ("SELECT name FROM item WHERE id = ?", (2,)),
        ("SELECT name FROM item WHERE id = ?", (3,)),  # SQLAlchemy sends :name as ?
        ("SELECT count(*) FROM item WHERE name > ?", ("a",)),
        ("SELECT name FROM item WHERE id = :wanted", {"wanted": 1}),
    ]
    floor = floor_connection(db)
    # Replayed as recorded, the values bound: the same rows come back.
    assert [floor.execute(sql, values).fetchall() for sql, values in statements] == [
        [("b",)], [("c",)], [(2,)], [("a",)],
    ]  # fmt: skip
    replay(floor, statements)
    floor.close()
