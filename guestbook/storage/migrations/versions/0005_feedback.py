"""guest feedback: effort and satisfaction scores, with a comment and how they were given

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ces", sa.Integer(), nullable=True),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("comment", sa.String(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("staff", sa.String(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("ces IS NULL OR ces BETWEEN 1 AND 7", name="ces"),
        sa.CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction"
        ),
        sa.CheckConstraint("ces IS NOT NULL OR satisfaction IS NOT NULL", name="a_score"),
        sa.CheckConstraint(
            "channel IN ('in_person', 'phone', 'paper', 'email')", name="feedback_channel"
        ),
        sa.ForeignKeyConstraint(["guest_id"], ["guest.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_feedback_guest", "feedback", ["guest_id", "at"])
    op.create_index("ix_feedback_at", "feedback", ["at"])


def downgrade() -> None:
    op.drop_index("ix_feedback_at", table_name="feedback")
    op.drop_index("ix_feedback_guest", table_name="feedback")
    op.drop_table("feedback")
