"""Alembic environment, shipped inside the package so installed copies can upgrade."""

from __future__ import annotations

import warnings
from pathlib import Path

from alembic import context
from sqlalchemy import Connection
from sqlmodel import SQLModel

import guestbook.storage.tables  # noqa: F401  (registers every table on the metadata)

config = context.config
target_metadata = SQLModel.metadata

# A table rebuilt in batch mode (0007, 0008: call_attempt) is reflected with the tables its
# keys name; SQLAlchemy cannot reflect an index on an expression (ix_guest_reach…) and says so.
# Nothing is lost (the rebuilt table has none; the others are not touched): the warning would
# only reach the owner's terminal in the middle of an upgrade.
warnings.filterwarnings(
    "ignore", message="Skipped unsupported reflection of expression-based index"
)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
        # All steps in the caller's one transaction: SQLite's DDL is transactional (Alembic
        # assumes it is not), and the engine (migrate.transactional_engine) makes it so.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:  # guestbook's own upgrades (migrate.py): in its transaction
    _run(connection)
else:  # the `alembic` command, while writing a migration
    from guestbook.storage.migrate import DEFAULT_BUSY_TIMEOUT_SECONDS, transactional_engine

    url = config.get_main_option("sqlalchemy.url") or ""
    engine = transactional_engine(
        Path(url.removeprefix("sqlite:///")), DEFAULT_BUSY_TIMEOUT_SECONDS
    )
    try:
        with engine.begin() as new_connection:
            _run(new_connection)
    finally:
        engine.dispose()
