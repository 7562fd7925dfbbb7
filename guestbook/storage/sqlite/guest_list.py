"""The guest list's statements: rows in the sort's index order, by keyset from a row already
shown or by OFFSET from the nearer end, the rewards owed by a page's guests, the count.

Rows come back as domain.listing.GuestRow, made straight from SQLite's tuples through the
DB-API cursor: SQLAlchemy's row objects would double the cost of a page. On PostgreSQL the same
statements run (psycopg's tuples, the last visit formatted as SQLite's text), but for the one
place where the engines put NULLs at opposite ends of an order (row_at), and where fewer
statements, or a text that stays the same, spare round trips and planning on the server.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.domain.listing import GuestRow, SortOrder
from guestbook.storage.dialects import POSTGRESQL
from guestbook.storage.sql_words import SQLITE_WORDS, Words, words
from guestbook.storage.sqlite.raw import dbapi

PRIMARY_PHONE = "nullif(primary_phone, '')"
# Open rewards valid on ?1 (today), through the partial index ix_reward_open_guest.
OWED_ON_1 = (
    "(SELECT count(*) FROM reward WHERE reward.guest_id = guest.id "
    "AND reward.redeemed_visit_id IS NULL AND reward.valid_to >= ?1 AND reward.valid_from <= ?1)"
)


def row_columns(*, phone: str = PRIMARY_PHONE, owed: str = "0", words: Words = SQLITE_WORDS) -> str:
    """The select list of a GuestRow, in its order: rows come back from SQLite ready to be one.
    Pages count the rewards owed afterwards, for the rows shown (the 0); search results count
    them in the same statement (OWED_ON_1), and show the phone number that was found. With
    PostgreSQL's `words`, the last visit comes back as SQLite's ISO text, as GuestRow keeps it."""
    return (
        f"id, first_name, last_name, {phone}, birth_day, birth_month, birth_year, "
        f"{words.iso_date('last_visit_on')}, visit_count, {owed}, name_key, erased_at IS NOT NULL"
    )


@functools.cache
def _select(w: Words) -> str:
    return f"SELECT {row_columns(words=w)} FROM guest"


def _fetch(connection: Connection, sql: str, params: tuple[object, ...]) -> list[GuestRow]:
    return list(map(GuestRow._make, dbapi(connection).execute(sql, params).fetchall()))


def with_rewards_owed(
    connection: Connection, rows: Sequence[GuestRow], today: dt.date
) -> tuple[GuestRow, ...]:
    """The same rows with their count of rewards owed today (one query, through ix_reward_guest)."""
    if not rows:
        return ()
    ids = [row.guest_id for row in rows]
    if connection.dialect.name == POSTGRESQL:
        # One array, not a mark per id: the statement's text and types then stay the same
        # from page to page, and the server plans it once (storage.postgresql.engine).
        among: str = "= ANY(?)"
        values: tuple[object, ...] = (ids,)
    else:  # SQLite allows 32,766 host parameters: a page's 200 ids stay far below.
        among, values = f"IN ({', '.join('?' * len(ids))})", tuple(ids)
    # The unary + keeps SQLite off ix_reward_open, which would walk every open reward in the
    # house instead of the page's few guests.
    owed: dict[int, int] = dict(
        dbapi(connection)
        .execute(
            f"SELECT guest_id, count(*) FROM reward WHERE guest_id {among} "
            "AND valid_to >= ? AND valid_from <= ? AND +redeemed_visit_id IS NULL "
            "GROUP BY guest_id",
            (*values, today.isoformat(), today.isoformat()),
        )
        .fetchall()
    )
    if not owed:
        return tuple(rows)
    # Few guests are owed anything: only their rows are rebuilt.
    return tuple(
        row._replace(rewards_owed=owed[row.guest_id]) if row.guest_id in owed else row
        for row in rows
    )


def count_guests(connection: Connection) -> int:
    """Every row of the list (SQLite counts through its smallest index)."""
    (count,) = dbapi(connection).execute("SELECT count(*) FROM guest").fetchone()
    return int(count)


# --- Keysets ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Order:
    column: str
    # A descending order puts NULLs last, as SQLite sorts NULL lowest. Its statements say no
    # NULLS LAST: each reads dated rows only or NULL ones only, but row_at, which PostgreSQL
    # reads apart (_row_at_on_server).
    descending: bool

    def key(self, row: GuestRow) -> tuple[str | None, int]:
        if self.column == "name_key":
            return (row.name_key, row.guest_id)
        return (row.last_visit, row.guest_id)

    def by(self, *, reverse: bool = False) -> str:
        direction = "DESC" if self.descending != reverse else "ASC"
        return f"ORDER BY {self.column} {direction}, id {direction}"


_ORDERS = {
    SortOrder.NAME: _Order("name_key", descending=False),
    SortOrder.LAST_VISIT: _Order("last_visit_on", descending=True),
}


def rows_after(
    connection: Connection,
    order: SortOrder,
    row: GuestRow,
    limit: int,
    *,
    inclusive: bool = False,
) -> list[GuestRow]:
    """Up to `limit` rows following `row` in list order (and `row` itself if inclusive)."""
    spec = _ORDERS[order]
    key, guest_id = spec.key(row)
    compare = (">" if not spec.descending else "<") + ("=" if inclusive else "")
    select = _select(words(connection))
    if key is None:  # inside the trailing NULL segment, ordered by id descending
        id_compare = "<=" if inclusive else "<"
        return _fetch(
            connection,
            f"{select} WHERE {spec.column} IS NULL AND id {id_compare} ? {spec.by()} LIMIT ?",
            (guest_id, limit),
        )
    # A row value with a NULL member compares as NULL, so NULL keys never match here.
    rows = _fetch(
        connection,
        f"{select} WHERE ({spec.column}, id) {compare} (?, ?) {spec.by()} LIMIT ?",
        (key, guest_id, limit),
    )
    if spec.descending and len(rows) < limit:
        rows += _fetch(
            connection,
            f"{select} WHERE {spec.column} IS NULL {spec.by()} LIMIT ?",
            (limit - len(rows),),
        )
    return rows


def rows_before(
    connection: Connection, order: SortOrder, row: GuestRow, limit: int
) -> list[GuestRow]:
    """Up to `limit` rows preceding `row`, returned in list order."""
    spec = _ORDERS[order]
    key, guest_id = spec.key(row)
    select = _select(words(connection))
    backwards = spec.by(reverse=True)
    if key is None:
        rows = _fetch(
            connection,
            f"{select} WHERE {spec.column} IS NULL AND id > ? {backwards} LIMIT ?",
            (guest_id, limit),
        )
        if len(rows) < limit:  # then the dated rows, nearest (oldest) first
            rows += _fetch(
                connection,
                f"{select} WHERE {spec.column} IS NOT NULL {backwards} LIMIT ?",
                (limit - len(rows),),
            )
    else:
        compare = "<" if not spec.descending else ">"
        rows = _fetch(
            connection,
            f"{select} WHERE ({spec.column}, id) {compare} (?, ?) {backwards} LIMIT ?",
            (key, guest_id, limit),
        )
    rows.reverse()
    return rows


def row_at(connection: Connection, order: SortOrder, position: int, total: int) -> GuestRow | None:
    """The row at `position`, walking the covering index from the nearer end."""
    spec = _ORDERS[order]
    from_end = position > total // 2
    offset = max(total - 1 - position if from_end else position, 0)
    if connection.dialect.name == POSTGRESQL:
        return _row_at_on_server(connection, spec, offset, from_end=from_end)
    found = _first_id(
        connection, f"SELECT id FROM guest {spec.by(reverse=from_end)} LIMIT 1 OFFSET ?", offset
    )
    if found is None:
        return None
    rows = _fetch(connection, f"{_select(words(connection))} WHERE id = ?", (found,))
    return rows[0] if rows else None


def _row_at_on_server(
    connection: Connection, spec: _Order, offset: int, *, from_end: bool
) -> GuestRow | None:
    """row_at on PostgreSQL: the guest found and their row in one statement (each is a round
    trip to the server).

    For an order whose NULLs close the list (the last visit): PostgreSQL sorts NULL highest
    where SQLite sorts it lowest, so the list's one ORDER BY would put the never-visited first
    there, and saying NULLS LAST would leave the index for a sort of the whole table. The
    dated rows and the NULL ones are read apart, each through the index, and the offset passes
    over the first part when it lies beyond it (a count over the index no longer than the walk
    it saves)."""
    parts = [""]
    if spec.descending:
        parts = [f"WHERE {spec.column} IS NOT NULL", f"WHERE {spec.column} IS NULL"]
    select = _select(words(connection))
    if from_end:
        parts.reverse()
    for index, where in enumerate(parts):
        if index:  # past the part before
            offset -= _count(connection, f"SELECT count(*) FROM guest {parts[index - 1]}")
        rows = _fetch(
            connection,
            f"{select} WHERE id = (SELECT id FROM guest {where} {spec.by(reverse=from_end)} "
            "LIMIT 1 OFFSET ?)",
            (offset,),
        )
        if rows:
            return rows[0]
    return None


def _first_id(connection: Connection, sql: str, *params: object) -> int | None:
    row = dbapi(connection).execute(sql, params).fetchone()
    return None if row is None else int(row[0])


def _count(connection: Connection, sql: str, *params: object) -> int:
    (count,) = dbapi(connection).execute(sql, params).fetchone()
    return int(count)


def position_of(connection: Connection, order: SortOrder, row: GuestRow) -> int:
    """How many rows come before `row` (to open the list at a guest just created or edited).

    A count over the covering index: proportional to the position, used once per jump only.
    """
    spec = _ORDERS[order]
    key, guest_id = spec.key(row)
    compare = "<" if not spec.descending else ">"
    if key is None:
        dated = _count(connection, f"SELECT count(*) FROM guest WHERE {spec.column} IS NOT NULL")
        return dated + _count(
            connection,
            f"SELECT count(*) FROM guest WHERE {spec.column} IS NULL AND id > ?",
            guest_id,
        )
    return _count(
        connection,
        f"SELECT count(*) FROM guest WHERE ({spec.column}, id) {compare} (?, ?)",
        key,
        guest_id,
    )
