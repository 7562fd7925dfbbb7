"""What a visits import writes, in bulk: a visit per ticket with its guest's seat and its link
to the import (the ticket's key), then each touched guest's visit summary once, then the
referrals the visits settle. The statements are storage.sqlite.visits_import's.

The summaries follow services.summaries.visits' rule (visit_summary over the guest's seats,
the seat counting the known guests at the same table), as refresh_visits writes them one guest
at a time; the referrals go through services.summaries.referrals, as a checkout's do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection

from guestbook.services.importing.store import SUMMARY_COLUMNS, VISIT_COLUMNS, summary_values
from guestbook.services.summaries.referrals import settle_referral
from guestbook.services.summaries.visits import Seat, visit_summary
from guestbook.services.visits_import.check import ValidTicket
from guestbook.settings import Settings
from guestbook.storage.sqlite import import_store
from guestbook.storage.sqlite import visits_import as sql

if TYPE_CHECKING:
    from sqlmodel import Session

_LINK_COLUMNS = ("batch_id", "visit_id", "ticket_key", "line")


def write_visits(
    connection: Connection,
    batch_id: int,
    recorded: Sequence[tuple[ValidTicket, int]],
    at: str,
    site: str,
) -> None:
    """A visit for each (ticket, guest id): the table of the ticket's party size and amount,
    the guest seated at it, the ticket linked to the import."""
    ids = sql.next_ids(connection, ("visit", "visit_guest"))
    visits: list[tuple[object, ...]] = []
    seats: list[tuple[object, ...]] = []
    links: list[tuple[object, ...]] = []
    for offset, (ticket, guest_id) in enumerate(recorded):
        visit_id = ids["visit"] + offset
        on = ticket.visited_on.isoformat()
        visits.append((visit_id, on, ticket.party_size, ticket.amount_cents, "", "", at, site))
        seats.append((ids["visit_guest"] + offset, visit_id, guest_id))
        links.append((batch_id, visit_id, ticket.key, ticket.line))
    sql.insert_rows(connection, "visit", VISIT_COLUMNS, visits)
    sql.insert_rows(connection, "visit_guest", ("id", "visit_id", "guest_id"), seats)
    sql.insert_rows(connection, "visit_import_ticket", _LINK_COLUMNS, links)


def refresh_summaries(connection: Connection, guest_ids: Sequence[int], settings: Settings) -> None:
    """Each guest's visit summary, from every table they sat at (read in batches)."""
    seats: dict[int, list[Seat]] = {guest_id: [] for guest_id in guest_ids}
    days: dict[str, dt.date] = {}
    for guest_id, on, spend, party, seat, site in sql.seats_of(connection, guest_ids):
        day = days.get(on) or days.setdefault(on, dt.date.fromisoformat(str(on)))
        spent = None if spend is None else int(spend)
        seats[guest_id].append(Seat(day, spent, party, seat, site))
    rows = [
        (*summary_values(visit_summary(found, settings)), guest_id)
        for guest_id, found in seats.items()
    ]
    import_store.update_guests(connection, SUMMARY_COLUMNS, rows)


def settle_referrals(
    session: Session, guest_ids: Sequence[int], *, now: dt.datetime, settings: Settings
) -> list[dict[str, Any]]:
    """Settle the referrals of the referred guests among `guest_ids` who now have a visit
    (the sponsor's reward and thank-you call, exactly once). Returns what undo needs: each
    referral settled, its first visit date before, and the reward issued."""
    connection = session.connection()
    settled: list[dict[str, Any]] = []
    for referred_id in sql.unsettled_referrals(connection, guest_ids):
        referral_id, first_visit_before = sql.referral_of(connection, referred_id)
        reward_id = settle_referral(session, referred_id, now=now, settings=settings)
        if reward_id is not None:
            settled.append(
                {
                    "referral": referral_id,
                    "referred": referred_id,
                    "first_visit_on": first_visit_before,
                    "reward": reward_id,
                }
            )
    return settled
