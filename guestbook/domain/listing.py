"""A guest as a list or a search shows them: one line, made straight from the database's row."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

from guestbook.domain.birthdays import Birthday
from guestbook.domain.text import display_name
from guestbook.i18n import _


class SortOrder(StrEnum):
    NAME = "name"  # last name then first name, folded
    LAST_VISIT = "last_visit"  # most recent first, never-visited last


class GuestRow(NamedTuple):
    """One line of a guest list or of search results: the row as the database returns it,
    with dates and the birthday made on access. A page makes hundreds of these; a frozen
    dataclass holding a checked Birthday and a parsed date cost three times the query."""

    guest_id: int
    first_name: str
    last_name: str
    phone: str | None  # primary (or, in search results, the number found), E.164
    birth_day: int | None
    birth_month: int | None
    birth_year: int | None
    last_visit: str | None  # ISO date
    visit_count: int
    rewards_owed: int
    name_key: str
    erased: bool = False

    @property
    def last_visit_on(self) -> dt.date | None:
        return dt.date.fromisoformat(self.last_visit) if self.last_visit else None

    @property
    def name(self) -> str:
        return _("(erased)") if self.erased else display_name(self.first_name, self.last_name)

    @property
    def birthday(self) -> Birthday | None:
        if self.birth_day is None or self.birth_month is None:
            return None
        return Birthday(self.birth_day, self.birth_month, self.birth_year)
