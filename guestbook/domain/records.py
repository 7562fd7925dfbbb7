"""A guest as every export format writes them, and who goes in the file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from guestbook.domain.birthdays import Birthday


@dataclass(frozen=True)
class ExportFilters:
    """Who goes in the file. Every filter narrows; none means every guest (erased aside)."""

    consent: str | None = None  # only guests who accepted this channel
    postcode: str | None = None  # postcode starting with this
    visited_since: dt.date | None = None  # last visit on or after
    visited_until: dt.date | None = None  # last visit on or before
    has_birthday: bool = False


class GuestRecord(NamedTuple):
    id: int
    first_name: str
    last_name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    birthday: Birthday | None
    partner: str | None  # the partner guest's name, or the name typed, or None
    address: str
    postcode: str
    notes: str
    preferences: str
    consent: dict[str, bool | None]
    last_visit_on: str | None
    visit_count: int
    # The partner is a guest of this list (linked), not a name only: the JSON export says so,
    # so that an import of it never links a name-only partner to a namesake.
    partner_is_guest: bool = False
