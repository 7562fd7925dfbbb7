"""The commands around a database's life, run as real processes: a database from a newer
guestbook refused by every command before anything is copied (F5), `restore` checking the
backup's revision first (F4) and refusing while the app is open (F6), killed restores, a
second demo while another process writes (F15), `backup --output` into a missing folder
(F17).

Kill points of `restore` (guestbook/faults.py): "restore-before-replace", the current
database copied to backups/ and its write-ahead log folded in, not yet replaced; and
"restore-after-replace", the backup in place, not yet upgraded.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from guestbook.services.context import Services
from guestbook.storage.migrate import SCHEMA_HEAD
from tests.database import file_of
from tests.lifecycle import (
    HOLD_OPEN,
    HOLD_RESTORE_LOCK,
    HOLD_WRITE_LOCK,
    copy_database_file,
    demo_database,
    downgrade,
    environment,
    guest_digest,
    healthy,
    one_line_refusal,
    revision,
    run_guestbook,
    set_revision,
    start_helper,
    stop_helper,
)

# Changes a guest and leaves the change only in the write-ahead log (no checkpoint), as an
# app killed after a save would.
WRITE_INTO_THE_LOG_ONLY = """
import os, sqlite3, sys
connection = sqlite3.connect(sys.argv[1])
connection.execute("PRAGMA wal_autocheckpoint=0")
connection.execute("UPDATE guest SET first_name = 'Walter' WHERE id = 1")
connection.commit()
os._exit(0)
"""


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("templates")
    head = demo_database(folder / "head.db", guests=30)
    newer = copy_database_file(head, folder / "newer.db")
    set_revision(newer, "0099")
    old = demo_database(folder / "old.db", guests=12)
    downgrade(old, "0001")
    return {"head": head, "newer": newer, "old": old}


def backups(db: Path) -> list[Path]:
    folder = db.parent / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize(
    "args",
    [
        [],  # the app
        ["today"],
        ["import", "{folder}/guests.csv"],
        ["export", "--output", "{folder}/out.csv"],
        ["backup"],
        ["backup", "--output", "{folder}/copy.db"],
        ["demo", "--guests", "5"],
    ],
    ids=["app", "today", "import", "export", "backup", "backup-output", "demo"],
)
def test_every_command_refuses_a_newer_database_before_copying_anything(
    templates: dict[str, Path], tmp_path: Path, args: list[str]
) -> None:
    db = copy_database_file(templates["newer"], tmp_path / "guestbook.db")
    (tmp_path / "guests.csv").write_text("first_name,last_name\nZoé,Lefèvre\n")
    before = db.read_bytes()
    command = [arg.format(folder=tmp_path) for arg in args]

    line = one_line_refusal(run_guestbook(environment(tmp_path), "--db", str(db), *command))
    assert "newer version of guestbook (schema 0099" in line
    assert db.read_bytes() == before and backups(db) == []
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "copy.db").exists()


def test_restore_refuses_a_backup_from_a_newer_version_before_replacing_anything(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    before = guest_digest(db)
    result = run_guestbook(
        environment(tmp_path), "--db", str(db), "restore", str(templates["newer"]), "--yes"
    )
    line = one_line_refusal(result)
    assert line.startswith(f"guestbook: cannot restore {templates['newer']}: it was written")
    assert guest_digest(db) == before and revision(db) == SCHEMA_HEAD and backups(db) == []


def test_restore_of_an_older_backup_replaces_then_upgrades(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    current = guest_digest(db)
    result = run_guestbook(
        environment(tmp_path), "--db", str(db), "restore", str(templates["old"]), "--yes"
    )
    assert result.returncode == 0, result.stderr
    assert revision(db) == SCHEMA_HEAD and guest_digest(db) == guest_digest(templates["old"])
    (kept,) = (db.parent / "backups").glob("*-before-restore.db")
    assert guest_digest(kept) == current


def test_restore_refuses_while_the_app_has_the_database_open(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    env = environment(tmp_path)
    before = guest_digest(db)
    app = start_helper(HOLD_OPEN, db, env)
    try:
        result = run_guestbook(env, "--db", str(db), "restore", str(templates["old"]), "--yes")
    finally:
        stop_helper(app)
    assert one_line_refusal(result) == (
        "guestbook: the database is open in guestbook (the app or another command): close it first"
    )
    assert guest_digest(db) == before and backups(db) == []
    # Once the app is closed, the same restore goes through.
    again = run_guestbook(env, "--db", str(db), "restore", str(templates["old"]), "--yes")
    assert again.returncode == 0, again.stderr


def test_a_command_started_during_a_restore_waits_for_it_then_says_so(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    env = environment(tmp_path, busy_timeout_seconds=0.2)
    restoring = start_helper(HOLD_RESTORE_LOCK, db, env)
    try:
        line = one_line_refusal(run_guestbook(env, "--db", str(db), "today"))
    finally:
        stop_helper(restoring)
    assert "being restored or created by another guestbook command" in line


@pytest.mark.parametrize("fault", ["restore-before-replace", "restore-after-replace"])
def test_a_killed_restore_leaves_one_whole_database(
    templates: dict[str, Path], tmp_path: Path, fault: str
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    subprocess.run([sys.executable, "-c", WRITE_INTO_THE_LOG_ONLY, str(db)], check=True)
    assert Path(f"{db}-wal").stat().st_size > 0
    current, restored = guest_digest(db), guest_digest(templates["old"])
    env = environment(tmp_path)

    killed = run_guestbook(
        env, "--db", str(db), "restore", str(templates["old"]), "--yes", fault=fault
    )
    assert killed.returncode == -9
    again = run_guestbook(env, "--db", str(db), "today")
    assert again.returncode == 0, again.stderr
    assert revision(db) == SCHEMA_HEAD and healthy(db)
    assert guest_digest(db) == (current if fault == "restore-before-replace" else restored)
    (kept,) = (db.parent / "backups").glob("*-before-restore.db")
    assert guest_digest(kept) == current


def test_a_second_demo_while_another_process_writes_says_so_in_one_line(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = tmp_path / "guestbook.db"
    env = environment(tmp_path, busy_timeout_seconds=0.2)
    assert run_guestbook(env, "--db", str(db), "today").returncode == 0
    writer = start_helper(HOLD_WRITE_LOCK, db, env)
    try:
        line = one_line_refusal(run_guestbook(env, "--db", str(db), "demo", "--guests", "5"))
    finally:
        stop_helper(writer)
    assert line.startswith("guestbook: the database is busy with another change")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM guest").fetchone() == (0,)


def test_backup_refuses_an_output_folder_that_does_not_exist(
    templates: dict[str, Path], tmp_path: Path
) -> None:
    db = copy_database_file(templates["head"], tmp_path / "guestbook.db")
    output = tmp_path / "nodir" / "copy.db"
    result = run_guestbook(
        environment(tmp_path), "--db", str(db), "backup", "--output", str(output)
    )
    assert one_line_refusal(result) == f"guestbook: the folder {output.parent} does not exist"
    assert not output.parent.exists()


def test_services_know_which_file_they_opened(services: Services, tmp_path: Path) -> None:
    """What the app needs to notice a database replaced under it (by hand, or by a program
    that ignores the lock): the identity of the file opened."""
    assert services.lock is not None and services.lock.identity is not None
    assert not services.lock.database_replaced()
    other = tmp_path / "other.db"
    shutil.copyfile(file_of(services), other)
    other.replace(file_of(services))
    assert services.lock.database_replaced()
