"""the audit of what was done with guests' data, and the log of erased guests

RGPD: the owner must be able to show who exported, opened an access bundle, erased or wrote to
guests, and when (audit_event); and a guest erased stays erased when an older backup is
restored, so the numbers of erased guests are kept, with nothing else (erasure).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("guests", sa.Integer(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])
    op.create_table(
        "erasure",
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("guest_id"),
    )


def downgrade() -> None:
    op.drop_table("erasure")
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    op.drop_table("audit_event")
