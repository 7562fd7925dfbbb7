"""Upgrades all or nothing (F2, F5): a real revision-0001 database with demo guests, upgraded
by a real `guestbook today` that kills itself (SIGKILL) at a chosen point, then started again.

The kill points, "migration-statement:N" (guestbook/faults.py), are after the Nth statement
the upgrade sends, inside its transaction: 4 is the first DROP INDEX (the finding's state: an
index dropped, the revision still 0001), 6 after the three DROP INDEX, 9 amid the CREATE
INDEX, 12 after the UPDATE of alembic_version, just before COMMIT.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from guestbook.storage.migrate import SCHEMA_HEAD, SCHEMA_REVISIONS, alembic_config, upgrade
from tests.lifecycle import (
    copy_database_file,
    demo_database,
    downgrade,
    environment,
    guest_digest,
    healthy,
    one_line_refusal,
    revision,
    run_guestbook,
)


@pytest.fixture(scope="module")
def old_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = demo_database(tmp_path_factory.mktemp("template") / "old.db")
    downgrade(db, "0001")
    assert revision(db) == "0001"
    return db


@pytest.fixture
def old_db(old_template: Path, tmp_path: Path) -> Path:
    return copy_database_file(old_template, tmp_path / "guestbook.db")


def copies(db: Path) -> list[Path]:
    return sorted((db.parent / "backups").glob("*-before-upgrade-0001.db"))


def test_the_declared_revisions_are_alembics(tmp_path: Path) -> None:
    config = alembic_config(tmp_path / "x.db")
    assert isinstance(config, Config)
    script = ScriptDirectory.from_config(config)
    known = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(known) == SCHEMA_REVISIONS and script.get_heads() == [SCHEMA_HEAD]


@pytest.mark.parametrize("statement", [4, 6, 9, 12])
def test_a_killed_upgrade_leaves_the_old_database_and_the_next_start_upgrades_it(
    old_db: Path, old_template: Path, statement: int
) -> None:
    env = environment(old_db.parent)
    before = guest_digest(old_template)

    killed = run_guestbook(
        env, "--db", str(old_db), "today", fault=f"migration-statement:{statement}"
    )
    assert killed.returncode == -9
    # Rolled back: revision 0001 with every index of 0001, not a mix.
    assert revision(old_db) == "0001" and healthy(old_db)
    with sqlite3.connect(old_db) as connection:
        indexes = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"ix_guest_late_from", "ix_guest_birthday"} <= indexes
    assert "ix_guest_winback" not in indexes

    again = run_guestbook(env, "--db", str(old_db), "today")
    assert again.returncode == 0, again.stderr
    assert revision(old_db) == SCHEMA_HEAD and healthy(old_db)
    assert guest_digest(old_db) == before
    # One copy per upgrade, not per try: the second start reused the first one's.
    (copy,) = copies(old_db)
    assert guest_digest(copy) == before and revision(copy) == "0001"


def test_a_kill_after_the_copy_makes_no_second_copy(old_db: Path) -> None:
    env = environment(old_db.parent)
    killed = run_guestbook(env, "--db", str(old_db), "today", fault="upgrade-after-copy")
    assert killed.returncode == -9
    assert len(copies(old_db)) == 1
    again = run_guestbook(env, "--db", str(old_db), "today")
    assert again.returncode == 0, again.stderr
    assert revision(old_db) == SCHEMA_HEAD and len(copies(old_db)) == 1


def test_a_kill_during_the_copy_leaves_no_partial_copy_after_the_next_start(old_db: Path) -> None:
    """Killed with the copy written but not yet renamed ("backup-before-rename"): the hidden
    partial copy in backups/ is removed by the next start, which makes the one copy."""
    env = environment(old_db.parent)
    killed = run_guestbook(env, "--db", str(old_db), "today", fault="backup-before-rename")
    assert killed.returncode == -9
    (partial,) = (old_db.parent / "backups").iterdir()
    assert partial.name.endswith("-before-upgrade-0001.db.partial") and copies(old_db) == []
    # As left by a run a day earlier: not the name the next copy takes.
    partial.rename(partial.with_name(".guestbook-20261121-090000-before-upgrade-0001.db.partial"))
    again = run_guestbook(env, "--db", str(old_db), "today")
    assert again.returncode == 0, again.stderr
    assert [path.name for path in (old_db.parent / "backups").iterdir()] == [copies(old_db)[0].name]


def test_a_failed_upgrade_changes_nothing_and_says_what_to_do_in_one_line(
    old_db: Path, old_template: Path
) -> None:
    """The revision 0002 drops ix_guest_late_from: without it, the upgrade fails half-way (as
    it did after a kill, F2); the DROP INDEX before it is undone."""
    with sqlite3.connect(old_db) as connection:
        connection.execute("DROP INDEX ix_guest_late_from")
    env = environment(old_db.parent)
    for _try in range(2):
        result = run_guestbook(env, "--db", str(old_db), "today")
        line = one_line_refusal(result, after_notice=True)
        (copy,) = copies(old_db)
        assert "nothing was changed" in line and str(copy) in line
        assert revision(old_db) == "0001" and healthy(old_db)
        with sqlite3.connect(old_db) as connection:
            assert connection.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'ix_guest_birthday'"
            ).fetchone() == (1,)
    assert guest_digest(old_db) == guest_digest(old_template) == guest_digest(copy)


def test_an_upgrade_in_process_is_one_transaction(old_db: Path) -> None:
    """The same without a process: an upgrade that fails at its last step leaves no trace of
    the first ones (pysqlite would have committed each DROP INDEX on its own)."""
    from guestbook.storage.migrate import MigrationError

    with sqlite3.connect(old_db) as connection:
        connection.execute("CREATE TABLE ix_blocker (x)")
        connection.execute("CREATE INDEX ix_reward_open_guest ON ix_blocker (x)")
    with pytest.raises(MigrationError, match="nothing was changed"):
        upgrade(old_db)
    with sqlite3.connect(old_db) as connection:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    assert {"ix_guest_late_from", "ix_guest_birthday"} <= names
    assert not names & {"ix_guest_winback", "ix_guest_birthday_call"}
    assert revision(old_db) == "0001"
