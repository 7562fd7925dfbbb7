"""Copies of the database through SQLite's online backup API: safe while the app runs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from guestbook.paths import create_private_file

KEEP_DAILY = 7


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` atomically (a temporary file renamed at the end), mode 0600."""
    temporary = target.with_name(f".{target.name}.partial")
    temporary.unlink(missing_ok=True)
    create_private_file(temporary)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(temporary)
    try:
        with dst:
            src.backup(dst)
        # The copy is a plain file: no WAL side files to carry around.
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()
    temporary.replace(target)
    return target


def backup_database(db_path: Path, folder: Path, *, label: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    return copy_database(db_path, folder / f"{db_path.stem}-{stamp}-{label}.db")
