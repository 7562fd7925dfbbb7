"""Taking back the last import: the guests it created go, the guests it merged into get back
the values they had, with the phones, emails, consent events and flags it added removed.

Refused when that would lose later work: a created guest who has visits or calls since, or a
merged guest edited after the import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.text import display_name, name_tokens
from guestbook.errors import UserError
from guestbook.services.context import Services
from guestbook.services.importing import store
from guestbook.services.importing.guests import MUTABLE_COLUMNS

# Rows that make a created guest part of the restaurant's history: undo must not erase them.
_HISTORY = (
    ("visit_guest", "guest_id"),
    ("call_attempt", "guest_id"),
    ("reward", "guest_id"),
    ("referral", "sponsor_id"),
    ("referral", "referred_id"),
)
_ADDED_TABLES = ("phone", "email", "consent_event", "possible_duplicate")


@dataclass(frozen=True)
class ImportInfo:
    batch_id: int
    file_name: str
    at: str  # UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'
    new: int
    merged: int
    rejected: int


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    file_name: str
    removed: int  # guests the import had created
    restored: int  # guests it had merged into, back to their previous values


def last_import(services: Services) -> ImportInfo | None:
    """The import undo_last_import would take back, or None."""
    with services.engine.connect() as connection:
        return _last(connection)


def _last(connection: Connection) -> ImportInfo | None:
    row = connection.exec_driver_sql(
        "SELECT id, file_name, at, new_count, merged_count, rejected_count FROM import_batch "
        "WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1"
    ).first()
    if row is None:
        return None
    return ImportInfo(row[0], row[1], str(row[2]), row[3], row[4], row[5])


def undo_last_import(services: Services) -> UndoResult:
    """Undo the most recent import not undone yet, in one transaction; UserError if none or
    if undoing would lose later work."""
    with services.engine.begin() as connection:
        batch = _last(connection)
        if batch is None:
            raise UserError("there is no import to undo")
        changes = connection.exec_driver_sql(
            "SELECT guest_id, action, before_json FROM import_change WHERE batch_id = ?",
            (batch.batch_id,),
        ).fetchall()
        created = [guest_id for guest_id, action, _ in changes if action == "new"]
        merged = {
            guest_id: json.loads(undo) for guest_id, action, undo in changes if action == "merged"
        }
        _refuse_if_used(connection, created)
        _refuse_if_edited(connection, list(merged), batch.at)
        _delete(connection, "guest", created)
        for guest_id, undo in merged.items():
            _restore(connection, guest_id, undo)
        connection.exec_driver_sql(
            "UPDATE import_batch SET undone_at = ? WHERE id = ?",
            (store.stamp(services.clock.now()), batch.batch_id),
        )
    return UndoResult(batch.batch_id, batch.file_name, len(created), len(merged))


def _marks(ids: Sequence[int]) -> str:
    return ", ".join("?" * len(ids))


def _in_chunks(ids: Sequence[int]) -> list[Sequence[int]]:
    return [ids[start : start + store.IN_LIST] for start in range(0, len(ids), store.IN_LIST)]


def _refuse_if_used(connection: Connection, created: Sequence[int]) -> None:
    used: set[int] = set()
    for part in _in_chunks(created):
        for table, column in _HISTORY:
            used |= {
                row[0]
                for row in connection.exec_driver_sql(
                    f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({_marks(part)})",
                    tuple(part),
                )
            }
    if used:
        raise UserError(
            f"{len(used)} guest(s) this import created have visits, calls or referrals since: "
            "undoing it would lose them"
        )


def _refuse_if_edited(connection: Connection, merged: Sequence[int], at: str) -> None:
    edited: list[str] = []
    for part in _in_chunks(merged):
        edited += [
            display_name(first, last)
            for first, last in connection.exec_driver_sql(
                f"SELECT first_name, last_name FROM guest WHERE id IN ({_marks(part)}) "
                "AND updated_at <> ?",
                (*part, at),
            )
        ]
    if edited:
        names = ", ".join(edited[:3]) + (" …" if len(edited) > 3 else "")
        raise UserError(
            f"{len(edited)} guest(s) this import merged into were changed since ({names}): "
            "undoing it would lose those changes"
        )


def _delete(connection: Connection, table: str, ids: Sequence[int]) -> None:
    # Deleting a guest cascades to its phones, emails, tokens, consent events and flags.
    for part in _in_chunks(ids):
        connection.exec_driver_sql(f"DELETE FROM {table} WHERE id IN ({_marks(part)})", tuple(part))


def _restore(connection: Connection, guest_id: int, undo: dict[str, Any]) -> None:
    added: dict[str, list[int]] = undo.get("added", {})
    for table in _ADDED_TABLES:
        _delete(connection, table, added.get(table, []))
    before: dict[str, Any] = undo["before"]
    current = connection.exec_driver_sql(
        "SELECT first_name, last_name FROM guest WHERE id = ?", (guest_id,)
    ).first()
    assignments = ", ".join(f"{column} = ?" for column in MUTABLE_COLUMNS)
    connection.exec_driver_sql(
        f"UPDATE guest SET {assignments} WHERE id = ?",
        (*(before[column] for column in MUTABLE_COLUMNS), guest_id),
    )
    if current is not None and tuple(current) != (before["first_name"], before["last_name"]):
        connection.exec_driver_sql("DELETE FROM guest_token WHERE guest_id = ?", (guest_id,))
        tokens = sorted(name_tokens(before["first_name"], before["last_name"]))
        if tokens:
            connection.exec_driver_sql(
                "INSERT INTO guest_token (token, guest_id) VALUES (?, ?)",
                [(token, guest_id) for token in tokens],
            )
