"""Recording a table's visit and keeping every guest's visit summary in step.

A visit is what "came back" means in every report, so the summary columns (visit count, last
visit, usual interval, late_from, spend share) are recomputed from the visits in the same
transaction. A referred guest's first visit settles the referral: the sponsor's reward and
thank-you call, exactly once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlmodel import Session, col, select

from guestbook.domain.calls import is_regular, lapse_window, usual_interval
from guestbook.services.summaries.late_from import rebuild_late_from, refresh_late_from

__all__ = [
    "rebuild_late_from",
    "record_visit",
    "refresh_late_from",
    "refresh_visit_summary",
    "settle_referral",
]
from guestbook.domain.rewards import sponsor_reward_window
from guestbook.errors import UserError
from guestbook.settings import Settings
from guestbook.storage.tables import Guest, Referral, Reward, Visit, VisitGuest


@dataclass(frozen=True)
class RecordedVisit:
    visit_id: int
    sponsor_rewards: tuple[int, ...]  # rewards issued because a referred guest first came


def record_visit(
    session: Session,
    *,
    visited_on: dt.date,
    guest_ids: Sequence[int],
    party_size: int,
    spend_cents: int,
    now: dt.datetime,
    settings: Settings,
    occasion: str = "",
    note: str = "",
) -> RecordedVisit:
    """Write one table's visit; the caller commits (checkout saves more in the same transaction)."""
    known = list(dict.fromkeys(guest_ids))
    if party_size < max(1, len(known)):
        raise UserError(f"a table of {party_size} cannot seat {len(known)} known guests")
    if spend_cents < 0:
        raise UserError("the spend cannot be negative")
    visit = Visit(
        visited_on=visited_on,
        party_size=party_size,
        spend_cents=spend_cents,
        occasion=occasion.strip(),
        note=note.strip(),
        created_at=now,
    )
    session.add(visit)
    session.flush()
    assert visit.id is not None
    for guest_id in known:
        session.add(VisitGuest(visit_id=visit.id, guest_id=guest_id))
    session.flush()
    connection = session.connection()
    rewards = []
    for guest_id in known:
        refresh_visit_summary(connection, guest_id, settings)
        reward = settle_referral(session, guest_id, now=now, settings=settings)
        if reward is not None:
            rewards.append(reward)
    return RecordedVisit(visit.id, tuple(rewards))


def refresh_visit_summary(connection: Connection, guest_id: int, settings: Settings) -> None:
    """Recompute one guest's visit summary columns from the visit tables."""
    rows = connection.execute(
        text(
            "SELECT v.id, v.visited_on, v.spend_cents, "
            "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id AND x.guest_id IS NOT NULL), "
            "(SELECT min(x.guest_id) FROM visit_guest x WHERE x.visit_id = v.id) "
            "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id"
        ),
        {"id": guest_id},
    ).all()
    days = sorted({dt.date.fromisoformat(str(row[1])) for row in rows})
    spend = sum(_share(row[2], row[3], row[4] == guest_id) for row in rows)
    last = days[-1] if days else None
    interval = usual_interval(days, last) if last else None
    late_from = None
    if last is not None and interval and is_regular(days, last):
        late_from = lapse_window(
            last, interval, settings.lapse_factor, settings.lapse_min_days
        ).late_from
    connection.execute(
        text(
            "UPDATE guest SET visit_count = :count, last_visit_on = :last, "
            "visit_interval_days = :interval, late_from = :late, spend_cents = :spend "
            "WHERE id = :id"
        ),
        {
            "count": len(rows),
            "last": last.isoformat() if last else None,
            "interval": interval,
            "late": late_from.isoformat() if late_from else None,
            "spend": spend,
            "id": guest_id,
        },
    )


def _share(spend_cents: int, guests_present: int, first: bool) -> int:
    """A table's spend split evenly; the first guest (lowest id) takes the remainder, so the
    shares always add up to the table's spend."""
    share, remainder = divmod(spend_cents, max(guests_present, 1))
    return share + (remainder if first else 0)


def settle_referral(
    session: Session, referred_id: int, *, now: dt.datetime, settings: Settings
) -> int | None:
    """If `referred_id` was referred and has visited, reward the sponsor once. Returns the
    reward's id when one was issued now."""
    referral = session.exec(select(Referral).where(Referral.referred_id == referred_id)).first()
    if referral is None or referral.rewarded_at is not None:
        return None
    first_visit = session.exec(
        select(col(Visit.visited_on))
        .join(VisitGuest, col(VisitGuest.visit_id) == Visit.id)
        .where(VisitGuest.guest_id == referred_id)
        .order_by(col(Visit.visited_on))
    ).first()
    if first_visit is None:
        return None
    referral.first_visit_on = first_visit
    referral.rewarded_at = now
    session.add(referral)
    referred = session.get(Guest, referred_id)
    window = sponsor_reward_window(now.astimezone().date(), settings.rewards["sponsor"])
    reward = Reward(
        guest_id=referral.sponsor_id,
        kind="sponsor",
        reason=f"Brought {referred.first_name if referred else 'a friend'} {referred.last_name if referred else ''}".strip(),
        valid_from=window.valid_from,
        valid_to=window.valid_to,
        issued_by_referral_id=referral.id,
        created_at=now,
    )
    session.add(reward)
    session.flush()
    return reward.id
