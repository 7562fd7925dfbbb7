"""Search as you type: names by word prefix, phones by their start or end, emails by prefix.

Every kind is a range on an index (`x >= prefix AND x < prefix-with-last-char-bumped`), so a
query costs the same on a thousand guests as on a million. Matches are read in index order up
to a cap: the first `limit` make the results, and the capped count says "N matches" or "more
than N" without ever counting a huge range.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.domain.contact import phone_query
from guestbook.domain.text import fold
from guestbook.services.guest_list import GuestRow, load_rows

RESULT_LIMIT = 200
COUNT_CAP = 1000  # past this, "more than 1,000 matches: type more" is all anyone needs
# A name word range larger than this ("m" among a million guests) is never read whole, and a
# multi-word search checks at most PROBE_BUDGET guests of it, a chunk at a time.
BROAD = 50_000
PROBE_BUDGET = 5_000
PROBE_CHUNK = 500

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
            return f"more than {self.total:,} matches"
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
        words = fold(query).split()
        if words and "@" not in query:
            kinds.append("name")
            found.append(_name_ids(connection, words))
        if " " not in query and any(char.isalpha() for char in query):
            kinds.append("email")
            found.append(_range_ids(connection, "email", "address", query.lower()))
    ordered = list(dict.fromkeys(guest_id for matches in found for guest_id in matches.ids))
    capped = any(matches.capped for matches in found) or len(ordered) > COUNT_CAP
    rows = load_rows(connection, ordered[:limit], today)
    total = min(len(ordered), COUNT_CAP) if capped else len(ordered)
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
    rows = connection.exec_driver_sql(
        f"SELECT guest_id FROM {table} WHERE {column} >= ? AND {column} < ? "
        f"ORDER BY {order} LIMIT ?",
        (prefix, prefix_end(prefix), read),
    )
    ids = [int(guest_id) for (guest_id,) in rows]
    return _Matches(list(dict.fromkeys(ids)), len(ids) >= read)


def _name_ids(connection: Connection, words: list[str]) -> _Matches:
    """Guests having, for every typed word, a name word starting with it.

    The rarest word drives, read in token order (so "dup" lists Dupont before Dupuis). Each
    other word filters it: a set read from its own range when that range is small enough, else
    probes per guest through ix_guest_token_guest_id, stopping once enough matches are found.
    No query ever intersects two huge ranges on the database side.
    """
    words = list(dict.fromkeys(words))
    if len(words) == 1:
        return _range_ids(connection, "guest_token", "token", words[0], read=COUNT_CAP * 2)
    sizes = {word: _range_size(connection, word) for word in words}
    driver, *others = sorted(words, key=lambda word: (sizes[word], -len(word)))
    # A guest appears once per matching word of their name, hence reading past the cap.
    candidates = _range_ids(connection, "guest_token", "token", driver, read=BROAD).ids
    capped = sizes[driver] >= BROAD
    for word in others:
        if sizes[word] < BROAD:
            keep = set(_range_ids(connection, "guest_token", "token", word, read=BROAD).ids)
            candidates = [guest_id for guest_id in candidates if guest_id in keep]
        else:
            candidates, stopped = _probe(connection, candidates, word)
            capped = capped or stopped
    return _Matches(candidates[:COUNT_CAP], capped or len(candidates) > COUNT_CAP)


def _probe(connection: Connection, candidates: list[int], word: str) -> tuple[list[int], bool]:
    """The candidates with a name word starting with `word`, checked a chunk at a time; stops
    (and says so) after COUNT_CAP matches or PROBE_BUDGET candidates."""
    kept: list[int] = []
    for start in range(0, len(candidates), PROBE_CHUNK):
        if len(kept) > COUNT_CAP or start >= PROBE_BUDGET:
            return kept, True
        chunk = candidates[start : start + PROBE_CHUNK]
        marks = ", ".join("?" * len(chunk))
        found = {
            guest_id
            for (guest_id,) in connection.exec_driver_sql(
                f"SELECT guest_id FROM guest_token WHERE guest_id IN ({marks}) "
                "AND +token >= ? AND +token < ?",
                (*chunk, word, prefix_end(word)),
            )
        }
        kept += [guest_id for guest_id in chunk if guest_id in found]
    return kept, False


def _range_size(connection: Connection, word: str) -> int:
    """How many name words start with `word`, counted up to BROAD (to pick the rarest)."""
    return int(
        connection.exec_driver_sql(
            "SELECT count(*) FROM (SELECT 1 FROM guest_token WHERE token >= ? AND token < ? "
            "LIMIT ?)",
            (word, prefix_end(word), BROAD),
        ).scalar_one()
    )
