"""Which of a server's tables still hold erased values in their files, and whether rewriting
them now would hold the group's terminals too long (issue 19).

An erasure empties the guests' rows at once; the old row versions stay in the tables' pages
until the tables are rewritten (VACUUM FULL: storage.sqlite.erasure.leave_no_trace), which
locks each table whole while it runs. Measured on this project's 2-core machine
(benchmarks/bench_erase_postgresql.py): the tables the retention review's erasure changed were
212 MB at 100,000 guests, rewritten in 3.4 s, a search from another terminal waiting up to
0.9 s; 2,086 MB at 1,000,000, rewritten in 22-36 s, a search waiting up to 10.5 s (60-90 MB/s).
So a rewrite runs at once only when the tables are small (REWRITE_NOW_BYTES, about a second
here); otherwise the tables are noted here, in the erasure's own transaction, and `guestbook
forget --finish` rewrites them when the restaurants are closed (the README shows it in the
server's nightly jobs).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.storage.sqlite.erasure import ERASED_TABLES
from guestbook.storage.sqlite.raw import dbapi

# The tables an erasure changed, noted in its own transaction as one row of app_meta (the
# database's own notes, which copy-to does not carry over) under a key of its own: erasures at
# once never write the same row (a serializable write would make one of them start again), and
# a rewrite deletes exactly the notes it read, never one written while it ran.
PENDING_PREFIX = "erasure_rewrite_pending:"
# Rewritten at once up to this size, all the tables together (about a second at those rates).
REWRITE_NOW_BYTES = 64 * 2**20


class Pending(NamedTuple):
    tables: frozenset[str]
    notes: frozenset[str]  # the app_meta keys they were read from


def pending(connection: Connection) -> Pending:
    """The tables earlier erasures changed that were not rewritten since. A note is a row anyone
    with access to the database may write: only the names of tables an erasure changes are
    read from it (they go into SQL: a size, a VACUUM)."""
    tables: set[str] = set()
    notes: set[str] = set()
    found = dbapi(connection).execute(
        "SELECT key, value FROM app_meta WHERE substr(key, 1, ?) = ?",
        (len(PENDING_PREFIX), PENDING_PREFIX),
    )
    for key, value in found:
        notes.add(str(key))
        tables.update(table for table in str(value).split(",") if table in ERASED_TABLES)
    return Pending(frozenset(tables), frozenset(notes))


def note_pending(connection: Connection, tables: Collection[str]) -> None:
    """Note `tables` as waiting for their rewrite, in the caller's transaction (the erasure's:
    the note is there exactly when the erasure is), under its transaction's number."""
    dbapi(connection).execute(
        "INSERT INTO app_meta (key, value) VALUES (?, ?)",
        (f"{PENDING_PREFIX}{current_transaction(connection)}", ",".join(sorted(tables))),
    )


def done(connection: Connection, rewritten: Pending) -> None:
    """The tables of `rewritten` were rewritten: the notes they were read from go (a note
    written since stays for the next rewrite)."""
    database = dbapi(connection)
    for key in sorted(rewritten.notes):
        database.execute("DELETE FROM app_meta WHERE key = ?", (key,))


def total_bytes(connection: Connection, tables: Collection[str]) -> int:
    """The size of `tables` on the server, their indexes and out-of-line values included: what
    a rewrite copies."""
    if not tables:
        return 0
    (size,) = (
        dbapi(connection)
        .execute(
            "SELECT coalesce(sum(pg_total_relation_size(to_regclass(name))), 0)"
            " FROM unnest(CAST(? AS text[])) AS name",
            (sorted(tables),),
        )
        .fetchone()
    )
    return int(size)


def current_transaction(connection: Connection) -> str:
    """The caller's transaction number (given now if it had none): an erasure's names its note;
    one taken for a rewrite is newer than every erasure committed before, and the rewrite waits
    until nothing older than it still reads the database (storage.sqlite.erasure)."""
    return str(dbapi(connection).execute("SELECT pg_current_xact_id()").fetchone()[0])
