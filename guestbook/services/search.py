"""Search as you type: names by word prefix, phones by their start or end, emails by prefix.

Every kind is a range on an index (`x >= prefix AND x < prefix-with-last-char-bumped`), so a
query costs the same on a thousand guests as on a million. Matches are read in index order up
to a cap: the first `limit` make the results, and the capped count says "N matches" or "N+
matches" without ever counting a huge range.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from sqlalchemy import Connection

from guestbook.domain.contact import phone_query
from guestbook.domain.text import fold
from guestbook.services.guest_list import GuestRow, load_rows

RESULT_LIMIT = 200
COUNT_CAP = 1000  # past this, "1,000+ matches: type more" is all anyone needs
# A name word range larger than this ("m" among a million guests) is never read whole: a
# multi-word search then probes it for at most PROBE_BUDGET guests of its rarest word.
BROAD = 50_000
PROBE_BUDGET = 5_000

# Digits and the punctuation people write phone numbers with, nothing else.
_PHONE_TEXT = re.compile(r"[+\d\s().\-/]+")


@dataclass(frozen=True)
class SearchResult:
    query: str
    rows: tuple[GuestRow, ...]
    total: int  # matching guests, at most COUNT_CAP
    capped: bool  # True when there are more than `total`
    kinds: tuple[str, ...]  # what the text was read as: "name", "phone", "email"

    @property
    def total_text(self) -> str:
        if self.capped:
            return f"{self.total:,}+ matches"
        return f"{self.total:,} match{'es' if self.total != 1 else ''}"


def prefix_end(prefix: str) -> str:
    """The smallest string greater than every string starting with `prefix`."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def search_guests(
    connection: Connection,
    text: str,
    *,
    today: dt.date,
    region: str = "FR",
    limit: int = RESULT_LIMIT,
) -> SearchResult:
    """Guests matching what was typed, best-ordered, with a capped count of all matches."""
    query = text.strip()
    found: list[_Matches] = []
    kinds: list[str] = []
    phone = phone_query(query, region) if _PHONE_TEXT.fullmatch(query) else None
    if phone is not None:
        kinds.append("phone")
        for prefix in phone.e164_prefixes:
            found.append(_range_ids(connection, "phone", "e164", prefix))
        if phone.last_digits:
            found.append(
                _range_ids(connection, "phone", "digits_reversed", phone.last_digits[::-1])
            )
    elif query:
        words = fold(query).split() if "@" not in query else []  # an address is no name
        if words:
            kinds.append("name")
            found.append(_name_ids(connection, words))
        if " " not in query and any(char.isalpha() for char in query):
            kinds.append("email")
            found.append(_range_ids(connection, "email", "address", query.lower()))
    ordered = list(dict.fromkeys(guest_id for matches in found for guest_id in matches.ids))
    capped = any(matches.capped for matches in found) or len(ordered) > COUNT_CAP
    rows = load_rows(connection, ordered[:limit], today)
    total = min(len(ordered), COUNT_CAP) if capped else len(ordered)
    if not capped and total <= limit:  # every match is shown: alphabetical reads best
        rows = tuple(sorted(rows, key=lambda row: (row.name_key, row.guest_id)))
    return SearchResult(query, rows, total, capped, tuple(kinds))


@dataclass(frozen=True)
class _Matches:
    ids: list[int]  # distinct, in the index's order
    capped: bool  # the range held more rows than were read


def _range_ids(
    connection: Connection, table: str, column: str, prefix: str, *, read: int = COUNT_CAP
) -> _Matches:
    """Distinct guest ids whose `column` starts with `prefix`, in index order, from at most
    `read` rows."""
    if not prefix:
        return _Matches([], capped=False)
    # Only guest_token's key holds guest_id; elsewhere a second sort term would sort the whole
    # range before the LIMIT.
    order = f"{column}, guest_id" if table == "guest_token" else column
    ids = _column(
        connection,
        f"SELECT guest_id FROM {table} WHERE {column} >= ? AND {column} < ? "
        f"ORDER BY {order} LIMIT ?",
        (prefix, prefix_end(prefix), read),
    )
    return _Matches(list(dict.fromkeys(ids)), len(ids) >= read)


def _name_ids(connection: Connection, words: list[str]) -> _Matches:
    """Guests having, for every typed word, a name word starting with it.

    The rarest word drives, read in token order (so "dup" lists Dupont before Dupuis). Every
    other word filters it: `IN (its range)` when that range is small (SQLite builds it once),
    else a probe per guest, and then only the driver's first PROBE_BUDGET rows are probed, so
    two huge ranges ("m j" among a million guests) never meet whole.
    """
    words = list(dict.fromkeys(words))
    if len(words) == 1:
        # A guest appears once per matching word of their name, hence reading past the cap.
        return _range_ids(connection, "guest_token", "token", words[0], read=COUNT_CAP * 2)
    sizes = {word: _range_size(connection, word) for word in words}
    driver, *others = sorted(words, key=lambda word: (sizes[word], -len(word)))
    broad = [word for word in others if sizes[word] >= BROAD]
    params: list[object] = [driver, prefix_end(driver)]
    source = "guest_token"
    if broad:
        source = (
            "(SELECT token, guest_id FROM guest_token WHERE token >= ? AND token < ? "
            f"ORDER BY token, guest_id LIMIT {PROBE_BUDGET})"
        )
        params *= 2
    filters = ""
    for word in others:
        if word in broad:
            filters += (
                " AND EXISTS (SELECT 1 FROM guest_token o WHERE o.guest_id = t.guest_id"
                " AND o.token >= ? AND o.token < ?)"
            )
        else:  # the + keeps SQLite on the driver's range, reading this set once
            filters += (
                " AND +t.guest_id IN (SELECT guest_id FROM guest_token"
                " WHERE token >= ? AND token < ?)"
            )
        params += [word, prefix_end(word)]
    ids = _column(
        connection,
        f"SELECT t.guest_id FROM {source} t WHERE t.token >= ? AND t.token < ?{filters} "
        "ORDER BY t.token, t.guest_id LIMIT ?",
        (*params, COUNT_CAP * 2),
    )
    unique = list(dict.fromkeys(ids))
    capped = (bool(broad) and sizes[driver] > PROBE_BUDGET) or len(ids) >= COUNT_CAP * 2
    return _Matches(unique, capped)


def _column(connection: Connection, sql: str, params: Sequence[object]) -> list[int]:
    """The first column as ints, through the DB-API cursor: thousands of ids are read here, and
    SQLAlchemy's row objects would cost four times the query itself."""
    driver_connection = cast("sqlite3.Connection", connection.connection.driver_connection)
    return [int(value) for (value,) in driver_connection.execute(sql, tuple(params))]


def _range_size(connection: Connection, word: str) -> int:
    """How many name words start with `word`, counted just far enough to pick the rarest and
    to know whether it is broad or beyond the probe budget."""
    (size,) = _column(
        connection,
        "SELECT count(*) FROM (SELECT 1 FROM guest_token WHERE token >= ? AND token < ? LIMIT ?)",
        (word, prefix_end(word), max(BROAD, PROBE_BUDGET + 1)),
    )
    return size
