"""Search's statements: every kind of match is a range on an index (`x >= prefix AND x <
prefix-with-last-char-bumped`), so a query costs the same on a thousand guests as on a million.
Matches are read in index order up to a cap: the first `limit` make the results, and the capped
count says "N matches" or "N+ matches" without ever counting a huge range.

Typed text is searched on every keystroke, and most searches are a few indexed reads of tens of
microseconds: the statements are prepared text, run on the DB-API connection, so that Python's
part stays smaller than SQLite's. The same ranges are read on PostgreSQL, whose search columns
compare bytes as SQLite's do (migration 0010), so each range holds the same rows in the same
order there; but there each statement is a round trip to the server, so the ranges, the
ranking and the rows go as one statement (storage.postgresql.search).
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections.abc import Sequence
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.domain.listing import GuestRow
from guestbook.storage.postgresql import search as server
from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.guest_list import OWED_ON_1, PRIMARY_PHONE, row_columns
from guestbook.storage.sqlite.raw import PostgresqlRaw, Raw, dbapi

COUNT_CAP = 1000  # past this, "1,000+ matches: type more" is all anyone needs
# A name word range larger than this ("m" among a million guests) is never read whole: a
# multi-word search then probes it for at most PROBE_BUDGET guests of its rarest word.
BROAD = 50_000
PROBE_BUDGET = 5_000


# What typed text was read as: the phone ranges to read (("e164" | "digits_reversed", prefix)),
# the folded name words, an email's lower-cased start. Plain tuples, not named ones: a search
# runs on every keystroke, and most take tens of microseconds.
Terms = tuple[Sequence[tuple[str, str]], Sequence[str], str]
NO_TERMS: Terms = ((), (), "")
# The rows found, how many guests match (at most COUNT_CAP), and whether there are more.
Found = tuple[tuple[GuestRow, ...], int, bool]


_LAST = chr(sys.maxunicode)


def prefix_end(prefix: str) -> str | bytes:
    """The smallest string greater than every string starting with `prefix`: its last
    character bumped, after dropping the trailing U+10FFFF that cannot be (what starts with
    'a' and U+10FFFF ends before 'b'). A prefix of U+10FFFF only has no such string: an empty
    BLOB, which SQLite sorts after every text, bounds its range then (_until says it on
    PostgreSQL). Past U+D7FF comes U+E000 (the surrogates between are no text, and UTF-8,
    which SQLite compares, skips them too)."""
    stem = prefix.rstrip(_LAST)
    if not stem:
        return b""
    code = ord(stem[-1]) + 1
    return stem[:-1] + chr(0xE000 if 0xD800 <= code <= 0xDFFF else code)  # no surrogate


def _until(database: Raw, prefix: str) -> tuple[str, str | bytes]:
    """The comparison and the value that end `prefix`'s range: `< prefix_end(prefix)`.

    PostgreSQL compares text with no BLOB, and no text sorts after every other: a prefix of
    U+10FFFF only is ended there by `>= prefix`, which repeats the start and so says no end.
    That is exact: comparing bytes, a text no lower than such a prefix starts with it, as UTF-8
    holds no character above U+10FFFF."""
    end = prefix_end(prefix)
    if end == b"" and isinstance(database, PostgresqlRaw):
        return ">=", prefix
    return "<", end


def _ended(database: Raw, sql: str, prefix: str) -> tuple[str, str | bytes]:
    """A statement of one range ended by `< ?` (_range_sql's, _NAME_WORD_SIZE) as _until ends
    `prefix`'s range, and the value that ends it."""
    until, end = _until(database, prefix)
    return (sql if until == "<" else sql.replace(" < ?", f" {until} ?")), end


def find_guests(connection: Connection, terms: Terms, today: dt.date, limit: int) -> Found:
    """Guests matching any of the terms, best-ordered, with a capped count of all matches."""
    database, w = dbapi(connection), words(connection)
    phone_ranges, name_words, email_prefix = terms
    if isinstance(database, PostgresqlRaw):
        return _found_on_server(database, terms, today, limit)
    if not name_words and len(phone_ranges) + (email_prefix != "") == 1:
        return _one_range(database, w, phone_ranges, email_prefix, today, limit)
    found = [_range_ids(database, _PHONE_RANGES[column], prefix) for column, prefix in phone_ranges]
    if name_words:
        found.append(_name_ids(database, list(name_words)))
    if email_prefix:
        found.append(_range_ids(database, _EMAIL_START, email_prefix))
    if len(found) == 1:
        ordered, capped = found[0].ids, found[0].capped
    else:
        ordered = list(dict.fromkeys(guest_id for matches in found for guest_id in matches.ids))
        capped = any(matches.capped for matches in found)
    capped = capped or len(ordered) > COUNT_CAP
    total = min(len(ordered), COUNT_CAP) if capped else len(ordered)
    # Every match shown: alphabetical reads best. Else the best-ranked first.
    every_match = not capped and total <= limit
    rows = _load_rows(
        database, w, ordered[:limit], today, alphabetical=every_match, numbers=phone_ranges
    )
    return rows, total, capped


def _found_on_server(database: Raw, terms: Terms, today: dt.date, limit: int) -> Found:
    """find_guests on PostgreSQL: the same ranges, chained, ranked, counted and joined to their
    rows by the server in one statement, the same rules applied to what it says."""
    phone_ranges, name_words, email_prefix = terms
    one = not name_words and len(phone_ranges) + (email_prefix != "") == 1
    # An empty prefix is no range, but for a search of one range (as _one_range reads it).
    reads = [
        _range_read(database, _PHONE_RANGES[column], prefix, read=COUNT_CAP)
        for column, prefix in phone_ranges
        if prefix or one
    ]
    probed = False
    if name_words:
        words = list(dict.fromkeys(name_words))
        if len(words) == 1:
            if words[0]:
                reads.append(_range_read(database, _NAME_WORD, words[0], read=COUNT_CAP * 2))
        else:
            sizes = server.range_sizes(database, [_size_read(database, word) for word in words])
            name_read, probed = _words_read(database, words, dict(zip(words, sizes, strict=True)))
            reads.append(name_read)
    if email_prefix:
        reads.append(_range_read(database, _EMAIL_START, email_prefix, read=COUNT_CAP))
    if not reads:
        return (), 0, False
    numbers = []  # each phone range: its column, how it ends (_until), its prefix and end
    for column, prefix in phone_ranges:
        until, end = _until(database, prefix)
        numbers.append((column, until, prefix, end))
    rows, matches, full = server.found_rows(database, reads, numbers, today.isoformat(), limit)
    capped = probed or full or matches > COUNT_CAP
    total = min(matches, COUNT_CAP) if capped else matches
    if not capped and total <= limit:  # every match shown: alphabetical, as _rows_sql says
        rows.sort(key=lambda row: (row.name_key, row.guest_id))
    return tuple(rows), total, capped


def _one_range(
    database: Raw,
    w: Words,
    phone_ranges: Sequence[tuple[str, str]],
    email_prefix: str,
    today: dt.date,
    limit: int,
) -> Found:
    """find_guests for one index range (an email's start, a number typed whole): what a host
    types most, where the statements take a few microseconds and every step of Python around
    them shows in the time."""
    if email_prefix:
        sql, prefix = _EMAIL_START, email_prefix
    else:
        ((column, prefix),) = phone_ranges
        sql = _PHONE_RANGES[column]
    sql, end = _ended(database, sql, prefix)
    read = database.execute(sql, (prefix, end, COUNT_CAP)).fetchall()
    ids = [guest_id for (guest_id,) in dict.fromkeys(read)]
    capped = len(read) >= COUNT_CAP
    every_match = not capped and len(ids) <= limit
    rows = _load_rows(
        database, w, ids[:limit], today, alphabetical=every_match, numbers=phone_ranges
    )
    return rows, len(ids), capped


def _load_rows(
    database: Raw,
    w: Words,
    ids: list[int],
    today: dt.date,
    *,
    alphabetical: bool,
    numbers: Sequence[tuple[str, str]],
) -> tuple[GuestRow, ...]:
    """The rows of these guests, erased guests left out, with their rewards owed today and,
    for a phone search (`numbers`: its ranges), the number that was found: in alphabetical order, or else in the order
    given (the ranking). One statement: a search takes tens of microseconds, and each
    statement more costs several."""
    if not ids:
        return ()
    if numbers:
        found: list[tuple[str, str]] = []  # each phone range: its column, how it ends
        bounds: list[object] = []
        for column, prefix in numbers:
            until, end = _until(database, prefix)
            found.append((column, until))
            bounds += (prefix, end)
        sql = _rows_sql(len(ids), alphabetical, tuple(found), w)
        rows = database.execute(sql, (today.isoformat(), *bounds, *ids)).fetchall()
    else:  # no phone found: nothing to bind but the day (each step counts at this scale)
        sql = _rows_sql(len(ids), alphabetical, (), w)
        rows = database.execute(sql, (today.isoformat(), *ids)).fetchall()
    if not alphabetical:
        by_id = {row[0]: row for row in rows}
        rows = [by_id[guest_id] for guest_id in ids if guest_id in by_id]
    return tuple(map(GuestRow._make, rows))


@functools.lru_cache(maxsize=256)
def _rows_sql(
    count: int, alphabetical: bool, phone_ranges: tuple[tuple[str, str], ...], w: Words
) -> str:
    # ?1 is today, ?2… the bounds of the phone ranges (column, how each ends: _until); the
    # bare ? of the ids number on after.
    shown_phone = PRIMARY_PHONE
    if phone_ranges:
        # The guest's first number (by position) among those found: their primary one when it
        # was found, else the one that explains why they are listed.
        found = " OR ".join(
            f"({column} >= ?{2 + 2 * index} AND {column} {until} ?{3 + 2 * index})"
            for index, (column, until) in enumerate(phone_ranges)
        )
        shown_phone = (
            f"coalesce((SELECT e164 FROM phone WHERE phone.guest_id = guest.id AND ({found}) "
            f"ORDER BY position, id LIMIT 1), {PRIMARY_PHONE})"
        )
    columns = row_columns(phone=shown_phone, owed=OWED_ON_1, words=w)
    marks = ", ".join("?" * count)
    sql = f"SELECT {columns} FROM guest WHERE id IN ({marks}) AND erased_at IS NULL"
    return sql + " ORDER BY name_key, id" if alphabetical else sql


class _Matches(NamedTuple):
    ids: list[int]  # distinct, in the index's order
    capped: bool  # the range held more rows than were read


def _range_sql(table: str, column: str) -> str:
    # Only guest_token's key holds guest_id; elsewhere a second sort term would sort the whole
    # range before the LIMIT.
    order = f"{column}, guest_id" if table == "guest_token" else column
    return (
        f"SELECT guest_id FROM {table} WHERE {column} >= ? AND {column} < ? "
        f"ORDER BY {order} LIMIT ?"
    )


_PHONE_RANGES = {column: _range_sql("phone", column) for column in ("e164", "digits_reversed")}
_EMAIL_START = _range_sql("email", "address")
_NAME_WORD = _range_sql("guest_token", "token")
_NAME_WORD_SIZE = (
    "SELECT count(*) FROM (SELECT 1 FROM guest_token WHERE token >= ? AND token < ? LIMIT ?) "
    "AS word"
)


def _range_read(database: Raw, sql: str, prefix: str, *, read: int) -> server.Read:
    """The statement of `sql`'s range (from _range_sql) for `prefix`, its values before the
    LIMIT, and that limit."""
    sql, end = _ended(database, sql, prefix)
    return sql, (prefix, end), read


def _range_ids(database: Raw, sql: str, prefix: str, *, read: int = COUNT_CAP) -> _Matches:
    """Distinct guest ids whose column (in `sql`, from _range_sql) starts with `prefix`, in
    index order, from at most `read` rows."""
    if not prefix:
        return _Matches([], capped=False)
    sql, values, read = _range_read(database, sql, prefix, read=read)
    rows = database.execute(sql, (*values, read)).fetchall()
    return _Matches([guest_id for (guest_id,) in dict.fromkeys(rows)], len(rows) >= read)


def _name_ids(database: Raw, words: list[str]) -> _Matches:
    """Guests having, for every typed word, a name word starting with it (_words_read)."""
    words = list(dict.fromkeys(words))
    if len(words) == 1:
        # A guest appears once per matching word of their name, hence reading past the cap.
        return _range_ids(database, _NAME_WORD, words[0], read=COUNT_CAP * 2)
    sizes = {word: _range_size(database, word) for word in words}
    (sql, values, read), probed = _words_read(database, words, sizes)
    ids = [value for (value,) in database.execute(sql, (*values, read))]
    unique = list(dict.fromkeys(ids))
    return _Matches(unique, probed or len(ids) >= read)


def _words_read(database: Raw, words: list[str], sizes: dict[str, int]) -> tuple[server.Read, bool]:
    """The read of the guests having a name word starting with each of several `words`
    (`sizes`: how many name words start with each, _range_size), and whether it is probed
    (then it holds more than it reads).

    The rarest word drives, read in token order (so "dup" lists Dupont before Dupuis). Every
    other word filters it: `IN (its range)` when that range is small (SQLite builds it once),
    else a probe per guest, and then only the driver's first PROBE_BUDGET rows are probed, so
    two huge ranges ("m j" among a million guests) never meet whole.
    """
    driver, *others = sorted(words, key=lambda word: (sizes[word], -len(word)))
    broad = [word for word in others if sizes[word] >= BROAD]
    until, end = _until(database, driver)
    params: list[object] = [driver, end]
    source = "guest_token"
    if broad:
        source = (
            f"(SELECT token, guest_id FROM guest_token WHERE token >= ? AND token {until} ? "
            f"ORDER BY token, guest_id LIMIT {PROBE_BUDGET})"
        )
        params *= 2
    filters = ""
    for word in others:
        word_until, word_end = _until(database, word)
        if word in broad:
            filters += (
                " AND EXISTS (SELECT 1 FROM guest_token o WHERE o.guest_id = t.guest_id"
                f" AND o.token >= ? AND o.token {word_until} ?)"
            )
        else:  # the + keeps SQLite on the driver's range, reading this set once
            filters += (
                " AND +t.guest_id IN (SELECT guest_id FROM guest_token"
                f" WHERE token >= ? AND token {word_until} ?)"
            )
        params += [word, word_end]
    sql = (
        f"SELECT t.guest_id FROM {source} t WHERE t.token >= ? AND t.token {until} ?"
        f"{filters} ORDER BY t.token, t.guest_id LIMIT ?"
    )
    probed = bool(broad) and sizes[driver] > PROBE_BUDGET
    return (sql, tuple(params), COUNT_CAP * 2), probed


def _size_read(database: Raw, word: str) -> server.Read:
    """The count of the name words starting with `word`, counted just far enough to pick the
    rarest and to know whether it is broad or beyond the probe budget."""
    sql, end = _ended(database, _NAME_WORD_SIZE, word)
    return sql, (word, end), max(BROAD, PROBE_BUDGET + 1)


def _range_size(database: Raw, word: str) -> int:
    """How many name words start with `word` (_size_read)."""
    sql, values, limit = _size_read(database, word)
    ((size,),) = database.execute(sql, (*values, limit)).fetchall()
    return int(size)
