"""A new database is created whole or not at all (F3), private files never follow a planted
symlink (F13), and folders guestbook creates are 0700 whatever the umask (F14).

The kill points of a creation (guestbook/faults.py): "migration-statement:7" right after
CREATE TABLE app_meta (the finding's "table app_meta already exists" on the next start),
":30" amid the tables, ":53" after revision 0001 is recorded and before 0002 starts, and
"create-before-rename", the schema complete in its temporary file.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from guestbook.paths import create_private_file, make_private_folder
from guestbook.storage.migrate import SCHEMA_HEAD
from tests.lifecycle import (
    copy_database_file,
    demo_database,
    environment,
    guest_digest,
    healthy,
    revision,
    run_guestbook,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


@pytest.mark.parametrize(
    "fault",
    [
        "migration-statement:7",
        "migration-statement:30",
        "migration-statement:53",
        "create-before-rename",
    ],
)
def test_a_killed_creation_leaves_no_database_and_the_next_start_makes_it(
    tmp_path: Path, fault: str
) -> None:
    env = environment(tmp_path)
    db = tmp_path / "new" / "guestbook.db"
    db.parent.mkdir()  # --db names a file in a folder that exists (D12)
    killed = run_guestbook(env, "--db", str(db), "today", fault=fault)
    assert killed.returncode == -9
    assert not db.exists()  # no partial schema under the database's name

    again = run_guestbook(env, "--db", str(db), "today")
    assert again.returncode == 0, again.stderr
    assert revision(db) == SCHEMA_HEAD and healthy(db)
    # The killed run's temporary file and journal are gone.
    assert sorted(path.name for path in db.parent.iterdir() if ".new" in path.name) == []
    assert mode(db) == 0o600


def test_a_symlink_planted_at_a_private_files_name_is_never_followed(tmp_path: Path) -> None:
    """create_private_file is how every temporary file with guests in it starts (a backup, a
    new database): it must neither write through a link nor chmod the link's target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("someone else's file")
    victim.chmod(0o644)
    planted = tmp_path / ".copy.db.partial"
    planted.symlink_to(victim)

    with pytest.raises(FileExistsError):
        create_private_file(planted)
    assert victim.read_text() == "someone else's file" and mode(victim) == 0o644
    assert planted.is_symlink()


def test_a_backup_never_writes_into_a_symlink_planted_at_its_temporary_name(
    tmp_path: Path,
) -> None:
    db = demo_database(tmp_path / "guestbook.db", guests=20)
    victim = tmp_path / "victim.db"
    victim.write_bytes(b"")
    victim.chmod(0o644)
    copy = tmp_path / "out" / "copy.db"
    copy.parent.mkdir()
    (copy.parent / ".copy.db.partial").symlink_to(victim)

    result = run_guestbook(environment(tmp_path), "--db", str(db), "backup", "--output", str(copy))
    assert result.returncode == 0, result.stderr
    assert victim.read_bytes() == b"" and mode(victim) == 0o644
    assert guest_digest(copy) == guest_digest(db) and mode(copy) == 0o600


def test_folders_guestbook_creates_are_private_whatever_the_umask(tmp_path: Path) -> None:
    """Under umask 000: the data folder (and its missing parents) and backups/ are 0700; the
    database and its copies 0600. (The folder of --db must exist: a typo is refused, D12.)"""
    env = environment(tmp_path)
    env["GUESTBOOK_DATA_DIR"] = str(tmp_path / "home" / "data")
    result = run_guestbook(env, "today", umask=0)
    assert result.returncode == 0, result.stderr
    assert mode(tmp_path / "home") == 0o700 and mode(tmp_path / "home" / "data") == 0o700
    assert mode(tmp_path / "home" / "data" / "guestbook.db") == 0o600

    db = tmp_path / "a" / "guestbook.db"
    db.parent.mkdir()
    for args in (["today"], ["backup"]):
        result = run_guestbook(env, "--db", str(db), *args, umask=0)
        assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    (backup,) = (db.parent / "backups").iterdir()
    assert mode(db.parent / "backups") == 0o700 and mode(backup) == 0o600


def test_make_private_folder_leaves_existing_folders_alone(tmp_path: Path) -> None:
    tmp_path.chmod(0o755)
    made = make_private_folder(tmp_path / "x" / "y")
    assert made.is_dir() and mode(tmp_path) == 0o755
    assert mode(tmp_path / "x") == mode(made) == 0o700


def test_a_backup_before_an_upgrade_in_a_new_backups_folder_is_private(tmp_path: Path) -> None:
    """The upgrade's copy goes through the same helpers: checked here under umask 000 with
    an old database whose backups/ does not exist yet."""
    from tests.lifecycle import downgrade

    template = demo_database(tmp_path / "t" / "old.db", guests=20)
    downgrade(template, "0001")
    db = copy_database_file(template, tmp_path / "data" / "guestbook.db")
    result = run_guestbook(environment(tmp_path), "--db", str(db), "today", umask=0)
    assert result.returncode == 0, result.stderr
    (copy,) = (db.parent / "backups").iterdir()
    assert mode(db.parent / "backups") == 0o700 and mode(copy) == 0o600
