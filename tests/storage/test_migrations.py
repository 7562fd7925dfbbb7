"""Migrations: one head, models match them, and upgrading keeps data intact."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import guestbook.storage.tables  # noqa: F401
from guestbook.storage.engine import make_engine
from guestbook.storage.migrate import SCHEMA_HEAD, alembic_config, current_revision, upgrade
from tests.lifecycle import downgrade


def test_single_head_and_it_is_the_declared_one(tmp_path: Path) -> None:
    config = alembic_config(tmp_path / "x.db")
    assert isinstance(config, Config)
    script = ScriptDirectory.from_config(config)
    assert script.get_heads() == [SCHEMA_HEAD]


def test_models_match_migrations(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    upgrade(db)
    engine = make_engine(db)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_new_database_is_private_and_at_head(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_upgrade_from_first_revision_keeps_data(tmp_path: Path) -> None:
    """A database made by the first revision, with a guest in it, upgrades to the head with
    the guest intact; when there is anything to upgrade, the old file is copied aside first."""
    db = tmp_path / "old.db"
    upgrade(db, "0001")
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO guest (first_name, last_name, name_key, partner_name, address, postcode,"
            " notes, preferences, created_at, updated_at, visit_count, spend_cents)"
            " VALUES ('Zoé', 'Lefèvre', 'lefevre zoe', '', '', '69003', '', '', "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0)"
        )
    copied = upgrade(db)
    assert current_revision(db) == SCHEMA_HEAD
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT first_name, postcode FROM guest").fetchall()
    assert rows == [("Zoé", "69003")]
    if SCHEMA_HEAD == "0001":
        assert copied is None  # nothing to upgrade: no copy made
    else:
        assert copied is not None
        with sqlite3.connect(copied) as connection:
            assert connection.execute("SELECT count(*) FROM guest").fetchone() == (1,)


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    from guestbook.bootstrap import open_database
    from guestbook.errors import UserError

    junk = tmp_path / "notes.db"
    junk.write_text("this is not sqlite" * 100)
    with pytest.raises(UserError, match="cannot open"):
        open_database(junk)


def _guest_indexes(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as connection:
        return dict(
            connection.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'guest'"
                " AND sql IS NOT NULL"
            ).fetchall()
        )


def test_0011_puts_home_site_last_in_the_agendas_indexes_and_takes_it_back(
    tmp_path: Path,
) -> None:
    """A site's agenda reads home_site from the indexes the whole group's reads (0011): the
    same columns, then home_site, under the same partial WHERE; the downgrade gives the
    indexes of 0010 back, word for word."""
    db = tmp_path / "sites.db"
    upgrade(db, "0010")
    before = _guest_indexes(db)
    upgrade(db, "0011")
    after = _guest_indexes(db)
    changed = {"ix_guest_birthday", "ix_guest_birthday_call", "ix_guest_winback"}
    assert {name for name in after if after[name] != before[name]} == changed
    for name in changed:
        columns, where = before[name].split(")", 1)
        assert after[name] == f"{columns}, home_site){where}"
    downgrade(db, "0010")
    assert _guest_indexes(db) == before
