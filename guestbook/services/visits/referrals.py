"""Recording a referral (parrainage): validated, and settled at once if the friend came."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from guestbook.domain.referrals import ReferralError, check_referral
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.services.summaries.referrals import settle_referral
from guestbook.storage.tables import Referral

if TYPE_CHECKING:
    from sqlmodel import Session

    from guestbook.services.context import Services

# The sponsor's chain upwards, through an index on referral.referred_id: only the rows that can
# close a cycle are read, never the whole referral table.
_CHAIN_SQL = """
WITH RECURSIVE chain(referred_id, sponsor_id, depth) AS (
    SELECT referred_id, sponsor_id, 0 FROM referral WHERE referred_id = :sponsor
    UNION ALL
    SELECT r.referred_id, r.sponsor_id, c.depth + 1
    FROM referral r JOIN chain c ON r.referred_id = c.sponsor_id
    WHERE c.depth < 10000
)
SELECT referred_id, sponsor_id FROM chain
UNION ALL
SELECT referred_id, sponsor_id FROM referral WHERE referred_id = :referred
"""


@dataclass(frozen=True)
class AddedReferral:
    referral_id: int
    sponsor_reward_id: int | None  # issued at once when the friend has already visited


def add_referral(
    session: Session, *, sponsor_id: int, referred_id: int, services: Services
) -> AddedReferral:
    """Validate and insert a referral in the caller's transaction."""
    rows = session.connection().execute(
        text(_CHAIN_SQL), {"sponsor": sponsor_id, "referred": referred_id}
    )
    sponsor_of = {int(referred): int(sponsor) for referred, sponsor in rows}
    involved = {sponsor_id, referred_id, *sponsor_of, *sponsor_of.values()}
    names = {
        int(guest_id): display_name(first, last)
        for guest_id, first, last in session.connection().execute(
            text(
                "SELECT id, first_name, last_name FROM guest WHERE id IN "
                f"({', '.join(str(int(i)) for i in involved)})"
            )
        )
    }
    try:
        check_referral(sponsor_id, referred_id, sponsor_of, names)
    except ReferralError as error:
        raise UserError(str(error)) from None
    referral = Referral(
        sponsor_id=sponsor_id, referred_id=referred_id, recorded_at=services.clock.now()
    )
    session.add(referral)
    session.flush()
    assert referral.id is not None
    reward = settle_referral(
        session, referred_id, now=services.clock.now(), settings=services.settings
    )
    return AddedReferral(referral.id, reward)


def record_referral(services: Services, *, sponsor_id: int, referred_id: int) -> int:
    """Record that `sponsor_id` brought `referred_id` (UserError if the rules forbid it)."""
    added = services.write(
        lambda session: add_referral(
            session, sponsor_id=sponsor_id, referred_id=referred_id, services=services
        )
    )
    return added.referral_id
