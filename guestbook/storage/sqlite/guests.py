"""Guests found by what they share with someone being entered: a phone, an email, a name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.storage.dialects import POSTGRESQL
from guestbook.storage.sqlite.raw import marks
from guestbook.storage.sqlite.raw import rows as raw_rows


def first_free_id(connection: Connection, table: str) -> int:
    """The id the next row of `table` written with an id of its own (import, demo) must take:
    above every row there, and, for a table with AUTOINCREMENT (guest), above every id SQLite
    ever handed out (sqlite_sequence), so a merged or removed guest's number is never reused.
    On PostgreSQL the table's id sequence is that memory (it never goes back)."""
    if connection.dialect.name == POSTGRESQL:
        ((last,),) = raw_rows(
            connection,
            "SELECT greatest(coalesce(max(id), 0), coalesce(pg_sequence_last_value("
            f"CAST(pg_get_serial_sequence(?, 'id') AS regclass)), 0)) FROM {table}",
            (table,),
        )
        return int(last) + 1
    ((top,),) = raw_rows(connection, f"SELECT coalesce(max(id), 0) FROM {table}", ())
    if raw_rows(connection, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'", ()):
        for (used,) in raw_rows(
            connection, "SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)
        ):
            top = max(int(top or 0), int(used or 0))
    return int(top or 0) + 1


def contact_owners(
    connection: Connection, phones: Sequence[str], emails: Sequence[str]
) -> list[tuple[int, str, str]]:
    """(guest id, "phone" or "email", the value) for every guest holding one of these phones
    or emails, through ix_phone_e164 and ix_email_address: phones first, each in row order."""
    found: list[tuple[int, str, str]] = []
    for table, column, values, kind in (
        ("phone", "e164", phones, "phone"),
        ("email", "address", emails, "email"),
    ):
        if values:
            found += [
                (int(guest_id), kind, str(value))
                for guest_id, value in raw_rows(
                    connection,
                    f"SELECT guest_id, {column} FROM {table} WHERE {column} IN "
                    f"({marks(len(values))}) ORDER BY id",
                    tuple(values),
                )
            ]
    return found


def people(connection: Connection, guest_ids: Sequence[int]) -> list[Any]:
    """(id, first name, last name, birth day, month, year) of these guests, erased ones aside."""
    if not guest_ids:
        return []
    return raw_rows(
        connection,
        "SELECT id, first_name, last_name, birth_day, birth_month, birth_year FROM guest "
        f"WHERE id IN ({marks(len(guest_ids))}) AND erased_at IS NULL",
        tuple(guest_ids),
    )


def named_with_every_word(connection: Connection, words: Sequence[str]) -> list[Any]:
    """(id, first name, last name) of at most 50 guests having every one of these folded words
    among their names' words."""
    ids = " INTERSECT ".join("SELECT guest_id FROM guest_token WHERE token = ?" for _ in words)
    return raw_rows(
        connection,
        f"SELECT g.id, g.first_name, g.last_name FROM guest g WHERE g.id IN ({ids}) LIMIT 50",
        tuple(words),
    )
