"""Erasing guests in SQL: their personal data removed, their visits, spend and counts kept.

The guest's row stays, emptied and marked erased (its number is never handed out again), so
every visit, call and reward still counts where it counted: the reports add up the same. Every
value that could name, reach or describe the guest goes: names, birthday, partner, address,
notes, preferences, phones, emails, allergies, consent events (their wording and source), call
notes and the number dialled, rewards' reasons, feedback comments, notes of the tables they sat at, a flagged
duplicate's reason (it quotes a phone), what an import kept to undo a merge. With
secure_delete on (storage.engine), SQLite overwrites the deleted bytes; `truncate_wal` then
empties the write-ahead log, which still holds the pages as they were before.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path

from sqlalchemy import Connection

from guestbook.storage.sqlite.raw import dbapi, marks, stamp

# SQLite's limit on parameters in a statement is 32,766 here; 500 keeps each IN list cheap.
_CHUNK = 500

# The guest's columns that hold personal data, and the value each gets.
_EMPTIED = (
    "first_name = '', last_name = '', name_key = '', birth_day = NULL, birth_month = NULL, "
    "birth_year = NULL, partner_id = NULL, partner_name = '', address = '', postcode = '', "
    "notes = '', preferences = '', primary_phone = NULL, primary_email = NULL, "
    "primary_mobile = NULL, late_from = NULL, consent_call = NULL, consent_sms = NULL, "
    "consent_email = NULL, consent_post = NULL"
)

_STATEMENTS = (
    "DELETE FROM phone WHERE guest_id IN ({ids})",
    "DELETE FROM email WHERE guest_id IN ({ids})",
    "DELETE FROM allergy WHERE guest_id IN ({ids})",
    "DELETE FROM guest_token WHERE guest_id IN ({ids})",
    "DELETE FROM consent_event WHERE guest_id IN ({ids})",
    "DELETE FROM possible_duplicate WHERE guest_a_id IN ({ids}) OR guest_b_id IN ({ids})",
    "UPDATE import_change SET before_json = '' WHERE guest_id IN ({ids})",
    "UPDATE call_attempt SET note = '', phone_e164 = NULL WHERE guest_id IN ({ids})",
    "UPDATE reward SET reason = '' WHERE guest_id IN ({ids})",
    "UPDATE feedback SET comment = '' WHERE guest_id IN ({ids})",
    # The email, number or postal lines a message went to; what was sent, when, and on what
    # basis stay (the restaurant may have to show it wrote to everyone concerned).
    "UPDATE message_delivery SET address = '' WHERE guest_id IN ({ids})",
    "UPDATE visit SET note = '' WHERE note <> '' AND id IN"
    " (SELECT visit_id FROM visit_guest WHERE guest_id IN ({ids}))",
    # Their partner's card named them: the link and the name go.
    "UPDATE guest SET partner_id = NULL, partner_name = '' WHERE partner_id IN ({ids})",
)


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def not_erased(connection: Connection, guest_ids: Sequence[int]) -> list[int]:
    """Those of `guest_ids` that exist and are not erased yet, in the given order."""
    found = names_of(connection, guest_ids)
    return [guest_id for guest_id in dict.fromkeys(guest_ids) if guest_id in found]


def names_of(connection: Connection, guest_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(first name, last name) of those of `guest_ids` that exist and are not erased."""
    found: dict[int, tuple[str, str]] = {}
    database = dbapi(connection)
    for chunk in _chunks(guest_ids):
        found.update(
            (guest_id, (first, last))
            for guest_id, first, last in database.execute(
                "SELECT id, first_name, last_name FROM guest"
                f" WHERE erased_at IS NULL AND id IN ({marks(len(chunk))})",
                tuple(chunk),
            )
        )
    return found


def erase(connection: Connection, guest_ids: Sequence[int], now: dt.datetime) -> None:
    """Erase `guest_ids` (existing, not erased yet) in the caller's transaction, and log them
    (by number only) so that a restore of an older backup erases them again."""
    database = dbapi(connection)
    moment = stamp(now)
    for chunk in _chunks(guest_ids):
        ids = marks(len(chunk))
        values = tuple(chunk)
        for statement in _STATEMENTS:
            database.execute(statement.format(ids=ids), values * statement.count("{ids}"))
        database.execute(
            f"UPDATE guest SET {_EMPTIED}, erased_at = ?, updated_at = ? WHERE id IN ({ids})",
            (moment, moment, *values),
        )
        database.executemany(
            "INSERT OR IGNORE INTO erasure (guest_id, erased_at) VALUES (?, ?)",
            [(guest_id, moment) for guest_id in chunk],
        )


def erased_since(connection: Connection) -> list[tuple[int, str]]:
    """The erasure log: (guest number, when), oldest first."""
    return [
        (int(guest_id), str(at))
        for guest_id, at in dbapi(connection).execute(
            "SELECT guest_id, erased_at FROM erasure ORDER BY erased_at, guest_id"
        )
    ]


def erasure_log_of_file(db_path: Path) -> list[tuple[int, str]]:
    """The erasure log of the database file at `db_path`, read before a restore replaces it;
    empty when there is no file yet or it predates the log."""
    if not db_path.exists():
        return []
    database = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return [
            (int(guest_id), str(at))
            for guest_id, at in database.execute("SELECT guest_id, erased_at FROM erasure")
        ]
    except sqlite3.OperationalError as error:
        if "no such table" in str(error):
            return []
        raise
    finally:
        database.close()


def truncate_wal(database: sqlite3.Connection) -> bool:
    """Write the log into the database and empty it; False when another connection still
    reads an older state of the database (the log cannot be emptied yet)."""
    busy, _log, _done = database.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy
