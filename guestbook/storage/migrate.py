"""Bring a database file to the current schema, all or nothing.

- A new database is built in a temporary file beside the target (0600), then renamed onto it:
  a kill leaves no database or a whole one, never a partial schema. A temporary left by a
  killed run is removed by the next.
- An upgrade runs every migration in one transaction on one connection. SQLite's DDL is
  transactional, but pysqlite opens a transaction only before an INSERT or UPDATE, so each
  DROP or CREATE INDEX would commit on its own: here the driver is told to leave transactions
  alone and the engine sends BEGIN IMMEDIATE itself. A kill or an error leaves the file as it
  was; the next start upgrades again.
- The file is copied aside before it is upgraded, once per upgrade: a second try reuses the
  copy made from the same file at the same revision.
- A revision this code does not know (written by a newer guestbook) is refused before
  anything is copied or changed.

Opening the app must stay fast, so the version check is one plain SQL query; Alembic is
imported only when there is something to build or upgrade.
"""

from __future__ import annotations

import itertools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from guestbook.faults import fault_point, faults_enabled
from guestbook.i18n import _
from guestbook.paths import backups_dir, create_private_file

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Every revision in migrations/versions, oldest first; the last is the head.
# tests/storage/test_lifecycle_upgrade.py checks them against Alembic's: forgetting one fails.
SCHEMA_REVISIONS = (
    *("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010"),
    *("0011", "0012", "0013"),
)
SCHEMA_HEAD = SCHEMA_REVISIONS[-1]

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# How long an upgrade waits for another connection's write lock unless told otherwise.
DEFAULT_BUSY_TIMEOUT_SECONDS = 30.0


class MigrationError(RuntimeError):
    pass


class NewerSchemaError(MigrationError):
    """The database was written by a newer guestbook: this version must not touch it."""


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


def check_revision(revision: str) -> None:
    """NewerSchemaError if this version of guestbook does not know `revision`."""
    if revision not in SCHEMA_REVISIONS:
        raise NewerSchemaError(
            _(
                "it was written by a newer version of guestbook (schema {revision}; this "
                "version knows schemas up to {head}): update guestbook to use it"
            ).format(revision=revision, head=SCHEMA_HEAD)
        )


