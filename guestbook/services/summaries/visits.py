"""The guest row's visit summary: how many visits, the last one, the usual interval, when a
regular becomes late (late_from), and the guest's share of what their tables spent. Recomputed
from the visit tables in the transaction that moves them (domain.calls holds the rules)."""

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
    spend_cents: int


class Seat(NamedTuple):
    """One table a guest sat at: its date, its spend, the known guests at it, and whether this
    guest has the lowest id among them (who takes the remainder of the split)."""

    visited_on: dt.date
    spend_cents: int
    guests_present: int
    first: bool


def visit_summary(seats: Iterable[Seat], settings: Settings) -> VisitSummary:
    """The summary columns of a guest who sat at these tables."""
    seats = list(seats)
    days = sorted({seat.visited_on for seat in seats})
    spend = sum(share(seat.spend_cents, seat.guests_present, seat.first) for seat in seats)
    last = days[-1] if days else None
    interval = usual_interval(days, last) if last else None
    late_from = None
    if last is not None and interval and is_regular(days, last):
        late_from = lapse_window(
            last, interval, settings.lapse_factor, settings.lapse_min_days
        ).late_from
    return VisitSummary(len(seats), last, interval, late_from, spend)


def share(spend_cents: int, guests_present: int, first: bool) -> int:
    """A table's spend split evenly; the first guest (lowest id) takes the remainder, so the
    shares always add up to the table's spend."""
    part, remainder = divmod(spend_cents, max(guests_present, 1))
    return part + (remainder if first else 0)


def refresh_visits(connection: Connection, guest_id: int, settings: Settings) -> None:
    """Recompute one guest's visit summary columns from the visit tables."""
    rows = connection.execute(
        text(
            "SELECT v.visited_on, v.spend_cents, "
            "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id AND x.guest_id IS NOT NULL), "
            "(SELECT min(x.guest_id) FROM visit_guest x WHERE x.visit_id = v.id) "
            "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id"
        ),
        {"id": guest_id},
    ).all()
    summary = visit_summary(
        (
            Seat(dt.date.fromisoformat(str(on)), int(spend), int(present), lowest == guest_id)
            for on, spend, present, lowest in rows
        ),
        settings,
    )
    connection.execute(
        text(
            "UPDATE guest SET visit_count = :count, last_visit_on = :last, "
            "visit_interval_days = :interval, late_from = :late, spend_cents = :spend "
            "WHERE id = :id"
        ),
        {
            "count": summary.visit_count,
            "last": summary.last_visit_on.isoformat() if summary.last_visit_on else None,
            "interval": summary.visit_interval_days,
            "late": summary.late_from.isoformat() if summary.late_from else None,
            "spend": summary.spend_cents,
            "id": guest_id,
        },
    )
