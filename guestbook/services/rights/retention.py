"""The retention review: guests with no visit and no contact for `retention_years`.

product.md: the time counts from the latest of the last visit, the last contact from or with
the guest (a call reached or booked, a consent change, feedback) and the day the guest was
recorded (the CNIL: three years from collection or the last contact).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# dateutil 4 ships no type information (as in domain.rewards).
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import Connection

from guestbook.domain.calls import Outcome
from guestbook.domain.text import display_name
from guestbook.services.context import Services
from guestbook.storage.sql_words import Words, words
from guestbook.storage.sqlite.raw import as_date, as_moment, dbapi, local_date, stamp

_REACHED = (Outcome.REACHED.value, Outcome.BOOKED.value)

# Each guest's latest contact of every kind, for the guests with no visit since the cutoff
# who were recorded before it; those whose latest contact is before the cutoff are inactive.
_INACTIVE = """
SELECT id, first_name, last_name, created_at, last_visit_on,
  (SELECT max(at) FROM call_attempt c
    WHERE c.guest_id = g.id AND c.outcome IN (?, ?)) AS last_call,
  {latest} AS last_consent
FROM guest g
WHERE g.erased_at IS NULL AND g.created_at < ?
  AND (g.last_visit_on IS NULL OR g.last_visit_on < ?)
ORDER BY {name_key}, g.id
"""
_CONSENTED = "(SELECT max(at) FROM consent_event e WHERE e.guest_id = g.id)"
_GAVE_FEEDBACK = "(SELECT max(at) FROM feedback f WHERE f.guest_id = g.id)"


def _inactive_sql(words: Words) -> str:
    """_INACTIVE in `words`. SQLite's scalar max() is NULL when either side is: '' stands for
    none there (PostgreSQL's greatest() passes NULLs over, and no timestamp is ''). The unary
    + keeps SQLite from walking the name index over the whole table (5 s at a million guests):
    the guests without a visit since the cutoff are found through the last-visit index
    (30 ms), then sorted; PostgreSQL plans it so by itself, and has no + for text."""
    if words.postgresql:
        return _INACTIVE.format(
            latest=words.greatest(_CONSENTED, _GAVE_FEEDBACK), name_key="g.name_key"
        )
    latest = words.greatest(f"coalesce({_CONSENTED}, '')", f"coalesce({_GAVE_FEEDBACK}, '')")
    return _INACTIVE.format(latest=latest, name_key="+g.name_key")


@dataclass(frozen=True, slots=True)
class InactiveGuest:
    id: int
    name: str
    last_contact: dt.date  # the latest of the last visit, call reached, consent, recording
    last_visit: dt.date | None


def retention_cutoff(today: dt.date, years: int) -> dt.date:
    """The day before which a guest's last contact makes them inactive."""
    cutoff: dt.date = today - relativedelta(years=years)  # 29 February → 28 February
    return cutoff


def inactive_guests(services: Services, *, years: int | None = None) -> list[InactiveGuest]:
    """The guests to review: no visit and no contact for `years` (the setting by default),
    in name order."""
    cutoff = retention_cutoff(
        services.clock.today(), years if years is not None else services.settings.retention_years
    )
    return services.read(lambda connection: _inactive(connection, cutoff))


def _inactive(connection: Connection, cutoff: dt.date) -> list[InactiveGuest]:
    # Timestamps are stored as UTC: midnight UTC of the cutoff day is the boundary (a contact
    # a few hours either side of it does not turn three years into two).
    boundary = dt.datetime.combine(cutoff, dt.time(), dt.UTC)
    found: list[InactiveGuest] = []
    for guest_id, first, last, created, visited, called, consented in dbapi(connection).execute(
        _inactive_sql(words(connection)), (*_REACHED, stamp(boundary), cutoff.isoformat())
    ):
        consented = consented or None  # '' on SQLite when neither consent nor feedback
        if (called is not None and as_moment(called) >= boundary) or (
            consented is not None and as_moment(consented) >= boundary
        ):
            continue
        last_visit = as_date(visited)
        contacts = [local_date(created), *(local_date(at) for at in (called, consented) if at)]
        if last_visit is not None:
            contacts.append(last_visit)
        found.append(InactiveGuest(guest_id, display_name(first, last), max(contacts), last_visit))
    return found
