"""Reading and changing a test database directly, to set up a case or check what was written."""

from __future__ import annotations

import sqlite3
from typing import Any

from guestbook.services.context import Services

# The import log records every import, even one that changed nothing, and the audit every
# import and its undo, every export: dumps leave them out.
_NOT_GUEST_DATA = {"import_batch", "import_change", "audit_event", "alembic_version", "app_meta"}


def query(services: Services, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """The rows of `sql` (sqlite3's `?` parameters), as plain tuples."""
    return services.read(
        lambda connection: [tuple(row) for row in connection.exec_driver_sql(sql, params)]
    )


def scalar(services: Services, sql: str, *params: object) -> Any:
    """The first column of the first row of `sql`."""
    return query(services, sql, *params)[0][0]


def execute(services: Services, sql: str, *params: object) -> None:
    """Run one statement in a transaction of its own."""
    services.write(lambda session: session.connection().exec_driver_sql(sql, params))


def dump(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every guest-data table, sorted: equal dumps mean equal databases."""
    connection = sqlite3.connect(services.db_path)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            if name not in _NOT_GUEST_DATA
        ]
        return {
            table: sorted(
                connection.execute(f"SELECT * FROM {table}").fetchall(),
                key=lambda row: tuple((value is None, str(value)) for value in row),
            )
            for table in tables
        }
    finally:
        connection.close()


def guest_rows(services: Services) -> list[dict[str, object]]:
    """Every guest row as a dict of its columns, in id order."""
    connection = sqlite3.connect(services.db_path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute("SELECT * FROM guest ORDER BY id")]
    finally:
        connection.close()
