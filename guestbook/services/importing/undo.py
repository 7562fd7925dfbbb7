"""Taking back the last import: the guests it created go, the guests it merged into get back
the values they had, with the phones, emails, consent events and flags it added removed.

Refused when that would lose later work: a created guest who has visits or calls since, or a
merged guest edited after the import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _, ngettext, number
from guestbook.services.context import Services
from guestbook.services.importing.guests import SOURCE_COLUMNS
from guestbook.services.rights import audit
from guestbook.services.summaries.refresh import refresh_guest
from guestbook.settings import Settings
from guestbook.storage.sqlite import import_store as sql
from guestbook.storage.sqlite.raw import stamp

if TYPE_CHECKING:
    from sqlmodel import Session

# Rows that make a created guest part of the restaurant's history: undo must not erase them
# (the visits the import itself brought aside).
_HISTORY = (
    ("call_attempt", "guest_id"),
    ("reward", "guest_id"),
    ("referral", "sponsor_id"),
    ("referral", "referred_id"),
)
_ADDED_TABLES = ("phone", "email", "consent_event", "possible_duplicate", "allergy", "visit")


@dataclass(frozen=True)
class ImportInfo:
    batch_id: int
    file_name: str
    at: str  # UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'
    new: int
    merged: int
    rejected: int
    # What undoing it does, counted as the undo counts it: the guests it created (removed)
    # and the guests it changed (given their previous details back). A row merged into a
    # guest without changing anything, or into a row above, restores no one.
    removes: int = 0
    restores: int = 0


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    file_name: str
    removed: int  # guests the import had created
    restored: int  # guests it had merged into, back to their previous values


def last_import(services: Services) -> ImportInfo | None:
    """The import undo_last_import would take back, or None."""
    return services.read(_last)


def _last(connection: Connection) -> ImportInfo | None:
    row = sql.last_batch(connection)
    if row is None:
        return None
    actions = [action for _guest, action, _undo in sql.batch_changes(connection, row[0])]
    return ImportInfo(
        row[0],
        row[1],
        str(row[2]),
        row[3],
        row[4],
        row[5],
        removes=actions.count("new"),
        restores=actions.count("merged"),
    )


def undo_last_import(services: Services) -> UndoResult:
    """Undo the most recent import not undone yet, in one transaction; UserError if none or
    if undoing would lose later work."""
    now = services.clock.now()
    undone_at, settings, staff = stamp(now), services.settings, services.staff

    def work(session: Session) -> UndoResult:
        connection = session.connection()
        undone = _undo(connection, undone_at, settings)
        # In the audit with the undo, in its transaction: the guests removed or given back.
        guests = undone.removed + undone.restored
        audit.record(
            connection, "import_undo", at=now, staff=staff, guests=guests, detail=undone.file_name
        )
        return undone

    return services.write(work)


def _undo(connection: Connection, undone_at: str, settings: Settings) -> UndoResult:
    batch = _last(connection)
    if batch is None:
        raise UserError(_("there is no import to undo"))
    changes = sql.batch_changes(connection, batch.batch_id)
    created = {
        guest_id: json.loads(undo) if undo else {}
        for guest_id, action, undo in changes
        if action == "new"
    }
    merged = {
        guest_id: json.loads(undo) for guest_id, action, undo in changes if action == "merged"
    }
    imported_visits = {
        visit_id for undo in created.values() for visit_id in undo.get("added", {}).get("visit", [])
    }
    _refuse_if_used(connection, list(created), imported_visits)
    _refuse_if_edited(connection, list(merged), batch.at)
    sql.delete_ids(connection, "visit", sorted(imported_visits))
    sql.delete_ids(connection, "guest", list(created))
    for guest_id, undo in merged.items():
        _restore(connection, guest_id, undo, settings)
    sql.mark_undone(connection, batch.batch_id, undone_at)
    return UndoResult(batch.batch_id, batch.file_name, len(created), len(merged))


def _refuse_if_used(
    connection: Connection, created: Sequence[int], imported_visits: set[int]
) -> None:
    used = {
        guest_id
        for guest_id, visit_id in sql.seats_of(connection, created)
        if visit_id not in imported_visits
    }
    for table, column in _HISTORY:
        used |= sql.ids_present(connection, table, column, created)
    if used:
        raise UserError(
            # Translators: the English says "guest(s)" whatever the count.
            ngettext(
                "{count} guest(s) this import created have visits, calls or referrals since: "
                "undoing it would lose them",
                "{count} guest(s) this import created have visits, calls or referrals since: "
                "undoing it would lose them",
                len(used),
            ).format(count=number(len(used)))
        )


def _refuse_if_edited(connection: Connection, merged: Sequence[int], at: str) -> None:
    edited = [
        display_name(first, last) for first, last in sql.names_changed_since(connection, merged, at)
    ]
    if edited:
        names = ", ".join(edited[:3]) + (" …" if len(edited) > 3 else "")
        raise UserError(
            # Translators: the English says "guest(s)" whatever the count.
            ngettext(
                "{count} guest(s) this import merged into were changed since ({names}): "
                "undoing it would lose those changes",
                "{count} guest(s) this import merged into were changed since ({names}): "
                "undoing it would lose those changes",
                len(edited),
            ).format(count=number(len(edited)), names=names)
        )


def _restore(
    connection: Connection, guest_id: int, undo: dict[str, Any], settings: Settings
) -> None:
    added: dict[str, list[int]] = undo.get("added", {})
    for table in _ADDED_TABLES:
        sql.delete_ids(connection, table, added.get(table, []))
    before: dict[str, Any] = undo["before"]
    sql.update_guests(
        connection, SOURCE_COLUMNS, [(*(before[column] for column in SOURCE_COLUMNS), guest_id)]
    )
    # What follows from those values and the rows kept: the summaries' one writer.
    refresh_guest(connection, guest_id, settings, visits=bool(added.get("visit")))
