"""The guest row's visit summary: how many visits, the last one, the usual interval, when a
regular becomes late (late_from), and the guest's share of what their tables spent (seat_share:
the one rule of a guest's share). Recomputed from the visit tables in the transaction that
moves them (domain.calls holds the other rules)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from sqlalchemy import Connection, text

from guestbook.domain.calls import is_regular, lapse_window, usual_interval
from guestbook.settings import Settings


class VisitSummary(NamedTuple):
    visit_count: int
    last_visit_on: dt.date | None
    visit_interval_days: int | None
    late_from: dt.date | None
    spend_cents: int  # the guest's shares of the tables whose spend is known
    spend_visits: int = 0  # the visits whose spend is known: what an average divides by
    home_site: str = ""  # where they came most (home_site)

    @property
    def average_spend_cents(self) -> int | None:
        """The guest's average share per visit, over the visits whose spend is known (None
        when none is): a table with no spend typed never drags it down."""
        return self.spend_cents // self.spend_visits if self.spend_visits else None


class Seat(NamedTuple):
    """One table a guest sat at: its date, its spend (None: not typed, unknown), how many sat
    there, and the guest's seat: their rank by id among the known guests at it."""

    visited_on: dt.date
    spend_cents: int | None
    party_size: int
    seat: int
    site: str = ""  # where the table was (migration 0009)

    @property
    def share_cents(self) -> int | None:
        return seat_share(self.spend_cents, self.party_size, self.seat)


def seat_share(spend_cents: int | None, party_size: int, seat: int) -> int | None:
    """product.md "Spend per guest": a table's spend split evenly among everyone who sat at it
    (its party size, known guests or not), in cents; the remainder cents go one each to the
    first seats, the known guests by id first, so the shares of a table add up to its spend
    whoever is known. None when the spend is unknown. The one home of the rule: the guest
    row's spend, the card and the ambassadors all read what it gives."""
    if spend_cents is None:
        return None
    part, remainder = divmod(spend_cents, max(party_size, seat + 1, 1))
    return part + (1 if seat < remainder else 0)


def home_site(seats: Iterable[Seat]) -> str:
    """product.md "Restaurant groups": a guest's home site is where they came most; between
    sites visited as often, the one of the latest visit. Visits recorded before the group
    named its sites ('') count only for a guest who has no other."""
    counts: dict[str, tuple[int, dt.date]] = {}
    for seat in seats:
        visits, last = counts.get(seat.site, (0, seat.visited_on))
        counts[seat.site] = (visits + 1, max(last, seat.visited_on))
    named = {site: count for site, count in counts.items() if site} or counts
    return max(named, key=lambda site: named[site], default="")


def visit_summary(seats: Iterable[Seat], settings: Settings) -> VisitSummary:
    """The summary columns of a guest who sat at these tables."""
    seats = list(seats)
    days = sorted({seat.visited_on for seat in seats})
    shares = [share for seat in seats if (share := seat.share_cents) is not None]
    last = days[-1] if days else None
    interval = usual_interval(days, last) if last else None
    late_from = None
    if last is not None and interval and is_regular(days, last):
        late_from = lapse_window(
            last, interval, settings.lapse_factor, settings.lapse_min_days
        ).late_from
    return VisitSummary(
        len(seats), last, interval, late_from, sum(shares), len(shares), home_site(seats)
    )


# A guest's tables: the spend, the party, and the guest's seat (known guests before them).
_SEATS_SQL = (
    "SELECT v.visited_on, v.spend_cents, v.party_size, "
    "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id AND x.guest_id < :id), v.site "
    "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id"
)


def seats_of(connection: Connection, guest_id: int) -> list[Seat]:
    """Every table the guest sat at, as a Seat."""
    return [
        Seat(
            dt.date.fromisoformat(str(on)),
            None if spend is None else int(spend),
            int(party),
            int(seat),
            str(site),
        )
        for on, spend, party, seat, site in connection.execute(text(_SEATS_SQL), {"id": guest_id})
    ]


def read_visit_summary(connection: Connection, guest_id: int, settings: Settings) -> VisitSummary:
    """One guest's visit summary, computed from the visit tables (what refresh_visits writes)."""
    return visit_summary(seats_of(connection, guest_id), settings)


def refresh_visits(connection: Connection, guest_id: int, settings: Settings) -> None:
    """Recompute one guest's visit summary columns from the visit tables."""
    summary = read_visit_summary(connection, guest_id, settings)
    connection.execute(
        text(
            "UPDATE guest SET visit_count = :count, last_visit_on = :last, "
            "visit_interval_days = :interval, late_from = :late, spend_cents = :spend, "
            "spend_visits = :spend_visits, home_site = :home WHERE id = :id"
        ),
        {
            "count": summary.visit_count,
            "last": summary.last_visit_on.isoformat() if summary.last_visit_on else None,
            "interval": summary.visit_interval_days,
            "late": summary.late_from.isoformat() if summary.late_from else None,
            "spend": summary.spend_cents,
            "spend_visits": summary.spend_visits,
            "home": summary.home_site,
            "id": guest_id,
        },
    )
