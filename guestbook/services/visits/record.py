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

from sqlmodel import Session

from guestbook.errors import UserError
from guestbook.i18n import _, ngettext
from guestbook.services.summaries.referrals import settle_referral
from guestbook.services.summaries.visits import refresh_visits
from guestbook.settings import Settings
from guestbook.storage.tables import Visit, VisitGuest


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
    spend_cents: int | None,
    now: dt.datetime,
    settings: Settings,
    occasion: str = "",
    note: str = "",
) -> RecordedVisit:
    """Write one table's visit; the caller commits (checkout saves more in the same transaction).
    A spend of None was not typed: unknown, not 0.00 €."""
    known = list(dict.fromkeys(guest_ids))
    if party_size < max(1, len(known)):
        raise UserError(
            ngettext(
                "a table of {party} cannot seat {count} known guest",
                "a table of {party} cannot seat {count} known guests",
                len(known),
            ).format(party=party_size, count=len(known))
        )
    if spend_cents is not None and spend_cents < 0:
        raise UserError(_("the spend cannot be negative"))
    visit = Visit(
        visited_on=visited_on,
        party_size=party_size,
        spend_cents=spend_cents,
        occasion=occasion.strip(),
        note=note.strip(),
        created_at=now,
        site=settings.site,
    )
    session.add(visit)
    session.flush()
    assert visit.id is not None
    for guest_id in known:
        session.add(VisitGuest(visit_id=visit.id, guest_id=guest_id))
    session.flush()
    connection = session.connection()
    rewards = []
    for guest_id in known:  # every share of the table depends on who else is known at it
        refresh_visits(connection, guest_id, settings)
        reward = settle_referral(session, guest_id, now=now, settings=settings)
        if reward is not None:
            rewards.append(reward)
    return RecordedVisit(visit.id, tuple(rewards))
