"""Search as you type: names by word prefix, phones by their start or end, emails by prefix.

What the typed text is read as (a phone number, names, an email's start) is decided here; the
indexed ranges are read by storage.sqlite.search.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from sqlalchemy import Connection

from guestbook.domain.contact import PhoneQuery, phone_query
from guestbook.domain.listing import GuestRow
from guestbook.domain.text import fold
from guestbook.i18n import _, ngettext, number
from guestbook.services.context import Services
from guestbook.storage.sqlite.search import NO_TERMS, Terms, find_guests

RESULT_LIMIT = 200

# Digits and the punctuation people write phone numbers with, nothing else.
_PHONE_TEXT = re.compile(r"[+\d\s().\-/]+")
_LETTER = re.compile(r"[^\W\d_]")  # a letter of any alphabet: text that can begin an address


class SearchResult(NamedTuple):
    query: str
    rows: tuple[GuestRow, ...]
    total: int  # matching guests, at most storage.sqlite.search.COUNT_CAP
    capped: bool  # True when there are more than `total`
    kinds: tuple[str, ...]  # what the text was read as: "name", "phone", "email"

    @property
    def total_text(self) -> str:
        """'1,234 matches', '5,000+ matches', 'No match', in guestbook's language."""
        count = number(self.total)
        if self.capped:
            return ngettext("{count}+ match", "{count}+ matches", self.total).format(count=count)
        if not self.total:
            return _("No match")
        return ngettext("{count} match", "{count} matches", self.total).format(count=count)


def search_guests(services: Services, text: str, *, limit: int = RESULT_LIMIT) -> SearchResult:
    """Guests matching what was typed, best-ordered, with a capped count of all matches."""
    today, region = services.clock.today(), services.settings.phone_region
    return services.read(
        lambda connection: search_on(connection, text, today=today, region=region, limit=limit)
    )


def search_on(
    connection: Connection,
    text: str,
    *,
    today: dt.date,
    region: str = "FR",
    limit: int = RESULT_LIMIT,
) -> SearchResult:
    query = text.strip()
    if not query.isascii():  # a lone surrogate (pasted, or a bad terminal byte) is no text
        query = query.encode("utf-8", "replace").decode("utf-8")
    terms, kinds = read_terms(query, region)
    if not kinds:
        return SearchResult(query, (), 0, False, ())
    # Positional: a search runs on every keystroke, in tens of microseconds.
    return SearchResult(query, *find_guests(connection, terms, today, limit), kinds)


def read_terms(query: str, region: str) -> tuple[Terms, tuple[str, ...]]:
    """What `query` is searched as, and the kinds it was read as."""
    phone = phone_query(query, region) if _PHONE_TEXT.fullmatch(query) else None
    if phone is not None:
        return (_phone_ranges(phone), (), ""), _PHONE
    if not query:
        return NO_TERMS, ()
    words = tuple(fold(query).split()) if "@" not in query else ()  # an address is no name
    email = query.lower() if " " not in query and _LETTER.search(query) else ""
    kinds = (("name",) if words else ()) + (("email",) if email else ())
    return ((), words, email), kinds


def _phone_ranges(phone: PhoneQuery) -> list[tuple[str, str]]:
    """(column, prefix) of the phone table's ranges to read: numbers starting so, or ending
    with the last digits typed (a prefix of the reversed digits)."""
    ranges = [("e164", prefix) for prefix in phone.e164_prefixes if prefix]
    if phone.last_digits:
        ranges.append(("digits_reversed", phone.last_digits[::-1]))
    return ranges


_PHONE = ("phone",)
