"""Reading and changing a test database directly, to set up a case or check what was written."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, text

from guestbook.services.context import Services
from guestbook.storage.sqlite.raw import dbapi

# The import log records every import, even one that changed nothing, and the audit every
# import and its undo, every export: dumps leave them out.
_NOT_GUEST_DATA = {"import_batch", "import_change", "audit_event", "alembic_version", "app_meta"}


def file_of(services: Services) -> Path:
    """The database file under `services`, for a test of SQLite's file itself."""
    assert services.db_path is not None, "a test of the database file runs on SQLite"
    return services.db_path


@contextlib.contextmanager
def server_reader(services: Services) -> Iterator[None]:
    """Another program reading the server's database under `services`, its snapshot taken now
    and held until the block ends (on none of the tables an erasure changes: no lock stands in
    the way of their rewrite, only the old rows this snapshot may still read)."""
    import psycopg

    url = services.engine.url.set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), autocommit=True) as server:
        server.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        server.execute("SELECT 1").fetchall()
        yield
        server.execute("ROLLBACK")


def database(services: Services) -> str:
    """What `--db` takes for the database under `services`: its file, or the server's URL."""
    if services.db_path is not None:
        return str(services.db_path)
    return services.engine.url.render_as_string(hide_password=False)


def query(services: Services, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows of `sql` (sqlite3's `?` parameters, on either engine), as plain tuples."""
    return services.read(
        lambda connection: [tuple(row) for row in dbapi(connection).execute(sql, params)]
    )


def scalar(services: Services, sql: str, *params: object) -> Any:
    """The first column of the first row of `sql`."""
    return query(services, sql, *params)[0][0]


def execute(services: Services, sql: str, *params: object) -> None:
    """Run one statement in a transaction of its own."""
    services.write(lambda session: dbapi(session.connection()).execute(sql, params))


def dump(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every guest-data table, sorted: equal dumps mean equal databases (on
    either engine: read through the services' own connection)."""

    def read(connection: Connection) -> dict[str, list[tuple[object, ...]]]:
        tables = [
            name for name in inspect(connection).get_table_names() if name not in _NOT_GUEST_DATA
        ]
        raw = dbapi(connection)
        return {
            table: sorted(
                (tuple(row) for row in raw.execute(f"SELECT * FROM {table}")),
                key=lambda row: tuple((value is None, str(value)) for value in row),
            )
            for table in tables
        }

    return services.read(read)


def guest_rows(services: Services) -> list[dict[str, object]]:
    """Every guest row as a dict of its columns, in id order."""
    return services.read(
        lambda connection: [
            dict(row._mapping)
            for row in connection.execute(text("SELECT * FROM guest ORDER BY id"))
        ]
    )
