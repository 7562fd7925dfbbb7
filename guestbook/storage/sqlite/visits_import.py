"""The statements of the visits import (`guestbook import-visits`): what it looks up before
deciding each ticket's fate, the visits it writes in bulk with their link to the import, the
seats the summaries are recomputed from, and what undoing an import reads and deletes.

Raw DB-API statements in SQLAlchemy's own text formats for SQLite (dates 'YYYY-MM-DD',
timestamps 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC), as import_store's, through raw.dbapi on
PostgreSQL too; what they read is given back in those forms on both engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.storage.sqlite.import_store import chunks, insert_rows, moment_text, next_ids
from guestbook.storage.sqlite.raw import as_date, dbapi, marks
from guestbook.storage.sqlite.raw import rows as raw_rows

__all__ = ["insert_rows", "next_ids"]

# (guest id, date, spend, party size) of a visit: what tells a ticket without a number.
VisitFacts = tuple[int, str, int | None, int]


# --- Before deciding -----------------------------------------------------------------------


def imported_before(connection: Connection, sha256: str) -> str | None:
    """When a file with this content was last imported as visits (and not undone), or None."""
    ((value,),) = raw_rows(
        connection,
        "SELECT max(at) FROM visit_import WHERE file_sha256 = ? AND undone_at IS NULL",
        (sha256,),
    )
    return None if value is None else moment_text(value)


def known_ticket_keys(connection: Connection, keys: Sequence[str]) -> set[str]:
    """The keys among `keys` of tickets an import recorded (and that are still there)."""
    found: set[str] = set()
    for part in chunks(keys):
        found |= {
            str(key)
            for (key,) in raw_rows(
                connection,
                f"SELECT ticket_key FROM visit_import_ticket WHERE ticket_key IN "
                f"({marks(len(part))})",
                tuple(part),
            )
        }
    return found


def imported_visits(connection: Connection, guest_ids: Sequence[int]) -> dict[VisitFacts, int]:
    """How many visits an import recorded, per guest seated at them, date, spend and party."""
    found: dict[VisitFacts, int] = {}
    for part in chunks(guest_ids):
        for guest_id, on, spend, party, count in raw_rows(
            connection,
            "SELECT vg.guest_id, v.visited_on, v.spend_cents, v.party_size, count(*) "
            "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id "
            "JOIN visit_import_ticket t ON t.visit_id = v.id "
            f"WHERE vg.guest_id IN ({marks(len(part))}) GROUP BY 1, 2, 3, 4",
            tuple(part),
        ):
            found[(int(guest_id), str(as_date(on)), spend, int(party))] = int(count)
    return found


# --- Writing -------------------------------------------------------------------------------


def insert_batch(connection: Connection, file_name: str, sha256: str, at: str, staff: str) -> int:
    # The first write of the transaction: from here SQLite holds the write lock, so what is
    # read next (the keys already imported, the first free ids) cannot change under it
    # (PostgreSQL: import_store.next_ids).
    ((batch_id,),) = (
        dbapi(connection)
        .execute(
            "INSERT INTO visit_import (file_name, file_sha256, at, staff, tickets, "
            "recorded_count, already_count, rejected_count, undo_json) "
            "VALUES (?, ?, ?, ?, 0, 0, 0, 0, '') RETURNING id",
            (file_name, sha256, at, staff),
        )
        .fetchall()
    )
    return int(batch_id)


def finish_batch(
    connection: Connection, batch_id: int, counts: Sequence[int], undo_json: str
) -> None:
    """`counts`: tickets, recorded, already imported, rejected."""
    dbapi(connection).execute(
        "UPDATE visit_import SET tickets = ?, recorded_count = ?, already_count = ?, "
        "rejected_count = ?, undo_json = ? WHERE id = ?",
        (*counts, undo_json, batch_id),
    )


def seats_of(connection: Connection, guest_ids: Sequence[int]) -> list[tuple[Any, ...]]:
    """(guest id, date, spend, party size, seat, site) of every table these guests sat at; the
    seat is the guest's rank among the known guests at it (summaries.visits' rule)."""
    found: list[tuple[Any, ...]] = []
    for part in chunks(guest_ids):
        found += raw_rows(
            connection,
            "SELECT vg.guest_id, v.visited_on, v.spend_cents, v.party_size, "
            "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id "
            "AND x.guest_id < vg.guest_id), v.site "
            "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id "
            f"WHERE vg.guest_id IN ({marks(len(part))})",
            tuple(part),
        )
    return found


def unsettled_referrals(connection: Connection, guest_ids: Sequence[int]) -> list[int]:
    """The referred guests among `guest_ids` whose referral has not rewarded the sponsor yet."""
    found: list[int] = []
    for part in chunks(guest_ids):
        found += [
            int(referred)
            for (referred,) in raw_rows(
                connection,
                "SELECT referred_id FROM referral WHERE rewarded_at IS NULL "
                f"AND referred_id IN ({marks(len(part))}) ORDER BY id",
                tuple(part),
            )
        ]
    return found


def referral_of(connection: Connection, referred_id: int) -> tuple[int, str | None]:
    """(id, first visit date) of the referral of this referred guest."""
    ((referral_id, first_visit),) = raw_rows(
        connection, "SELECT id, first_visit_on FROM referral WHERE referred_id = ?", (referred_id,)
    )
    return int(referral_id), None if first_visit is None else str(as_date(first_visit))


# --- Undoing -------------------------------------------------------------------------------


def last_batch(connection: Connection) -> tuple[Any, ...] | None:
    """(id, file name, at, tickets, recorded, already, rejected, undo data) of the last visits
    import not undone, or None."""
    found = raw_rows(
        connection,
        "SELECT id, file_name, at, tickets, recorded_count, already_count, rejected_count, "
        "undo_json FROM visit_import WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1",
        (),
    )
    if not found:
        return None
    row = tuple(found[0])
    return (*row[:2], moment_text(row[2]), *row[3:])  # `at` as SQLite's text


def batch_visits(connection: Connection, batch_id: int) -> list[int]:
    return [
        int(visit_id)
        for (visit_id,) in raw_rows(
            connection,
            "SELECT visit_id FROM visit_import_ticket WHERE batch_id = ? ORDER BY visit_id",
            (batch_id,),
        )
    ]


def seated_at(connection: Connection, visit_ids: Sequence[int]) -> list[int]:
    """The guests seated at these visits now (a guest merged since: the one kept)."""
    found: set[int] = set()
    for part in chunks(visit_ids):
        found |= {
            int(guest_id)
            for (guest_id,) in raw_rows(
                connection,
                f"SELECT guest_id FROM visit_guest WHERE visit_id IN ({marks(len(part))}) "
                "AND guest_id IS NOT NULL",
                tuple(part),
            )
        }
    return sorted(found)


def count_in(
    connection: Connection, table: str, column: str, ids: Sequence[int], *, also: str = ""
) -> int:
    """How many rows of `table` have one of `ids` in `column` (and meet `also`, when given)."""
    total = 0
    condition = f" AND {also}" if also else ""
    for part in chunks(ids):
        ((count,),) = raw_rows(
            connection,
            f"SELECT count(*) FROM {table} WHERE {column} IN ({marks(len(part))}){condition}",
            tuple(part),
        )
        total += int(count)
    return total


def delete_visits(connection: Connection, batch_id: int, visit_ids: Sequence[int]) -> None:
    """The import's links, then its visits (their seats go with them)."""
    raw = dbapi(connection)
    raw.execute("DELETE FROM visit_import_ticket WHERE batch_id = ?", (batch_id,))
    for part in chunks(visit_ids):
        raw.execute(f"DELETE FROM visit WHERE id IN ({marks(len(part))})", tuple(part))


def delete_rewards(connection: Connection, reward_ids: Sequence[int]) -> None:
    for part in chunks(reward_ids):
        dbapi(connection).execute(
            f"DELETE FROM reward WHERE id IN ({marks(len(part))})", tuple(part)
        )


def unsettle_referrals(connection: Connection, referrals: Sequence[tuple[int, str | None]]) -> None:
    """(referral id, first visit date before) → the referral as it was before the import."""
    if referrals:
        dbapi(connection).executemany(
            "UPDATE referral SET first_visit_on = ?, rewarded_at = NULL WHERE id = ?",
            [(first_visit, referral_id) for referral_id, first_visit in referrals],
        )


def mark_undone(connection: Connection, batch_id: int, at: str) -> None:
    dbapi(connection).execute("UPDATE visit_import SET undone_at = ? WHERE id = ?", (at, batch_id))
