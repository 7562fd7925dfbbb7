"""Search's statements folded into one on PostgreSQL (issue 19).

On SQLite a search is several statements of tens of microseconds each, run in-process. On a
server each statement is a round trip, parsed and planned there, and the last one's text
(`id IN (?, ?, …)`, as many marks as ids, their types changing with their size) was new on
nearly every keystroke, so psycopg's prepared statements never served it. Here the ranges
storage.sqlite.search reads become the CTEs of one statement, which also keeps the first
match of each guest, counts them, and joins the first `limit` to their rows: one round trip,
whose text depends only on the kinds of ranges read, so that a host typing a name or a number
reuses its plan after a few keystrokes.

The order among a range's rows is the range's own (`row_number() OVER ()` of a materialized
CTE numbers its rows as its ORDER BY … LIMIT gave them); the ranges come in the order given,
as storage.sqlite.search chains them.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from guestbook.domain.listing import GuestRow
from guestbook.storage.sql_words import POSTGRESQL_WORDS
from guestbook.storage.sqlite.guest_list import PRIMARY_PHONE, row_columns
from guestbook.storage.sqlite.raw import Raw

# A range read, as storage.sqlite.search makes it: its statement (sqlite3's bare `?` marks, the
# last one its LIMIT), the values of the marks before it, and that limit (the range read whole
# when fewer rows come back).
Read = tuple[str, tuple[object, ...], int]
# How each phone range of the search ends, as its found number is told: (column, comparison).
Ends = tuple[tuple[str, str], ...]
# A phone range to tell the found number by: its column, comparison, prefix and end (_until).
Number = tuple[str, str, str, str | bytes]

# A range's number in the ranking: its place in the chain times this, plus its row's place
# in it (a range reads at most a few thousand rows).
_RANK_STEP = 1_000_000

_OWED_TODAY = (
    "(SELECT count(*) FROM reward WHERE reward.guest_id = guest.id "
    "AND reward.redeemed_visit_id IS NULL AND reward.valid_to >= ? AND reward.valid_from <= ?)"
)


def found_rows(
    database: Raw,
    reads: Sequence[Read],
    numbers: Sequence[Number],
    today: str,
    limit: int,
) -> tuple[list[GuestRow], int, bool]:
    """The first `limit` distinct guests of `reads` chained (each guest where first read),
    erased guests left out, ranked; how many distinct guests were read; and whether a range
    held more than it read. `numbers` (column, comparison, prefix, end per phone range, as
    _until ends it) tells which number of a guest was found."""
    sql = _statement(
        tuple(statement for statement, _values, _read in reads),
        tuple((column, until) for column, until, _prefix, _end in numbers),
    )
    values: list[object] = []
    for _statement_sql, before, read in reads:
        values += (*before, read)
    values.append(limit)
    values += [read for _sql, _before, read in reads]
    for _column, _until, prefix, end in numbers:
        values += (prefix, end)
    values += (today, today)
    rows = database.execute(sql, values).fetchall()
    matches, full = int(rows[0][0]), bool(rows[0][1])
    return [GuestRow._make(row[2:]) for row in rows if row[2] is not None], matches, full


@functools.lru_cache(maxsize=256)
def _statement(reads: tuple[str, ...], numbers: Ends) -> str:
    ranges = ", ".join(f"r{index} AS MATERIALIZED ({sql})" for index, sql in enumerate(reads))
    hits = " UNION ALL ".join(
        f"SELECT {index} AS part, row_number() OVER () AS at, guest_id FROM r{index}"
        for index in range(len(reads))
    )
    full = " OR ".join(f"(SELECT count(*) FROM r{index}) >= ?" for index in range(len(reads)))
    shown_phone = PRIMARY_PHONE
    if numbers:
        # As storage.sqlite.search._rows_sql: the guest's first number found, else the primary.
        found = " OR ".join(f"({column} >= ? AND {column} {until} ?)" for column, until in numbers)
        shown_phone = (
            f"coalesce((SELECT e164 FROM phone WHERE phone.guest_id = guest.id AND ({found}) "
            f"ORDER BY position, id LIMIT 1), {PRIMARY_PHONE})"
        )
    columns = row_columns(phone=shown_phone, owed=_OWED_TODAY, words=POSTGRESQL_WORDS)
    # The counts come on every row, and on a row of NULLs when no guest is shown.
    return (
        f"WITH {ranges}, hit AS ({hits}), "
        f"first AS (SELECT guest_id, min(part * {_RANK_STEP} + at) AS rank "
        "FROM hit GROUP BY guest_id), "
        "shown AS (SELECT guest_id, rank FROM first ORDER BY rank LIMIT ?) "
        f"SELECT (SELECT count(*) FROM first), {full}, {columns} "
        "FROM (SELECT 1) AS one LEFT JOIN (shown JOIN guest ON guest.id = shown.guest_id "
        "AND guest.erased_at IS NULL) ON true ORDER BY shown.rank"
    )


def range_sizes(database: Raw, reads: Sequence[Read]) -> list[int]:
    """How many rows each of these counting reads finds, in one statement."""
    sql = "SELECT " + ", ".join(f"({statement})" for statement, _values, _read in reads)
    values: list[object] = []
    for _statement_sql, before, read in reads:
        values += (*before, read)
    (sizes,) = database.execute(sql, values).fetchall()
    return [int(size) for size in sizes]
