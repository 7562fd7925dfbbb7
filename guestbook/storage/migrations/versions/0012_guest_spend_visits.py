"""guest.spend_visits: how many of the guest's visits have a known spend, kept on their row

A regular's yearly value (the report's at-risk figures, product.md "Reports and feedback") is
their average share per visit whose spend is known, × 365 / their usual interval. The average
divided the guest's spend_cents by a count of those visits made for each regular at each
report: a walk of their seats and tables, 2 s of the report's 11 s at 1,000,000 guests (a
third of a million regulars). The count is one of the visit summary columns now, written with
the others (services.summaries) in the transaction that moves the visits.

Existing rows get their count from the visit tables.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One pass over the seats, grouped by guest (UPDATE … FROM: SQLite 3.33 and later, PostgreSQL).
BACKFILL = """
UPDATE guest SET spend_visits = known.visits
FROM (SELECT vg.guest_id, count(*) AS visits
      FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id
      WHERE v.spend_cents IS NOT NULL AND vg.guest_id IS NOT NULL
      GROUP BY vg.guest_id) AS known
WHERE known.guest_id = guest.id
"""


def upgrade() -> None:
    with op.batch_alter_table("guest") as batch_op:
        batch_op.add_column(
            sa.Column("spend_visits", sa.Integer(), nullable=False, server_default="0")
        )
    op.execute(BACKFILL)


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35 and later, PostgreSQL), as 0009's downgrade.
    op.execute("ALTER TABLE guest DROP COLUMN spend_visits")
