"""Which of a server's tables still hold erased values in their files, and whether rewriting
them now would hold the group's terminals too long (issue 19).

An erasure empties the guests' rows at once; the old row versions stay in the tables' pages
until the tables are rewritten (VACUUM FULL: storage.sqlite.erasure.leave_no_trace), which
locks each table whole while it runs. Measured on this project's 2-core machine
(benchmarks/bench_erase_postgresql.py): at 100,000 guests the tables an erasure changes are
~150 MB and their rewrite took 3.3 s, a search from another terminal waiting up to 0.9 s; at
1,000,000 guests it took 31-36 s and a search waited 10.5 s. So a rewrite runs at once only
when the tables are small (REWRITE_NOW_BYTES, about a second here); otherwise the tables are
noted here, in the erasure's own transaction, and `guestbook forget --finish` rewrites them
when the restaurants are closed (the README shows it in the server's nightly jobs).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.storage.sqlite.raw import dbapi

# The tables waiting for their rewrite (app_meta: the database's own notes, which copy-to
# does not carry over), as 'N:table,table', N counting the erasures that noted tables: a
# rewrite clears the note only if no erasure added to it meanwhile (`done`).
PENDING_KEY = "erasure_rewrite_pending"
# Rewritten at once up to this size, all the tables together (~1.5 s at the rate measured).
REWRITE_NOW_BYTES = 64 * 2**20


class Pending(NamedTuple):
    tables: frozenset[str]
    erasures: int  # how many erasures noted tables since the note was last cleared


def pending(connection: Connection) -> Pending:
    """The tables earlier erasures changed that were not rewritten since."""
    found = (
        dbapi(connection).execute("SELECT value FROM app_meta WHERE key = ?", (PENDING_KEY,))
    ).fetchone()
    if found is None:
        return Pending(frozenset(), 0)
    count, _colon, tables = str(found[0]).partition(":")
    return Pending(frozenset(table for table in tables.split(",") if table), int(count))


def note_pending(connection: Connection, tables: Collection[str]) -> None:
    """Add `tables` to those waiting for their rewrite, in the caller's transaction (the
    erasure's: the note is there exactly when the erasure is)."""
    before = pending(connection)
    value = f"{before.erasures + 1}:{','.join(sorted(before.tables | set(tables)))}"
    dbapi(connection).execute(
        "INSERT INTO app_meta (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (PENDING_KEY, value),
    )


def done(connection: Connection, rewritten: Pending) -> None:
    """The tables of `rewritten` (the note as read before the rewrite) were rewritten: the
    note goes, unless an erasure added to it meanwhile (its rows may have changed after the
    rewrite passed; the next one will do them all)."""
    if pending(connection) == rewritten:
        dbapi(connection).execute("DELETE FROM app_meta WHERE key = ?", (PENDING_KEY,))


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
    """A transaction number of now, newer than every erasure committed before: the rewrite
    waits until no snapshot older than it reads the database (storage.sqlite.erasure)."""
    return str(dbapi(connection).execute("SELECT pg_current_xact_id()").fetchone()[0])
