"""The guests behind a figure of the report (issue 17: "each figure opens the guests behind
it"): the invited guests of the period's birthday calls, those of them who came back and
those who did not, the top fifth of the period's guests by what they spent, the referred
guests who came. The late regulars are the agenda's win-back calls, not a list of their own.

Each list is the figure's own rule, not a second copy of it: the invited and the returns are
the report's birthday occasions judged by services.reports.came_back, the top fifth and the
referred guests are counted as storage.sqlite.report counts them. Lists are read when the
owner opens one, at most `limit` guests long (with the length of the whole list).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Connection

from guestbook.domain.listing import GuestRow
from guestbook.domain.text import display_name
from guestbook.services.context import Services
from guestbook.services.reports import RETURN_DAYS, birthday_window, came_back, invited
from guestbook.settings import Settings
from guestbook.storage.sqlite import report_birthdays as birthdays_sql
from guestbook.storage.sqlite import report_guests as sql
from guestbook.storage.sqlite.report import Period

LIMIT = 5_000  # guests listed at most: the owner reads the top of a list, not all of it


class Behind(StrEnum):
    """The figures that open their guests."""

    INVITED = "invited"  # the period's birthday calls: the guests invited (reached or booked)
    RETURNED = "returned"  # of them, who came back within RETURN_DAYS of the birthday
    NOT_RETURNED = "not-returned"  # of them, who did not
    TOP_SPENDERS = "top-spenders"  # the top fifth of the period's guests by their shares
    REFERRED = "referred"  # referred guests whose first visit fell in the period


@dataclass(frozen=True)
class Invitation:
    birthday: dt.date  # the occasion
    visits: int  # from the call to RETURN_DAYS after the birthday
    cents: int  # the guest's shares of them


@dataclass(frozen=True)
class Spend:
    cents: int | None  # the guest's shares of the period's tables; None: no spend typed
    visits: int


@dataclass(frozen=True)
class FirstVisit:
    on: dt.date
    cents: int | None  # the guest's shares of the period's tables; None: no spend typed
    sponsor: str | None  # the sponsor's name; None: erased


Fact = Invitation | Spend | FirstVisit


@dataclass(frozen=True)
class GuestsBehind:
    behind: Behind
    start: dt.date
    end: dt.date
    total: int  # guests in the whole list; `rows` holds the first `limit`
    rows: tuple[GuestRow, ...]
    facts: Mapping[int, tuple[Fact, ...]]  # guest → what puts them in the list

    @property
    def capped(self) -> bool:
        return self.total > len(self.rows)


Listed = tuple[int, list[tuple[int, Fact]]]  # the whole list's length; (guest, fact) in order


def guests_behind(
    services: Services, behind: Behind, period: Period, limit: int = LIMIT, site: str = ""
) -> GuestsBehind:
    """The guests behind the figure `behind` of `period`, in the list's order; of `site`'s
    report (services.reports), or the whole group's."""
    today, settings = services.clock.today(), services.settings

    def work(connection: Connection) -> GuestsBehind:
        total, listed = _LISTS[behind](connection, _Scope(period, settings, limit, site))
        facts: dict[int, tuple[Fact, ...]] = {}
        for guest_id, fact in listed:
            facts[guest_id] = (*facts.get(guest_id, ()), fact)
        rows = sql.guest_rows(connection, list(facts), today)
        return GuestsBehind(behind, period[0], period[1], total, rows, facts)

    return services.read(work)


@dataclass(frozen=True)
class _Scope:
    """What a list is read for: the period, the settings, at most `limit` guests, the site."""

    period: Period
    settings: Settings
    limit: int
    site: str


def _invitations(connection: Connection, scope: _Scope, keep: Behind) -> Listed:
    """The invitations of the calls due in the period, by birthday, as `keep` filters them."""
    window = birthday_window(scope.period, scope.settings)
    attempted = birthdays_sql.attempted_birthdays(connection, window, RETURN_DAYS, scope.site)
    occasions = [
        occasion
        for occasion in attempted
        if invited(occasion)
        and (keep is Behind.INVITED or came_back(occasion) == (keep is Behind.RETURNED))
    ]
    occasions.sort(key=lambda occasion: (occasion.birthday, occasion.guest_id))
    guests = list(dict.fromkeys(occasion.guest_id for occasion in occasions))
    shown = set(guests[: scope.limit])
    return len(guests), [
        (
            occasion.guest_id,
            Invitation(
                occasion.birthday,
                int(occasion.came),
                int(occasion.came_cents),
            ),
        )
        for occasion in occasions
        if occasion.guest_id in shown
    ]


def _top_spenders(connection: Connection, scope: _Scope) -> Listed:
    total, spenders = sql.top_spenders(connection, scope.period, scope.limit, scope.site)
    return total, [(found.guest_id, Spend(found.cents, found.visits)) for found in spenders]


def _referred(connection: Connection, scope: _Scope) -> Listed:
    total, referred = sql.referred_who_came(connection, scope.period, scope.limit, scope.site)
    return total, [
        (
            found.guest_id,
            FirstVisit(
                found.first_visit_on,
                found.cents,
                None
                if found.sponsor_erased
                else display_name(found.sponsor_first_name, found.sponsor_last_name),
            ),
        )
        for found in referred
    ]


def _invited_as(keep: Behind) -> Callable[[Connection, _Scope], Listed]:
    return lambda connection, scope: _invitations(connection, scope, keep)


_LISTS: dict[Behind, Callable[[Connection, _Scope], Listed]] = {
    Behind.INVITED: _invited_as(Behind.INVITED),
    Behind.RETURNED: _invited_as(Behind.RETURNED),
    Behind.NOT_RETURNED: _invited_as(Behind.NOT_RETURNED),
    Behind.TOP_SPENDERS: _top_spenders,
    Behind.REFERRED: _referred,
}
