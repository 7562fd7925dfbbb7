"""The schema on a PostgreSQL server: the same Alembic migrations as SQLite's, run on the
caller's connection inside its transaction (PostgreSQL's DDL is transactional: an error or a
kill leaves the database as it was).

A revision this code does not know (written by a newer guestbook) is refused before anything
changes, as on SQLite (migrate.check_revision). Terminals opening the database at the same time
take turns (a transaction-level advisory lock): one upgrades, the others find it done.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.storage.migrate import MIGRATIONS_DIR, SCHEMA_HEAD, check_revision

# The advisory lock's key: any constant of guestbook's own ("gbook" in ASCII).
UPGRADE_LOCK_KEY = 0x67626F6F6B

if TYPE_CHECKING:
    from sqlalchemy import Connection


def schema_revision(connection: Connection) -> str | None:
    """The database's revision, None when guestbook's tables were never made there."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def upgrade_postgresql(connection: Connection) -> str | None:
    """Bring the database to the head revision in `connection`'s transaction; returns the
    revision it was at (None: new). NewerSchemaError for a newer guestbook's database."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
    before = schema_revision(connection)
    if before is not None:
        check_revision(before)
    if before == SCHEMA_HEAD:
        return before
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    return before
