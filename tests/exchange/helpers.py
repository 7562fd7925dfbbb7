"""Helpers for import and export tests: a database dump to compare states, quick queries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from guestbook.bootstrap import Services

DATA = Path(__file__).parent / "data"
FR_SAMPLE = "reservations-export-fr.csv"
EN_SAMPLE = "guests-export-en.csv"
# The import log records every import, even one that changed nothing: dumps leave it out.
_NOT_GUEST_DATA = {"import_batch", "import_change", "alembic_version", "app_meta"}


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
    connection = sqlite3.connect(services.db_path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute("SELECT * FROM guest ORDER BY id")]
    finally:
        connection.close()


def query(services: Services, sql: str, *params: object) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(services.db_path)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def by_name(services: Services) -> dict[str, dict[str, object]]:
    """Guests keyed by 'First Last' (stripped)."""
    return {f"{g['first_name']} {g['last_name']}".strip(): g for g in guest_rows(services)}
