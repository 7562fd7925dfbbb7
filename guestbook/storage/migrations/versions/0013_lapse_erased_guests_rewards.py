"""What guests erased before 0013 were still owed lapses, as an erasure now does

An erased guest can never redeem a reward (their card is gone), yet their unredeemed rewards
stayed valid and were counted as owed: the Referrals summary, the guest list, the agenda (a user
walk). An erasure now lapses them in its own transaction (storage.sqlite.rewards.lapse_owed);
this does the same for the guests erased before: a reward still to redeem on the day of the
erasure ends the day before it (its start moved back with it when it was not valid yet). The
rows stay, as every erased guest's rows do.

The downgrade leaves them lapsed: which end each had is not kept, and nobody may redeem them.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-08 02:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The day before the erasure's (UTC) day, in each engine's words.
_EVE = {
    "sqlite": "date(g.erased_at, '-1 day')",
    "postgresql": "CAST(g.erased_at AS DATE) - 1",
}
LAPSE = """
UPDATE reward SET
  valid_to = (SELECT {eve} FROM guest g WHERE g.id = reward.guest_id),
  valid_from = CASE WHEN valid_from > (SELECT {eve} FROM guest g WHERE g.id = reward.guest_id)
                    THEN (SELECT {eve} FROM guest g WHERE g.id = reward.guest_id)
                    ELSE valid_from END
WHERE redeemed_visit_id IS NULL
  AND guest_id IN (SELECT id FROM guest WHERE erased_at IS NOT NULL)
  AND valid_to > (SELECT {eve} FROM guest g WHERE g.id = reward.guest_id)
"""


def upgrade() -> None:
    op.execute(LAPSE.format(eve=_EVE[op.get_bind().dialect.name]))


def downgrade() -> None:
    pass  # lapsed they stay (see above)
