"""Real databases and real guestbook processes for the database-lifecycle tests (creation,
upgrade, restore, locks): built, run, killed and read without guestbook's code where it
matters (plain sqlite3), so a test judges what is on disk, not what guestbook believes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from guestbook.bootstrap import make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.settings import Settings
from guestbook.storage.migrate import alembic_config, transactional_engine

TODAY = dt.date(2026, 11, 22)

# A process that opens the database as the app does and keeps it open until told to close.
HOLD_OPEN = """
import datetime as dt, sys
from pathlib import Path
from guestbook.bootstrap import make_services
from guestbook.clock import FixedClock
from guestbook.settings import Settings
services = make_services(Path(sys.argv[1]), FixedClock(dt.date(2026, 11, 22)), Settings())
print("open", flush=True)
sys.stdin.readline()
services.close()
"""

# A process holding SQLite's write lock (as a long import or demo does) until told to stop.
HOLD_WRITE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.readline()
connection.execute("ROLLBACK")
"""

# A process holding the lock `restore` takes while it replaces the file.
HOLD_RESTORE_LOCK = """
import sys
from pathlib import Path
from guestbook.storage.lock import DatabaseLock
lock = DatabaseLock.acquire(Path(sys.argv[1]), exclusive=True)
print("locked", flush=True)
sys.stdin.readline()
lock.release()
"""


def environment(folder: Path, **settings: object) -> dict[str, str]:
    """A process environment whose data and settings live in `folder`; `settings` are
    written to its settings file."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUESTBOOK_")}
    env.update(
        GUESTBOOK_DATA_DIR=str(folder / "data"),
        GUESTBOOK_CONFIG_DIR=str(folder / "config"),
        GUESTBOOK_TODAY=TODAY.isoformat(),
        GUESTBOOK_LANG="en",
        LANGUAGE="en",
    )
    if settings:
        (folder / "config").mkdir(exist_ok=True)
        lines = [f"{key} = {value!r}" for key, value in settings.items()]
        (folder / "config" / "settings.toml").write_text("\n".join(lines) + "\n")
    return env


def run_guestbook(
    env: dict[str, str], *args: str, fault: str | None = None, umask: int = -1
) -> subprocess.CompletedProcess[str]:
    """`python -m guestbook ARGS` in its own process; `fault` names the point where it kills
    itself (GUESTBOOK_FAULT, see guestbook/faults.py)."""
    if fault is not None:
        env = {**env, "GUESTBOOK_FAULT": fault}
    return subprocess.run(
        [sys.executable, "-m", "guestbook", *args],
        env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        check=False, umask=umask,
    )  # fmt: skip


def start_helper(script: str, db: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    """Start HOLD_OPEN or HOLD_WRITE_LOCK on `db`, once it holds what it holds; end it with
    stop_helper."""
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(db)],
        env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stdout.readline().strip() in ("open", "locked")
    return process


def stop_helper(process: subprocess.Popen[str]) -> None:
    process.communicate("\n", timeout=30)
    assert process.returncode == 0


def one_line_refusal(
    result: subprocess.CompletedProcess[str], *, after_notice: bool = False
) -> str:
    """The refusal's one line, checking that it is one: `guestbook: …`, exit 1, no traceback;
    `after_notice`: after the one line that says an upgrade starts."""
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, result.stderr
    if after_notice:
        assert lines[0].startswith("Upgrading "), result.stderr
        lines = lines[1:]
    assert len(lines) == 1 and lines[0].startswith("guestbook: "), result.stderr
    return lines[0]


# Guest columns later revisions add (0008: primary_mobile, 0009: home_site, 0012:
# spend_visits), left out of the digest so that a guest is the same before and after an upgrade.
ADDED_GUEST_COLUMNS = frozenset({"primary_mobile", "home_site", "spend_visits"})


def guest_digest(db: Path) -> str:
    """Every guest row, hashed: equal digests, equal guests."""
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256()
        columns = [
            row[1]
            for row in connection.execute("PRAGMA table_info(guest)")
            if row[1] not in ADDED_GUEST_COLUMNS
        ]
        for row in connection.execute(f"SELECT {', '.join(columns)} FROM guest ORDER BY id"):
            digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        connection.close()


def revision(db: Path) -> str:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return str(connection.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        connection.close()


def healthy(db: Path) -> bool:
    connection = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return bool(connection.execute("PRAGMA integrity_check").fetchone() == ("ok",))
    finally:
        connection.close()


def set_revision(db: Path, version: str) -> None:
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute("UPDATE alembic_version SET version_num = ?", (version,))
    finally:
        connection.close()


def demo_database(db: Path, guests: int = 300) -> Path:
    """A database at the head revision with `guests` demo guests and their history."""
    services = make_services(db, FixedClock(TODAY), Settings())
    try:
        generate_demo(services.engine, today=TODAY, settings=services.settings, guests=guests)
    finally:
        services.close()
    return db


def downgrade(db: Path, version: str) -> None:
    """Take `db` back to an older revision with Alembic, its data kept."""
    from alembic import command

    engine = transactional_engine(db, 5.0)
    try:
        with engine.begin() as connection:
            config = alembic_config(db)
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.downgrade(config, version)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def copy_database_file(source: Path, target: Path) -> Path:
    """A plain file copy of a closed database (no WAL side files are left by its close)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
