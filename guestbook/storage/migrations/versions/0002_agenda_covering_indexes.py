"""agenda covering indexes

The agenda reads a few percent of the guests, scattered over the whole table: at a million
guests that was one random page read per call (40,000 pages). These indexes hold every column
the agenda reads, in the agenda's order, for the guests it can call, so its queries read a few
contiguous pages of index instead.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 18:10:00
"""

from collections.abc import Sequence

from alembic import op

from guestbook.storage.dialects import partial_index

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CALLABLE = "primary_phone IS NOT NULL AND consent_call = 1"
CALLABLE_PG = "primary_phone IS NOT NULL AND consent_call"  # PostgreSQL: a boolean
# fmt: off
BIRTHDAY_CALL_COLUMNS = [
    "birth_month", "birth_day", "name_key", "id", "first_name", "last_name", "primary_phone",
    "consent_call", "birth_year", "last_visit_on", "partner_id", "partner_name",
]
WINBACK_COLUMNS = [
    "late_from", "name_key", "id", "first_name", "last_name", "primary_phone", "consent_call",
    "erased_at", "last_visit_on", "visit_interval_days",
]
ATTEMPT_COLUMNS = ["reason", "occasion_on", "guest_id", "referral_id", "at", "outcome"]
# fmt: on


def upgrade() -> None:
    with op.batch_alter_table("guest", schema=None) as batch_op:
        batch_op.drop_index("ix_guest_birthday")
        batch_op.drop_index("ix_guest_late_from")
    with op.batch_alter_table("call_attempt", schema=None) as batch_op:
        batch_op.drop_index("ix_call_attempt_occasion")
    # Birthdays in a window: counted per day with consent and phone, without reading rows.
    op.create_index(
        "ix_guest_birthday", "guest", ["birth_month", "birth_day", "consent_call", "primary_phone"]
    )
    op.create_index(
        "ix_guest_birthday_call",
        "guest",
        BIRTHDAY_CALL_COLUMNS,
        **partial_index(CALLABLE, CALLABLE_PG),
    )
    op.create_index(
        "ix_guest_winback",
        "guest",
        WINBACK_COLUMNS,
        **partial_index(
            f"late_from IS NOT NULL AND erased_at IS NULL AND {CALLABLE}",
            f"late_from IS NOT NULL AND erased_at IS NULL AND {CALLABLE_PG}",
        ),
    )
    # An occasion's attempts summed up by the agenda without reading their rows.
    op.create_index("ix_call_attempt_occasion", "call_attempt", ATTEMPT_COLUMNS)
    # Rewards a guest may redeem: one seek per guest on the agenda, never a table row.
    op.create_index(
        "ix_reward_open_guest",
        "reward",
        ["guest_id", "valid_to", "valid_from", "redeemed_visit_id"],
        **partial_index("redeemed_visit_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_reward_open_guest", table_name="reward")
    op.drop_index("ix_call_attempt_occasion", table_name="call_attempt")
    op.drop_index("ix_guest_winback", table_name="guest")
    op.drop_index("ix_guest_birthday_call", table_name="guest")
    op.drop_index("ix_guest_birthday", table_name="guest")
    op.create_index(
        "ix_call_attempt_occasion", "call_attempt", ["reason", "occasion_on", "guest_id"]
    )
    op.create_index("ix_guest_birthday", "guest", ["birth_month", "birth_day"])
    op.create_index("ix_guest_late_from", "guest", ["late_from"])
