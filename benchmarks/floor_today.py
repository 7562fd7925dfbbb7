"""The floor for `guestbook today --json`: a process that imports sqlmodel and runs the same
SQL with sqlite3 (the statements the agenda ran and their values, captured by
benchmarks/run.py), then prints the rows as JSON.

    python benchmarks/floor_today.py DB STATEMENTS.json
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path

import sqlmodel  # noqa: F401  (guestbook's process pays for this import too)


def main() -> None:
    db, statements = sys.argv[1], json.loads(Path(sys.argv[2]).read_text())
    connection = sqlite3.connect(db)
    # The app's read settings, as benchmarks.common.floor_connection gives the in-process
    # floors (not imported: this process imports nothing of ours); without them the floor
    # read the million-guest agenda with a 2 MB page cache against the app's 64 MB.
    connection.execute("PRAGMA cache_size=-65536")
    connection.execute("PRAGMA temp_store=MEMORY")
    rows = [connection.execute(sql, values).fetchall() for sql, values in statements]
    print(json.dumps(rows, default=str))


if __name__ == "__main__":
    main()
