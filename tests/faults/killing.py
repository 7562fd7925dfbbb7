"""Kill a real guestbook command mid-way, then judge what it left behind.

Each scenario prepares a folder (a database, the file to import, a backup to restore…), runs one
real command in its own process (`python -m guestbook …`) and kills it with SIGKILL after a
delay: nothing it could do to clean up runs. The judge then says what is wrong, if anything:
the database must be as before or as after (never between), open on the next start, and leave
no file holding guests' data anywhere but its targets.

The commands and their judges are in tests/faults/scenarios.py; tests/faults/test_kills.py
runs a few kill points per command (in CI), scripts/soak.py a hundred random ones per command
(reported in the README).
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

TODAY = "2026-11-22"


@dataclass(frozen=True)
class DatabaseState:
    """What a database file holds, read without guestbook's code (plain sqlite3)."""

    exists: bool
    healthy: bool = False  # PRAGMA integrity_check said ok
    revision: str | None = None
    guests: int = 0
    digest: str = ""  # of every guest row: equal digests, equal guests
    batches: int = 0  # imports recorded (an import undone or never made leaves none)


def state_of(db: Path) -> DatabaseState:
    if not db.exists() or db.stat().st_size == 0:
        return DatabaseState(exists=db.exists())
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        healthy = connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master")}
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = None if row is None else str(row[0])
        if "guest" not in tables:
            return DatabaseState(exists=True, healthy=healthy, revision=revision)
        digest = hashlib.sha256()
        guests = 0
        for row in connection.execute(
            "SELECT id, first_name, last_name, birth_day, birth_month, birth_year, postcode"
            " FROM guest ORDER BY id"
        ):
            digest.update(repr(row).encode())
            guests += 1
        batches = 0
        if "import_batch" in tables:
            batches = connection.execute("SELECT count(*) FROM import_batch").fetchone()[0]
        return DatabaseState(True, healthy, revision, guests, digest.hexdigest(), batches)
    except sqlite3.DatabaseError:
        return DatabaseState(exists=True)
    finally:
        connection.close()


def environment(folder: Path) -> dict[str, str]:
    """A process environment that touches only `folder`: its own data, settings and temp."""
    temp = folder / "tmp"
    temp.mkdir(exist_ok=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GUESTBOOK_") and key not in ("TMPDIR", "TEMP", "TMP")
    }
    env.update(
        GUESTBOOK_DATA_DIR=str(folder / "data"),
        GUESTBOOK_CONFIG_DIR=str(folder / "config"),
        GUESTBOOK_TODAY=TODAY,
        GUESTBOOK_LANG="en",
        TMPDIR=str(temp),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def guestbook_command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "guestbook", "--db", str(db), *args]


@dataclass(frozen=True)
class Run:
    seconds: float
    killed: bool  # the process was still running when the delay ran out
    returncode: int
    stderr: str


def run_and_kill(command: list[str], env: dict[str, str], delay: float | None) -> Run:
    """Run `command`; after `delay` seconds SIGKILL it if it still runs (None: let it end)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    killed = False
    try:
        process.wait(timeout=600 if delay is None else delay)
    except subprocess.TimeoutExpired:
        killed = True
        # The whole session: a command's own helper processes die with it, as on a power cut.
        os.killpg(process.pid, signal.SIGKILL)
    _out, stderr = process.communicate(timeout=120)
    return Run(time.perf_counter() - started, killed, process.returncode, stderr)


@dataclass(frozen=True)
class Opened:
    """The next start after a kill: `today --json` on the same database."""

    ok: bool
    stderr: str

    @property
    def one_line_refusal(self) -> bool:
        lines = self.stderr.strip().splitlines()
        return len(lines) == 1 and lines[0].startswith("guestbook:")


def next_start(db: Path, env: dict[str, str]) -> Opened:
    result = subprocess.run(
        guestbook_command(db, "today", "--json"),
        env=env, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    return Opened(result.returncode == 0, result.stderr)


def leftovers(folder: Path) -> list[str]:
    """Files that may hold guests' data and are nobody's target: temporary names beside the
    targets, anything in the process's temp folder."""
    found = [str(path.relative_to(folder)) for path in (folder / "tmp").rglob("*")]
    for path in folder.rglob("*"):
        name = path.name
        if name.endswith((".partial", ".partial.d", ".creating")):
            found.append(str(path.relative_to(folder)))
    return sorted(found)
