"""Copies of the database through SQLite's online backup API: safe while the app runs."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from guestbook.i18n import _
from guestbook.paths import create_private_file

KEEP_DAILY = 7
DAILY_LABEL = "daily"


class BackupError(RuntimeError):
    pass


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
    except sqlite3.DatabaseError as error:
        temporary.unlink(missing_ok=True)
        raise BackupError(
            _("cannot copy {path}: {error}").format(path=source, error=error)
        ) from None
    finally:
        dst.close()
        src.close()
    temporary.replace(target)
    return target


def backup_database(db_path: Path, folder: Path, *, label: str) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    folder.mkdir(parents=True, exist_ok=True)
    return copy_database(db_path, folder / f"{db_path.stem}-{stamp}-{label}.db")


def daily_backup(db_path: Path, folder: Path, today: dt.date) -> Path | None:
    """At most one automatic copy a day, keeping the last KEEP_DAILY; None if today's exists."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{db_path.stem}-{today:%Y%m%d}-{DAILY_LABEL}.db"
    if target.exists():
        return None
    copy_database(db_path, target)
    daily = sorted(folder.glob(f"{db_path.stem}-????????-{DAILY_LABEL}.db"))
    for old in daily[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return target


def check_is_guestbook_database(path: Path) -> str:
    """The schema revision of a guestbook database file, or BackupError saying what it is not."""
    if not path.is_file():
        raise BackupError(_("{path} does not exist or is not a file").format(path=path))
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            connection.execute("PRAGMA quick_check").fetchone()
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            connection.execute("SELECT count(*) FROM guest").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("{path} is not a guestbook database ({error})").format(path=path, error=error)
        ) from None
    if row is None:
        raise BackupError(
            _("{path} is not a guestbook database (no schema version)").format(path=path)
        )
    return str(row[0])