def is_blank(db_path: Path) -> bool:
    """No database yet: no file, an empty one, or an SQLite file without a single table."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return True
    connection = sqlite3.connect(db_path)
    try:
        return bool(connection.execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,))
    except sqlite3.DatabaseError:
        return False  # not a database: current_revision says so
    finally:
        connection.close()


def alembic_config(db_path: Path) -> object:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", f"sqlite:///{db_path}")
    return config


def upgrade(
    db_path: Path,
    revision: str = "head",
    *,
    notify: Callable[[str], None] | None = None,
    busy_timeout_seconds: float = DEFAULT_BUSY_TIMEOUT_SECONDS,
) -> Path | None:
    """Create `db_path` at `revision`, or upgrade it; returns where the old file was copied,
    if it was. `notify` hears, before it starts, that a database holding data is being
    upgraded: on a million guests copying it and building new indexes takes some seconds.
    MigrationError when the file is not a database this version can open or upgrade (nothing
    is changed then)."""
    try:
        if is_blank(db_path):
            create_database(db_path, revision)
            return None
        return _upgrade(db_path, revision, notify, busy_timeout_seconds)
    except sqlite3.DatabaseError as error:
        raise MigrationError(str(error)) from None


def create_database(db_path: Path, revision: str = "head") -> None:
    """Build a new database at `revision` in a temporary file beside `db_path` (0600) and
    rename it onto `db_path` (replacing an empty file) once complete."""
    target = db_path.resolve()
    temporary = creation_path(target)
    remove_leftovers(target)
    create_private_file(temporary)
    try:
        _migrate(temporary, revision, DEFAULT_BUSY_TIMEOUT_SECONDS)
        fault_point("create-before-rename")
        temporary.replace(target)
    except BaseException:
        remove_leftovers(target)
        raise
    _sync_folder(target.parent)


def creation_path(db_path: Path) -> Path:
    return db_path.with_name(f".{db_path.name}.new")


def remove_leftovers(db_path: Path, *, copies_too: bool = False) -> None:
    """Remove what a killed creation or restore of `db_path` left beside it: its temporary
    files and their journals; `copies_too`: also the partial copies in its backups folder.
    Only while no other process can be making them: beside it under the lock, shared or
    exclusive; in backups/ (where an open app makes its daily copy) under the exclusive lock
    only. Unlinking a planted symlink removes the link, never its target."""
    from guestbook.storage.backup import remove_partial_copies

    db_path = db_path.resolve()
    for temporary in (creation_path(db_path), db_path.with_name(f".{db_path.name}.partial")):
        for suffix in ("", "-journal", "-wal", "-shm"):
            temporary.with_name(temporary.name + suffix).unlink(missing_ok=True)
    if copies_too:
        remove_partial_copies(db_path)


def needs_upgrade(db_path: Path) -> bool:
    """Whether `db_path` is to be created or upgraded (one plain query when it is not).
    NewerSchemaError, with nothing touched, for a database a newer guestbook wrote."""
    if is_blank(db_path):
        return True
    current = current_revision(db_path)
    if current is None:
        return True  # upgrade() says what it is
    check_revision(current)
    return current != SCHEMA_HEAD


def _upgrade(
    db_path: Path, revision: str, notify: Callable[[str], None] | None, busy_timeout: float
) -> Path | None:
    current = current_revision(db_path)
    if current is None:
        raise MigrationError(
            _("{path} is not a guestbook database (no schema version)").format(path=db_path)
        )
    check_revision(current)
    if revision == "head" and current == SCHEMA_HEAD:
        return None
    from guestbook.storage.backup import backup_once

    if notify is not None:
        notify(
            _(
                "Upgrading {name} to this version of guestbook (once; a copy of it is kept "
                "in the backups folder)…"
            ).format(name=db_path.name)
        )
    copy = backup_once(db_path, backups_dir(db_path), label=f"before-upgrade-{current}")
    fault_point("upgrade-after-copy")
    try:
        _migrate(db_path, revision, busy_timeout)
    except Exception as error:  # the transaction was rolled back: the file is as it was
        raise MigrationError(_failed_upgrade_message(error, copy)) from None
    return copy


def _failed_upgrade_message(error: Exception, copy: Path) -> str:
    from guestbook.storage.engine import is_busy

    if is_busy(error):
        return _(
            "the database is busy with another change, so it was not upgraded: try again "
            "when that change is done"
        )
    cause = getattr(error, "orig", None) or error
    return _(
        "upgrading it failed ({error}); nothing was changed, and a copy from before is kept "
        "as {copy}: use the previous version of guestbook, and report the problem"
    ).format(error=str(cause).splitlines()[0] if str(cause) else type(cause).__name__, copy=copy)


def _migrate(db_path: Path, revision: str, busy_timeout: float) -> None:
    """Alembic's upgrade to `revision`, every step in one transaction."""
    from alembic import command

    engine = transactional_engine(db_path, busy_timeout)
    try:
        with engine.begin() as connection:
            config = alembic_config(db_path)
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.upgrade(config, revision)  # type: ignore[arg-type]
    finally:
        engine.dispose()


def transactional_engine(db_path: Path, busy_timeout: float) -> Engine:
    """An engine whose transactions hold DDL too: pysqlite sends no BEGIN or COMMIT of its
    own (isolation_level None), and each transaction starts with BEGIN IMMEDIATE, taking the
    write lock first, so two processes upgrading at once run one after the other. Foreign
    keys are off, as Alembic's batch mode needs when it copies a table (a DROP TABLE would
    otherwise delete the rows that refer to it)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"sqlite:///{db_path}", poolclass=NullPool)

    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute(f"PRAGMA busy_timeout={round(busy_timeout * 1000)}")
        dbapi_connection.execute("PRAGMA foreign_keys=OFF")

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    if faults_enabled():
        statements = itertools.count(1)
        event.listen(
            engine,
            "after_cursor_execute",
            lambda *_args: fault_point(f"migration-statement:{next(statements)}"),
        )
    return engine


def _sync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX: fsync the folder); nothing to do elsewhere."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
