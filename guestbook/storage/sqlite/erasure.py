"""Erasing guests in SQL: their personal data removed, their visits, spend and counts kept.

The guest's row stays, emptied and marked erased (its number is never handed out again), so
every visit, call and reward still counts where it counted: the reports add up the same. Every
value that could name, reach or describe the guest goes: names, birthday, partner, address,
notes, preferences, phones, emails, allergies, consent events (their wording and source), call
notes and the number dialled, rewards' reasons (and what they were still owed lapses: nobody
can redeem it), feedback comments, notes of the tables they sat at, a flagged
duplicate's reason (it quotes a phone), what an import kept to undo a merge. With
secure_delete on (storage.engine), SQLite overwrites the deleted bytes; `truncate_wal` then
empties the write-ahead log, which still holds the pages as they were before.

On PostgreSQL (issue 19) an update or a delete leaves the row's old version in the table's
pages, and in its indexes, until a vacuum; a plain VACUUM frees them for reuse but leaves their
bytes in the pages' free space, so `leave_no_trace` rewrites the tables the erasure changed
(VACUUM FULL: new files, the old ones deleted) and their statistics (ANALYZE, whose samples may
quote a name). What stays outside the database's own files is the server operator's: the
write-ahead log's segments until the server recycles them, its archives, replicas and base
backups (as a SQLite file's backups stay until they rotate out).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from sqlalchemy import Connection

from guestbook.storage.dialects import POSTGRESQL
from guestbook.storage.sqlite.raw import Raw, as_moment, dbapi, marks, stamp
from guestbook.storage.sqlite.rewards import lapse_owed

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

# Each statement with the table it changes (a server rewrites those it changed).
_STATEMENTS = (
    ("phone", "DELETE FROM phone WHERE guest_id IN ({ids})"),
    ("email", "DELETE FROM email WHERE guest_id IN ({ids})"),
    ("allergy", "DELETE FROM allergy WHERE guest_id IN ({ids})"),
    ("guest_token", "DELETE FROM guest_token WHERE guest_id IN ({ids})"),
    ("consent_event", "DELETE FROM consent_event WHERE guest_id IN ({ids})"),
    (
        "possible_duplicate",
        "DELETE FROM possible_duplicate WHERE guest_a_id IN ({ids}) OR guest_b_id IN ({ids})",
    ),
    ("import_change", "UPDATE import_change SET before_json = '' WHERE guest_id IN ({ids})"),
    (
        "call_attempt",
        "UPDATE call_attempt SET note = '', phone_e164 = NULL WHERE guest_id IN ({ids})",
    ),
    ("reward", "UPDATE reward SET reason = '' WHERE guest_id IN ({ids})"),
    ("feedback", "UPDATE feedback SET comment = '' WHERE guest_id IN ({ids})"),
    # The email, number or postal lines a message went to; what was sent, when, and on what
    # basis stay (the restaurant may have to show it wrote to everyone concerned).
    ("message_delivery", "UPDATE message_delivery SET address = '' WHERE guest_id IN ({ids})"),
    (
        "visit",
        "UPDATE visit SET note = '' WHERE note <> '' AND id IN"
        " (SELECT visit_id FROM visit_guest WHERE guest_id IN ({ids}))",
    ),
    # Their partner's card named them: the link and the name go.
    ("guest", "UPDATE guest SET partner_id = NULL, partner_name = '' WHERE partner_id IN ({ids})"),
)


# Every table an erasure may change: what a rewrite may name.
ERASED_TABLES = frozenset({table for table, _statement in _STATEMENTS} | {"guest"})


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


def erase(connection: Connection, guest_ids: Sequence[int], now: dt.datetime) -> set[str]:
    """Erase `guest_ids` (existing, not erased yet) in the caller's transaction, and log them
    (by number only) so that a restore of an older backup erases them again. Returns the
    tables whose rows it changed (`leave_no_trace` rids those of the old values)."""
    database = dbapi(connection)
    moment = stamp(now)
    changed: set[str] = set()
    for chunk in _chunks(guest_ids):
        ids = marks(len(chunk))
        values = tuple(chunk)
        for table, statement in _STATEMENTS:
            cursor = database.execute(statement.format(ids=ids), values * statement.count("{ids}"))
            if cursor.rowcount:
                changed.add(table)
        # An erased guest can never redeem what they were owed: it lapses (rewards.lapse_owed).
        if lapse_owed(connection, chunk, now.astimezone().date()):
            changed.add("reward")
        database.execute(
            f"UPDATE guest SET {_EMPTIED}, erased_at = ?, updated_at = ? WHERE id IN ({ids})",
            (moment, moment, *values),
        )
        changed.add("guest")
        database.executemany(
            "INSERT INTO erasure (guest_id, erased_at) VALUES (?, ?)"
            " ON CONFLICT (guest_id) DO NOTHING",
            [(guest_id, moment) for guest_id in chunk],
        )
    return changed


def erased_since(connection: Connection) -> list[tuple[int, str]]:
    """The erasure log: (guest number, when as SQLite stores it), oldest first."""
    return [
        (int(guest_id), stamp(as_moment(at)))
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


def truncate_wal(database: Raw) -> bool:
    """Write the log into the database and empty it; False when another connection still
    reads an older state of the database (the log cannot be emptied yet). It answers at once:
    the caller chooses how long to wait between tries, where the busy timeout would be waited
    out at each (30 s in the app: minutes after an erasure, while another terminal reads)."""
    (timeout,) = database.execute("PRAGMA busy_timeout").fetchone()
    database.execute("PRAGMA busy_timeout = 0")
    try:
        busy, _log, _done = database.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        database.execute(f"PRAGMA busy_timeout = {int(timeout)}")
    return not busy


# What may still read the rows as they were before transaction ?1 (newer than the erasures
# whose rows are rewritten) began, in this database or in none (the server's own processes):
# a snapshot older than it, a transaction older than it that holds no snapshot at the moment (a
# write left idle in READ COMMITTED) or is prepared, or a replication slot's. VACUUM keeps the
# old rows for each of them.
_OLDER_SNAPSHOTS = """
SELECT (SELECT count(*) FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND (datname = current_database() OR datname IS NULL)
          AND (age(backend_xmin) >= age(xid(CAST(?1 AS xid8)))
               OR age(backend_xid) >= age(xid(CAST(?1 AS xid8)))))
     + (SELECT count(*) FROM pg_prepared_xacts
        WHERE database = current_database() AND age(transaction) >= age(xid(CAST(?1 AS xid8))))
     + (SELECT count(*) FROM pg_replication_slots
        WHERE age(xmin) >= age(xid(CAST(?1 AS xid8)))
           OR age(catalog_xmin) >= age(xid(CAST(?1 AS xid8))))
