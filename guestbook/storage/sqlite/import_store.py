"""The importer's statements: batched look-ups before matching, bulk writes after it, and what
undoing an import reads and deletes.

Raw DB-API statements (executemany with the text formats SQLAlchemy itself uses for SQLite:
dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, booleans as Python's, which
sqlite3 stores as 0/1), so the ORM reads the rows back as usual. On PostgreSQL (issue 19) the
same statements go through raw.dbapi, which gives psycopg its own placeholders; the server
reads the same texts as dates and instants. Rows written with ids of their own need more there:
see next_ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.storage.dialects import POSTGRESQL
from guestbook.storage.sqlite.guests import first_free_id
from guestbook.storage.sqlite.raw import as_moment, dbapi, marks, stamp
from guestbook.storage.sqlite.raw import rows as raw_rows

IN_LIST = 500  # parameters per IN (…): far below SQLite's limit, large enough to be quick

Pair = tuple[int, int]


def moment_text(value: object) -> str:
    """A stored timestamp as SQLite's text keeps it (psycopg gives a datetime)."""
    return value if isinstance(value, str) else stamp(as_moment(value))


def chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), IN_LIST):
        yield values[start : start + IN_LIST]


# --- Reading -------------------------------------------------------------------------------


def owners_of_phones(connection: Connection, phones: Sequence[str]) -> list[tuple[str, int]]:
    """(e164, guest id) for every guest holding one of `phones`, erased guests aside."""
    found: list[tuple[str, int]] = []
    for part in chunks(phones):
        found += raw_rows(
            connection,
            "SELECT p.e164, p.guest_id FROM phone p JOIN guest g ON g.id = p.guest_id "
            f"WHERE g.erased_at IS NULL AND p.e164 IN ({marks(len(part))}) ORDER BY p.guest_id",
            tuple(part),
        )
    return found


