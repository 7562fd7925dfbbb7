"""Statements that move the guest row's derived columns for many guests at once, and the small
facts the database keeps about itself (app_meta)."""

from __future__ import annotations

from sqlalchemy import Connection, text

from guestbook.storage.sql_words import words


def shift_late_from(connection: Connection, numerator: int, denominator: int, min_days: int) -> int:
    """late_from = last visit + max(⌊numerator × interval / denominator⌋ + 1, min_days) days,
    for every guest who has one (domain.calls.late_after_days in integer arithmetic: exact,
    as the domain is). Returns how many rows moved."""
    w = words(connection)
    days = w.greatest("(:numerator * visit_interval_days) / :denominator + 1", ":min_days")
    result = connection.execute(
        text(
            f"UPDATE guest SET late_from = {w.plus_days('last_visit_on', days)} "
            "WHERE late_from IS NOT NULL"
        ),
        {"numerator": numerator, "denominator": denominator, "min_days": min_days},
    )
    return int(result.rowcount or 0)


def get_meta(connection: Connection, key: str) -> str | None:
    value = connection.execute(
        text("SELECT value FROM app_meta WHERE key = :key"), {"key": key}
    ).scalar_one_or_none()
    return None if value is None else str(value)


def set_meta(connection: Connection, key: str, value: str) -> None:
    # The upsert both engines know (SQLite since 3.24).
    connection.execute(
        text(
            "INSERT INTO app_meta (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"key": key, "value": value},
    )