"""
# How long a rewrite waits for another connection's lock on a table before it gives up (to be
# tried again): it locks the table whole, and the terminals queued behind it wait too.
_LOCK_WAIT = "2s"


class NotRewritten(Exception):
    """The server left these tables as they were: the role is not their owner (VACUUM asks the
    table's or the database's owner)."""

    def __init__(self, tables: tuple[str, ...]) -> None:
        super().__init__(", ".join(tables))
        self.tables = tables


def _files(database: Raw, tables: Collection[str]) -> dict[str, int]:
    """Each table's file on the server: a rewrite gives it a new one."""
    found = database.execute(
        "SELECT name, pg_relation_filenode(to_regclass(name)) FROM unnest(CAST(? AS text[]))"
        " AS name WHERE to_regclass(name) IS NOT NULL",
        (sorted(tables),),
    )
    return {str(name): int(node) for name, node in found}


def leave_no_trace(
    connection: Connection, tables: Collection[str], transaction: str | None = None
) -> bool:
    """Rid the database's files of the values erasures removed from `tables`, once they have
    committed (on a server: before `transaction` began, storage.postgresql.rewrite's
    current_transaction); `connection` is one of its own, no transaction begun. False when
    another connection may still read the database as it was before (try again later).
    SQLite: empty its write-ahead log. PostgreSQL: rewrite the tables and their indexes, and
    their statistics (`tables`: ERASED_TABLES only, written into the statement); NotRewritten
    when the server would not rewrite some of them."""
    if connection.dialect.name != POSTGRESQL:
        return truncate_wal(dbapi(connection))
    if not set(tables) <= ERASED_TABLES:
        raise ValueError(f"not a table an erasure changes: {sorted(set(tables) - ERASED_TABLES)}")
    if not tables or transaction is None:
        return True
    import psycopg

    # VACUUM runs outside any transaction.
    database = dbapi(connection.execution_options(isolation_level="AUTOCOMMIT"))
    if database.execute(_OLDER_SNAPSHOTS, (transaction,)).fetchone()[0]:
        return False
    database.execute(f"SET lock_timeout = '{_LOCK_WAIT}'")
    try:
        files = _files(database, tables)
        database.execute(f"VACUUM (FULL, ANALYZE) {', '.join(sorted(tables))}")
        # A table the role may not rewrite is skipped with a warning only, its files the same.
        kept = sorted(set(files.items()) & set(_files(database, tables).items()))
        if kept:
            raise NotRewritten(tuple(table for table, _file in kept))
        # ANALYZE replaced the tables' statistics; the old ones, samples of their values, stay
        # in pg_statistic's pages until it is rewritten too (a database owner may; for another
        # role the server skips it with a warning, which the operator's VACUUM FULL makes up
        # for).
        database.execute("VACUUM (FULL) pg_catalog.pg_statistic")
    except psycopg.errors.LockNotAvailable:
        return False
    finally:
        database.execute("RESET lock_timeout")
    return True
