"""A message's plan in SQL (services.messages): for every guest of an audience, what decides the
channel that reaches them, in one walk of the guest table; domain.reach decides.

SQL does not write the choice again: it packs each guest's facts into one integer (a "reach
key": which channels have usable contact data, each channel's consent granted, refused or never
asked, erased or not), and domain.reach.channel_for is asked once per distinct key (a few
hundred at most). Counting the plan is a GROUP BY of that key; listing it reads (guest, key,
contacts) and looks the key up; the guests left out are found by their keys.

Usable contact data (shared/product.md, "Purposes"): an email; a mobile number for SMS (the
guest row's primary_mobile, which services.summaries keeps by domain.contact.is_mobile); an
address with a postcode for a letter; any phone for a call.

On PostgreSQL (issue 19) the same key is the sum of booleans cast to integers (`reach_key`):
its index (ix_guest_reach) is made on that spelling, which the server also matches word for
word.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterator
from typing import Any, NamedTuple

from sqlalchemy import Connection

from guestbook.domain.audience import Audience
from guestbook.domain.channels import CHANNELS
from guestbook.domain.reach import channel_for
from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.raw import dbapi, stamp

_CONSENT_SHIFT, _ERASED_BIT = 8, 16

# Whether a guest has what each channel needs, over the guest table's columns.
_USABLE = {
    "email": "coalesce(primary_email, '') <> ''",
    "sms": "coalesce(primary_mobile, 0)",
    "post": "address <> '' AND postcode <> ''",
    "call": "primary_phone IS NOT NULL",
}

# The reach key: bit i says channel i (CHANNELS order) is usable; two bits per channel from
# bit 8 say its consent (0 refused, 1 granted, 2 never asked); bit 16, erased. An index on
# this very expression (ix_guest_reach, migration 0008; SQLite uses it only for the same
# expression) lets a plan of every guest read the index alone: 0.2 s at a million guests,
# where evaluating it row by row took 2 to 4 s.
REACH_KEY_SQL = " + ".join(
    [f"(({_USABLE[key]}) << {i})" for i, key in enumerate(CHANNELS)]
    + [
        f"(coalesce(consent_{key}, 2) << {_CONSENT_SHIFT + 2 * i})"
        for i, key in enumerate(CHANNELS)
    ]
    + [f"((erased_at IS NOT NULL) << {_ERASED_BIT})"]
)

# Whether a guest has what each channel needs, on PostgreSQL: the same conditions, as integers.
_USABLE_PG = {
    "email": "(coalesce(primary_email, '') <> '')::int",
    "sms": "coalesce(primary_mobile::int, 0)",
    "post": "(address <> '' AND postcode <> '')::int",
    "call": "(primary_phone IS NOT NULL)::int",
}

# The reach key on PostgreSQL, whose booleans shift only once cast: written as migration 0008
# wrote ix_guest_reach there (REACH_KEY_PG_SQL), or the server would not use the index.
REACH_KEY_PG_SQL = " + ".join(
    [f"({_USABLE_PG[key]} << {i})" for i, key in enumerate(CHANNELS)]
    + [
        f"(coalesce(consent_{key}::int, 2) << {_CONSENT_SHIFT + 2 * i})"
        for i, key in enumerate(CHANNELS)
    ]
    + [f"((erased_at IS NOT NULL)::int << {_ERASED_BIT})"]
)


def reach_key(words: Words) -> str:
    """The reach key in the words of `words`' engine (the one its index is made on)."""
    return REACH_KEY_PG_SQL if words.postgresql else REACH_KEY_SQL


@functools.lru_cache(maxsize=4096)
def choice_of(key: int, order: tuple[str, ...], needs_consent: bool) -> str:
    """The channel (or the reason left out) of a guest whose reach key is `key`."""
    usable = {channel: bool(key >> i & 1) for i, channel in enumerate(CHANNELS)}
    states = {0: False, 1: True, 2: None}
    consent = {
        channel: states[key >> (_CONSENT_SHIFT + 2 * i) & 3] for i, channel in enumerate(CHANNELS)
    }
    erased = bool(key >> _ERASED_BIT & 1)
    return channel_for(usable, consent, erased=erased, order=order, needs_consent=needs_consent)


