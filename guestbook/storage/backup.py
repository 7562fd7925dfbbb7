"""Copies of the database through SQLite's online backup API: safe while the app runs."""

from __future__ import annotations

import datetime as dt
import glob
import os
import sqlite3
import stat
from collections.abc import Mapping
from pathlib import Path

from guestbook.faults import fault_point
from guestbook.i18n import _
from guestbook.paths import backups_dir, create_private_file, make_private_folder
from guestbook.storage.lock import database_identity

KEEP_DAILY = 7
DAILY_LABEL = "daily"
# In app_meta of a copy made before an upgrade: which file it copies ("device:inode").
COPY_OF_KEY = "backup_of"


class BackupError(RuntimeError):
    pass


def copy_database(source: Path, target: Path, *, meta: Mapping[str, str] | None = None) -> Path:
    """Copy `source` to `target` atomically (a temporary file beside it, renamed at the end),
    mode 0600; `meta` is written into the copy's app_meta. The folder must exist."""
    if not target.parent.is_dir():
        raise BackupError(_("the folder {folder} does not exist").format(folder=target.parent))
    temporary = target.with_name(f".{target.name}.partial")
    # A leftover of a killed copy, or anything planted there: unlinking removes a symlink,
    # never its target, and the file is then created afresh (O_EXCL | O_NOFOLLOW).
    temporary.unlink(missing_ok=True)
    try:
        create_private_file(temporary)
        created = database_identity(temporary)
    except OSError as error:
        raise BackupError(
            _("cannot write {path}: {error}").format(path=target, error=error.strerror)
        ) from None
    try:
        _copy(source, temporary, meta or {})
        _check_still_ours(temporary, created)
        fault_point("backup-before-rename")
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    temporary.replace(target)
    return target


def _copy(source: Path, temporary: Path, meta: Mapping[str, str]) -> None:
    src = sqlite3.connect(source)
    dst = sqlite3.connect(temporary)
    try:
        with dst:
            src.backup(dst)
        # The copy is a plain file: no WAL side files to carry around.
        dst.execute("PRAGMA journal_mode=DELETE")
        with dst:
            for key, value in meta.items():
                dst.execute(
                    "INSERT OR REPLACE INTO app_meta (key, value) VALUES (?, ?)", (key, value)
                )
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("cannot copy {path}: {error}").format(path=source, error=error)
        ) from None
    finally:
        dst.close()
        src.close()


def _check_still_ours(temporary: Path, created: tuple[int, int]) -> None:
    """The copy must be written into the file created above, not into something another
    program swapped in meanwhile: then nothing is renamed into place."""
    status = os.lstat(temporary)
    if not stat.S_ISREG(status.st_mode) or (status.st_dev, status.st_ino) != created:
        raise BackupError(
            _("cannot write {path}: {error}").format(
                path=temporary, error=_("it was replaced by another program while written")
            )
        )


def backup_database(
    db_path: Path, folder: Path, *, label: str, meta: Mapping[str, str] | None = None
) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    make_private_folder(folder)
    return copy_database(db_path, folder / f"{db_path.stem}-{stamp}-{label}.db", meta=meta)


def backup_once(db_path: Path, folder: Path, *, label: str) -> Path:
    """A copy of `db_path` labelled `label` in `folder`, made once: when a copy with this label
    of this very file (same device and inode, recorded in the copy) is there already, from a
    try that was interrupted or failed, it is reused, not made again. A failed upgrade
    changes nothing, so that copy still holds everything."""
    device, inode = database_identity(db_path)
    source = f"{device}:{inode}"
    for existing in sorted(folder.glob(f"{db_path.stem}-*-{label}.db"), reverse=True):
        if _copy_of(existing) == source:
            return existing
    return backup_database(db_path, folder, label=label, meta={COPY_OF_KEY: source})


def remove_partial_copies(db_path: Path) -> None:
    """Remove the partial copies of `db_path` that killed backups left in its backups folder
    (hidden, named after the copy they were to become). Only while no other process has the
    database open: they could be making one."""
    day, time = "[0-9]" * 8, "[0-9]" * 6  # the stamps of backup_database and daily_backup
    stem = glob.escape(db_path.stem)  # not another database's: "guestbook-demo" for "guestbook"
    for name in (f"{stem}-{day}-{time}-*.db", f"{stem}-{day}-{DAILY_LABEL}.db"):
        for suffix in ("", "-journal"):
            for leftover in backups_dir(db_path).glob(f".{name}.partial{suffix}"):
                leftover.unlink(missing_ok=True)


def _copy_of(copy: Path) -> str | None:
    try:
        connection = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = connection.execute(
                "SELECT value FROM app_meta WHERE key = ?", (COPY_OF_KEY,)
            ).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return None
    return None if row is None else str(row[0])


def daily_backup(db_path: Path, folder: Path, today: dt.date) -> Path | None:
    """At most one automatic copy a day, keeping the last KEEP_DAILY; None if today's exists."""
    make_private_folder(folder)
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
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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


def restore_database(source: Path, db_path: Path) -> Path | None:
    """Replace `db_path` with a copy of `source`; returns where the current database was
    copied first, if there was one. The caller holds the database's lock exclusively: no
    other process has it open. A kill at any point leaves the current database whole (or
    the restored one), and its copy in backups/."""
    kept = None
    if db_path.exists():
        kept = backup_database(db_path, backups_dir(db_path), label="before-restore")
        _fold_in_write_ahead_log(db_path)
    fault_point("restore-before-replace")
    # Side files of the replaced database must not be read as the new one's.
    for side in ("-wal", "-shm"):
        db_path.with_name(db_path.name + side).unlink(missing_ok=True)
    copy_database(source, db_path)
    fault_point("restore-after-replace")
    return kept


def _fold_in_write_ahead_log(db_path: Path) -> None:
    """Write the changes still in the -wal file into the database itself, so deleting the
    side files loses nothing even if the replacement is then interrupted."""
    connection = sqlite3.connect(db_path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(
            _("cannot copy {path}: {error}").format(path=db_path, error=error)
        ) from None
    finally:
        connection.close()
