"""sites: where each visit and each call took place, and each guest's home site

A group of restaurants shares one guest base (issue 19, product.md "Restaurant groups"): each
visit (a checkout records one) and each call belongs to the site of the terminal that recorded
it (the `site` setting, or --site); '' is the one restaurant of a guestbook that has no sites.
guest.home_site is where the guest came most (services.summaries, with the other visit
summary columns): the agenda of a site lists its own guests through it.

Rows already there belong to no site (''): a restaurant that starts naming its sites later
keeps its history whole.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SITE_COLUMNS = (("visit", "site"), ("call_attempt", "site"), ("guest", "home_site"))


def upgrade() -> None:
    for table, column in SITE_COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(column, sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    # ALTER TABLE … DROP COLUMN (SQLite 3.35 and later, PostgreSQL): Alembic's batch copy would
    # lose the indexes on expressions it cannot reflect (ix_guest_reach).
    for table, column in reversed(SITE_COLUMNS):
        op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