def _where(audience: Audience, today: dt.date, words: Words) -> tuple[str, dict[str, Any]]:
    """The audience's filters as a WHERE clause over the guest table `g`, with its values."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if audience.visited_from is not None and audience.visited_to is not None:
        clauses.append(
            "g.id IN (SELECT vg.guest_id FROM visit v JOIN visit_guest vg ON vg.visit_id = v.id"
            " WHERE v.visited_on BETWEEN :visited_from AND :visited_to)"
        )
        params |= {
            "visited_from": audience.visited_from.isoformat(),
            "visited_to": audience.visited_to.isoformat(),
        }
    if audience.postcodes:
        # Ranges on the postcode's index rather than LIKE (which the index serves only with
        # case_sensitive_like on). Compared byte by byte on PostgreSQL too: a language's
        # collation may ignore the range's last character, U+FFFF, and find no postcode.
        postcode = words.bytewise("g.postcode")
        ranges = []
        for n, prefix in enumerate(audience.postcodes):
            ranges.append(f"({postcode} >= :pc{n} AND {postcode} < :pc{n}_end)")
            params[f"pc{n}"] = prefix.upper()
            params[f"pc{n}_end"] = prefix.upper() + "\uffff"
        clauses.append("(" + " OR ".join(ranges) + ")")
    if audience.last_visit_since is not None:
        clauses.append("g.last_visit_on >= :since")
        params["since"] = audience.last_visit_since.isoformat()
    if audience.last_visit_before is not None:
        clauses.append("g.last_visit_on < :before")
        params["before"] = audience.last_visit_before.isoformat()
    if audience.regulars:
        clauses.append("g.late_from IS NOT NULL")
    if audience.late_regulars:
        clauses.append("g.late_from <= :today")
        params["today"] = today.isoformat()
    if audience.birth_month is not None:
        clauses.append("g.birth_month = :birth_month")
        params["birth_month"] = audience.birth_month
    if audience.sponsors:
        clauses.append("g.id IN (SELECT sponsor_id FROM referral)")
    return (" AND ".join(clauses) or "TRUE"), params


def reach_counts(connection: Connection, audience: Audience, today: dt.date) -> dict[int, int]:
    """The guests of the audience counted by reach key (choice_of says what each key gets)."""
    spoken = words(connection)
    where, params = _where(audience, today, spoken)
    sql = f"SELECT {reach_key(spoken)} AS reach, count(*) FROM guest g WHERE {where} GROUP BY reach"
    return {int(key): int(count) for key, count in dbapi(connection).execute(sql, params)}


class ReachRow(NamedTuple):
    guest_id: int
    key: int
    email: str | None
    phone: str | None
    postal: str | None  # the address and postcode, when both are there
    first_name: str
    last_name: str

    def address(self, channel: str) -> str:
        """The address `channel` uses."""
        found = {"email": self.email, "sms": self.phone, "call": self.phone, "post": self.postal}
        return found.get(channel) or ""


def reach_rows(
    connection: Connection,
    audience: Audience,
    today: dt.date,
    keys: Collection[int] | None = None,
) -> Iterator[ReachRow]:
    """The guests of the audience (those whose reach key is one of `keys`, when given: through
    the index, the few left out of a million are found at once), by guest number."""
    spoken = words(connection)
    where, params = _where(audience, today, spoken)
    reach = reach_key(spoken)
    if keys is not None:
        where += f" AND {reach} IN ({', '.join(str(int(key)) for key in keys) or 'NULL'})"
    sql = (
        f"SELECT g.id, {reach}, g.primary_email, g.primary_phone,"
        " CASE WHEN g.address <> '' AND g.postcode <> '' THEN g.address || ', ' || g.postcode END,"
        f" g.first_name, g.last_name FROM guest g WHERE {where} ORDER BY g.id"
    )
    for row in dbapi(connection).execute(sql, params):
        yield ReachRow(*row)


# What a send makes of a delivery row (storage.sqlite.message_deliveries says their life):
# 'done' is never written again (sent, or handed over); 'held' waits for a moment to come (an
# SMS outside its hours); 'open' is written at the next send (new, skipped, failed, due).
_ROW_STATE = """CASE WHEN d.status = 'sent' OR (d.status = 'queued' AND d.attempts > 0) THEN 'done'
  WHEN d.status = 'queued' AND d.due_at > :now THEN 'held' ELSE 'open' END"""


def delivery_states(
    connection: Connection, audience: Audience, today: dt.date, message_id: int, now: dt.datetime
) -> dict[tuple[int, str, str], int]:
    """The guests of the audience the message has a delivery row for, counted by reach key,
    the row's channel and what a send makes of the row ('done', 'held' or 'open')."""
    spoken = words(connection)
    where, params = _where(audience, today, spoken)
    # The reach key names the guest's columns bare (as its index does): read in a subquery of
    # the guest table alone, where `address` is the guest's and not the delivery's.
    sql = (
        f"SELECT r.reach, d.channel, {_ROW_STATE}, count(*)"
        f" FROM (SELECT g.id, {reach_key(spoken)} AS reach FROM guest g WHERE {where}) r"
        " JOIN message_delivery d ON d.guest_id = r.id AND d.message_id = :message"
        " GROUP BY 1, 2, 3"
    )
    params |= {"message": message_id, "now": stamp(now)}
    found = dbapi(connection).execute(sql, params)
    return {(int(key), str(channel), str(state)): int(n) for key, channel, state, n in found}
