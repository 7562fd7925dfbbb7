"""Bring a database file to the current schema.

Opening the app must stay fast, so the version check is one plain SQL query; Alembic is
imported only when an upgrade is due, and the old file is copied aside first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from guestbook.i18n import _
from guestbook.paths import backups_dir

# The newest revision in migrations/versions. tests/storage/test_migrations.py checks that it
# is Alembic's single head, so forgetting to bump it fails the tests.
SCHEMA_HEAD = "0002"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class MigrationError(RuntimeError):
    pass


def current_revision(db_path: Path) -> str | None:
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        if "no such table" in str(error):
            return None
        raise MigrationError(
            _("{path} is not a guestbook database ({error})").format(path=db_path, error=error)
        ) from None
    finally:
        connection.close()
    return None if row is None else str(row[0])


def _has_user_tables(db_path: Path) -> bool:
    connection = sqlite3.connect(db_path)
    try:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'guest'"
        ).fetchone()
        return bool(row[0])
    finally:
        connection.close()


def alembic_config(db_path: Path) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def upgrade(
    db_path: Path, revision: str = "head", *, notify: Callable[[str], None] | None = None
) -> Path | None:
    """Upgrade `db_path` to `revision`; returns where the old file was copied, if it was.
    `notify` hears, before it starts, that a database holding data is being upgraded: on a
    million guests copying it and building new indexes takes some seconds. MigrationError
    when the file is not a database this version can open."""
    try:
        return _upgrade(db_path, revision, notify)
    except sqlite3.DatabaseError as error:
        raise MigrationError(str(error)) from None


def _upgrade(db_path: Path, revision: str, notify: Callable[[str], None] | None) -> Path | None:
    current = current_revision(db_path)
    if revision == "head" and current == SCHEMA_HEAD:
        return None
    copy = None
    if current is not None and _has_user_tables(db_path):
        from guestbook.storage.backup import backup_database

        if notify is not None:
            notify(
                _(
                    "Upgrading {name} to this version of guestbook (once; a copy of it is kept "
                    "in the backups folder)…"
                ).format(name=db_path.name)
            )

        copy = backup_database(db_path, backups_dir(db_path), label=f"before-upgrade-{current}")
    from alembic import command

    from guestbook.storage.engine import make_engine

    engine = make_engine(db_path)
    try:
        with engine.begin() as connection:
            config = alembic_config(db_path)
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.upgrade(config, revision)  # type: ignore[arg-type]
    finally:
        engine.dispose()
    return copy
