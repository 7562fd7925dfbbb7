"""feedback calls: a low score puts a call on the agenda, once per response

The agenda gets a fourth reason, `feedback` (domain.reasons): the CHECK on call_attempt.reason
admits it. SQLite cannot change a CHECK in place, so call_attempt is rebuilt (Alembic's batch
copy): every row keeps its id and values, its indexes are made again as they were, and the
reward table's foreign key, which names the table, points at the new one.

A guest may give two responses on one day, so an attempt names the response it is about
(call_attempt.feedback_id), not only its date. A response is called back about once someone
spoke to the guest about it (feedback.called_back_at). ix_feedback_to_call holds the low
responses by that moment, '9999-12-31' while there is none: the few still to call back about
(and those called back since yesterday, done today) are one short range of it, which is all
the agenda reads of the feedback table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from guestbook.storage.dialects import partial_index, rebuild

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# As of this revision (domain.reasons, domain.feedback may move on; a migration must not).
REASONS_BEFORE = "reason IN ('birthday', 'referral_thanks', 'winback')"
REASONS_AFTER = "reason IN ('birthday', 'referral_thanks', 'winback', 'feedback')"
LOW = "(ces <= 3 OR satisfaction <= 2)"
CALL_BACK = "coalesce(called_back_at, '9999-12-31')"


def upgrade() -> None:
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.add_column(sa.Column("called_back_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "ix_feedback_to_call",
        "feedback",
        [sa.text(CALL_BACK), "at", "guest_id"],
        **partial_index(LOW),
    )
    with op.batch_alter_table("call_attempt", recreate=rebuild(op.get_bind())) as batch_op:
        batch_op.add_column(sa.Column("feedback_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_call_attempt_feedback_id_feedback"),
            "feedback",
            ["feedback_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(op.f("ck_call_attempt_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_call_attempt_reason"), sa.text(REASONS_AFTER))


def downgrade() -> None:
    # The calls about feedback cannot stay under the old CHECK.
    op.execute("DELETE FROM call_attempt WHERE reason = 'feedback'")
    op.drop_index("ix_feedback_to_call", table_name="feedback")
    with op.batch_alter_table("call_attempt", recreate=rebuild(op.get_bind())) as batch_op:
        batch_op.drop_constraint(op.f("ck_call_attempt_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_call_attempt_reason"), sa.text(REASONS_BEFORE))
        batch_op.drop_constraint(op.f("fk_call_attempt_feedback_id_feedback"), type_="foreignkey")
        batch_op.drop_column("feedback_id")
    with op.batch_alter_table("feedback") as batch_op:
        batch_op.drop_column("called_back_at")
