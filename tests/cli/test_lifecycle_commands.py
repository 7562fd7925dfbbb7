"""The commands around a database's life, run as real processes: a database from a newer
guestbook refused by every command before anything is copied (F5), `restore` checking the
backup's revision first (F4) and refusing while the app is open (F6), killed restores, a
second demo while another process writes (F15), `backup --output` into a missing folder
(F17).

Backup and restore work on a database file: on a PostgreSQL server they are refused with the
way to do it (the server's own tools), before anything is opened; the tests of the file
itself are SQLite's.

Kill points of `restore` (guestbook/faults.py): "restore-before-replace", the current
database copied to backups/ and its write-ahead log folded in, not yet replaced; and
"restore-after-replace", the backup in place, not yet upgraded.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from guestbook.bootstrap import make_server_services
from guestbook.clock import FixedClock
from guestbook.services.context import Services
from guestbook.settings import Settings
from guestbook.storage.migrate import SCHEMA_HEAD
from tests.builders import add_guest
from tests.database import database, dump, execute, file_of, scalar
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

pytestmark = pytest.mark.both_backends

# What Context.file() says on a server (guestbook/cli/main.py).
ON_A_SERVER = (
    "guestbook: this command works on a database file; on a PostgreSQL server, use the "
    "server's own tools (pg_dump, pg_restore)."
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


@pytest.mark.sqlite_only  # a newer SQLite file, compared byte for byte
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


@pytest.mark.sqlite_only  # restore replaces a file
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


@pytest.mark.sqlite_only  # restore replaces a file
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


@pytest.mark.sqlite_only  # restore replaces a file, under its file lock
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


@pytest.mark.sqlite_only  # the file lock restore takes
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


@pytest.mark.sqlite_only  # restore replaces a file; SQLite's write-ahead log
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


@pytest.mark.sqlite_only  # the demo writes a file; SQLite's write lock
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


@pytest.mark.sqlite_only  # backup copies a file
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


@pytest.mark.sqlite_only  # the identity of the database file
def test_services_know_which_file_they_opened(services: Services, tmp_path: Path) -> None:
    """What the app needs to notice a database replaced under it (by hand, or by a program
    that ignores the lock): the identity of the file opened."""
    assert services.lock is not None and services.lock.identity is not None
    assert not services.lock.database_replaced()
    other = tmp_path / "other.db"
    shutil.copyfile(file_of(services), other)
    other.replace(file_of(services))
    assert services.lock.database_replaced()


@pytest.fixture
def server(postgresql_url: str, today: dt.date) -> Iterator[Services]:
    """A group's database on the PostgreSQL server (skipped without one)."""
    services = make_server_services(postgresql_url, FixedClock(today), Settings(), staff="Test")
    yield services
    services.close()


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "args",
    [
        ["backup"],
        ["backup", "--output", "{folder}/copy.db"],
        ["restore", "{old}", "--yes"],
        ["restore", "{old}"],  # refused for the server before asking for --yes
    ],
    ids=["backup", "backup-output", "restore", "restore-unconfirmed"],
)
def test_on_a_server_backup_and_restore_are_refused_with_the_way_to_do_it(
    server: Services, templates: dict[str, Path], tmp_path: Path, args: list[str]
) -> None:
    add_guest(server, "Zoé", "Lefèvre")
    before = dump(server)
    command = [arg.format(folder=tmp_path, old=templates["old"]) for arg in args]

    result = run_guestbook(environment(tmp_path), "--db", database(server), *command)

    assert one_line_refusal(result) == ON_A_SERVER
    assert dump(server) == before
    assert list(tmp_path.iterdir()) == []  # no copy, no backups/, nothing


@pytest.mark.postgresql
@pytest.mark.parametrize(
    "args",
    [[], ["today"], ["import", "{folder}/guests.csv"], ["export", "--output", "{folder}/out.csv"]],
    ids=["app", "today", "import", "export"],
)
def test_on_a_server_every_command_refuses_a_newer_schema_before_changing_anything(
    server: Services, tmp_path: Path, args: list[str]
) -> None:
    add_guest(server, "Zoé", "Lefèvre")
    execute(server, "UPDATE alembic_version SET version_num = '0099'")
    (tmp_path / "guests.csv").write_text("first_name,last_name\nHugo,Petit\n")
    before = dump(server)
    command = [arg.format(folder=tmp_path) for arg in args]

    line = one_line_refusal(
        run_guestbook(environment(tmp_path), "--db", database(server), *command)
    )

    assert "newer version of guestbook (schema 0099" in line
    assert dump(server) == before
    assert scalar(server, "SELECT version_num FROM alembic_version") == "0099"
    assert not (tmp_path / "out.csv").exists()