def owners_of_emails(connection: Connection, emails: Sequence[str]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for part in chunks(emails):
        found += raw_rows(
            connection,
            "SELECT e.address, e.guest_id FROM email e JOIN guest g ON g.id = e.guest_id "
            f"WHERE g.erased_at IS NULL AND e.address IN ({marks(len(part))}) "
            "ORDER BY e.guest_id",
            tuple(part),
        )
    return found


def guests_named(
    connection: Connection, keys: Sequence[str], *, contactless: bool = False
) -> list[tuple[str, int]]:
    """(name_key, id) of the guests with one of these name keys (only those with neither phone
    nor email when `contactless`)."""
    extra = " AND primary_phone IS NULL AND primary_email IS NULL" if contactless else ""
    found: list[tuple[str, int]] = []
    for part in chunks(keys):
        found += raw_rows(
            connection,
            f"SELECT name_key, id FROM guest WHERE erased_at IS NULL{extra} "
            f"AND name_key IN ({marks(len(part))}) ORDER BY id",
            tuple(part),
        )
    return found


def guest_columns(
    connection: Connection, ids: Sequence[int], columns: Sequence[str]
) -> dict[int, dict[str, Any]]:
    """These columns of the guests with these ids, by id."""
    found: dict[int, dict[str, Any]] = {}
    for part in chunks(ids):
        for row in raw_rows(
            connection,
            f"SELECT id, {', '.join(columns)} FROM guest WHERE id IN ({marks(len(part))})",
            tuple(part),
        ):
            found[row[0]] = dict(zip(columns, row[1:], strict=True))
    if connection.dialect.name == POSTGRESQL:
        # psycopg's instants as SQLite's text: a merged guest's values go into undo's JSON.
        for values in found.values():
            for column, value in values.items():
                if isinstance(value, dt.datetime):
                    values[column] = moment_text(value)
    return found


def contacts_of(
    connection: Connection, ids: Sequence[int]
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """(guest id, e164) and (guest id, address) of these guests, each guest's in order."""
    phones: list[tuple[int, str]] = []
    emails: list[tuple[int, str]] = []
    for part in chunks(ids):
        phones += raw_rows(
            connection,
            f"SELECT guest_id, e164 FROM phone WHERE guest_id IN ({marks(len(part))}) "
            "ORDER BY guest_id, position, id",
            tuple(part),
        )
        emails += raw_rows(
            connection,
            f"SELECT guest_id, address FROM email WHERE guest_id IN ({marks(len(part))}) "
            "ORDER BY guest_id, position, id",
            tuple(part),
        )
    return phones, emails


def allergens_of(connection: Connection, ids: Sequence[int]) -> list[tuple[int, str]]:
    """(guest id, allergen) of these guests."""
    found: list[tuple[int, str]] = []
    for part in chunks(ids):
        found += raw_rows(
            connection,
            f"SELECT guest_id, allergen FROM allergy WHERE guest_id IN ({marks(len(part))})",
            tuple(part),
        )
    return found


def next_ids(connection: Connection, tables: Iterable[str]) -> dict[str, int]:
    """The first free id of each table (never a merged or removed guest's number).

    On SQLite the transaction holds the write lock already (its first write is the batch's
    row), so no one can take these ids before it commits. On PostgreSQL other terminals take
    ids from each table's sequence as they write: the tables are locked against other writers
    until the transaction ends (readers go on), as SQLite's lock does, the ids start after
    the rows and the sequence, and insert_rows moves the sequence past the ids it writes."""
    names = sorted(set(tables))
    if connection.dialect.name == POSTGRESQL:
        dbapi(connection).execute(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE")
    return {table: first_free_id(connection, table) for table in names}


def _move_sequence(connection: Connection, table: str, top: int) -> None:
    """PostgreSQL's id sequence of `table` past `top`, the highest id written by hand."""
    dbapi(connection).execute(
        "SELECT setval(pg_get_serial_sequence(?1, 'id'), greatest(?2, coalesce("
        "pg_sequence_last_value(pg_get_serial_sequence(?1, 'id')::regclass), 0)))",
        (table, top),
    )


def known_pairs(connection: Connection, pairs: Iterable[Pair]) -> set[Pair]:
    wanted = sorted(set(pairs))
    firsts = sorted({a for a, _ in wanted})
    found: set[Pair] = set()
    for part in chunks(firsts):
        found |= {
            (a, b)
            for a, b in raw_rows(
                connection,
                "SELECT guest_a_id, guest_b_id FROM possible_duplicate "
                f"WHERE guest_a_id IN ({marks(len(part))})",
                tuple(part),
            )
        }
    return found & set(wanted)


def imported_before(connection: Connection, sha256: str) -> str | None:
    """When a file with this content was last imported (and not undone), or None."""
    ((value,),) = raw_rows(
        connection,
        "SELECT max(at) FROM import_batch WHERE file_sha256 = ? AND undone_at IS NULL",
        (sha256,),
    )
    return None if value is None else moment_text(value)


# --- Writing -------------------------------------------------------------------------------


def insert_batch(connection: Connection, file_name: str, sha256: str, at: str, staff: str) -> int:
    # The first write of the transaction: from here SQLite holds the write lock, so the ids
    # read next cannot be taken by another writer (PostgreSQL: next_ids).
    ((batch_id,),) = (
        dbapi(connection)
        .execute(
            "INSERT INTO import_batch (file_name, file_sha256, at, staff, new_count, "
            "merged_count, rejected_count) VALUES (?, ?, ?, ?, 0, 0, 0) RETURNING id",
            (file_name, sha256, at, staff),
        )
        .fetchall()
    )
    return int(batch_id)


def finish_batch(
    connection: Connection, batch_id: int, new: int, merged: int, rejected: int
) -> None:
    dbapi(connection).execute(
        "UPDATE import_batch SET new_count = ?, merged_count = ?, rejected_count = ? WHERE id = ?",
        (new, merged, rejected, batch_id),
    )


def insert_rows(
    connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    if rows:
        dbapi(connection).executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})",
            list(map(tuple, rows)),
        )
        if "id" in columns and connection.dialect.name == POSTGRESQL:
            at = list(columns).index("id")
            _move_sequence(connection, table, max(int(row[at]) for row in rows))


def update_guests(
    connection: Connection, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Set these columns of guests: each row holds the columns' values, then the guest's id."""
    if rows:
        assignments = ", ".join(f"{column} = ?" for column in columns)
        dbapi(connection).executemany(
            f"UPDATE guest SET {assignments} WHERE id = ?", list(map(tuple, rows))
        )


def delete_tokens(connection: Connection, guest_ids: Sequence[int]) -> None:
    if guest_ids:
        dbapi(connection).executemany(
            "DELETE FROM guest_token WHERE guest_id = ?", [(i,) for i in guest_ids]
        )


# --- Undoing -------------------------------------------------------------------------------


def last_batch(connection: Connection) -> tuple[Any, ...] | None:
    """(id, file name, at, new, merged, rejected) of the last import not undone, or None."""
    found = raw_rows(
        connection,
        "SELECT id, file_name, at, new_count, merged_count, rejected_count FROM import_batch "
        "WHERE undone_at IS NULL ORDER BY id DESC LIMIT 1",
        (),
    )
    if not found:
        return None
    row = tuple(found[0])
    return (*row[:2], moment_text(row[2]), *row[3:])  # `at` as SQLite's text


def batch_changes(connection: Connection, batch_id: int) -> list[tuple[int, str, str]]:
    """(guest id, "new" or "merged", undo data) of every guest the import touched."""
    return raw_rows(
        connection,
        "SELECT guest_id, action, before_json FROM import_change WHERE batch_id = ?",
        (batch_id,),
    )


def ids_present(connection: Connection, table: str, column: str, ids: Sequence[int]) -> set[int]:
    """Which of `ids` appear in table.column."""
    found: set[int] = set()
    for part in chunks(ids):
        found |= {
            row[0]
            for row in raw_rows(
                connection,
                f"SELECT DISTINCT {column} FROM {table} WHERE {column} IN ({marks(len(part))})",
                tuple(part),
            )
        }
    return found


def seats_of(connection: Connection, guest_ids: Sequence[int]) -> list[tuple[int, int]]:
    """(guest id, visit id) of every table these guests sat at."""
    found: list[tuple[int, int]] = []
    for part in chunks(guest_ids):
        found += raw_rows(
            connection,
            f"SELECT guest_id, visit_id FROM visit_guest WHERE guest_id IN ({marks(len(part))})",
            tuple(part),
        )
    return found


def names_changed_since(
    connection: Connection, ids: Sequence[int], at: str
) -> list[tuple[str, str]]:
    """(first, last name) of the guests among `ids` updated at another moment than `at`."""
    found: list[tuple[str, str]] = []
    for part in chunks(ids):
        found += raw_rows(
            connection,
            f"SELECT first_name, last_name FROM guest WHERE id IN ({marks(len(part))}) "
            "AND updated_at <> ?",
            (*part, at),
        )
    return found


def delete_ids(connection: Connection, table: str, ids: Sequence[int]) -> None:
    # Deleting a guest cascades to its phones, emails, tokens, consent events and flags.
    for part in chunks(ids):
        dbapi(connection).execute(
            f"DELETE FROM {table} WHERE id IN ({marks(len(part))})", tuple(part)
        )


def mark_undone(connection: Connection, batch_id: int, at: str) -> None:
    dbapi(connection).execute("UPDATE import_batch SET undone_at = ? WHERE id = ?", (at, batch_id))
