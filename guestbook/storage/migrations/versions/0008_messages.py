"""messages to guests: what the owner wrote and for whom, each guest's delivery, and whether a
guest's primary phone is a mobile's

A message keeps its purpose, text and audience's filters; each guest it reaches has one
delivery row (unique per message and guest: sending again never writes twice), with the
channel, the address used, the status and its reason, and the legal basis.

guest.primary_mobile says whether a text message reaches the primary phone
(domain.contact.is_mobile), kept with the primary phone by services.summaries: a message's plan
reads it for a million guests in one walk, where asking phonenumbers about each foreign number
then took a second.

Calls (product.md, "Delivery": the recipients go on the agenda with reason `notice`): the CHECK
on call_attempt.reason admits `notice`, and an attempt names the delivery it is about
(call_attempt.delivery_id), so call_attempt is rebuilt again as in 0007 (Alembic's batch copy:
every row, index and key kept). ix_message_delivery_to_call holds the deliveries handed over by
phone, by when their call ended ('9999-12-31' while it is on the agenda): the open calls are
one short range of it, which is all the agenda reads of messages.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from guestbook.domain.contact import FRENCH_MOBILE_PREFIXES, FRENCH_PREFIX, is_mobile
from guestbook.storage.dialects import SQLITE, partial_index, rebuild

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _mark_mobiles() -> None:
    """primary_mobile for every guest with a primary phone: French numbers by their prefix in
    one statement, the others (a few in a hundred) one by one through is_mobile."""
    prefixes = ", ".join(f"'{prefix}'" for prefix in FRENCH_MOBILE_PREFIXES)
    op.execute(
        f"UPDATE guest SET primary_mobile = substr(primary_phone, 1, {len(FRENCH_MOBILE_PREFIXES[0])})"
        f" IN ({prefixes}) WHERE substr(primary_phone, 1, {len(FRENCH_PREFIX)}) = '{FRENCH_PREFIX}'"
    )
    connection = op.get_bind()
    others = connection.execute(
        sa.text(
            "SELECT id, primary_phone FROM guest WHERE primary_phone IS NOT NULL"
            f" AND substr(primary_phone, 1, {len(FRENCH_PREFIX)}) <> '{FRENCH_PREFIX}'"
        )
    ).all()
    if others:
        connection.execute(
            sa.text("UPDATE guest SET primary_mobile = :mobile WHERE id = :id"),
            [{"id": guest_id, "mobile": is_mobile(phone)} for guest_id, phone in others],
        )


# As of this revision (domain.reasons, storage.sqlite.notice_calls may move on; a migration
# must not).
REASONS_BEFORE = "reason IN ('birthday', 'referral_thanks', 'winback', 'feedback')"
REASONS_AFTER = "reason IN ('birthday', 'referral_thanks', 'winback', 'feedback', 'notice')"
CALL_ENDED = "CASE status WHEN 'queued' THEN '9999-12-31' ELSE at END"
HANDED_OVER_BY_PHONE = "channel = 'call' AND attempts > 0"

# storage.sqlite.message_plan.REACH_KEY_SQL as it was written for this revision: SQLite uses
# the index only for the same expression (tests/storage/test_message_tables.py holds the two).
REACH_KEY_SQL = (
    "((primary_phone IS NOT NULL) << 0) + "
    "((coalesce(primary_mobile, 0)) << 1) + "
    "((coalesce(primary_email, '') <> '') << 2) + "
    "((address <> '' AND postcode <> '') << 3) + "
    "(coalesce(consent_call, 2) << 8) + "
    "(coalesce(consent_sms, 2) << 10) + "
    "(coalesce(consent_email, 2) << 12) + "
    "(coalesce(consent_post, 2) << 14) + "
    "((erased_at IS NOT NULL) << 16)"
)
# The same key on PostgreSQL, whose booleans become integers only when cast.
REACH_KEY_PG_SQL = (
    "((primary_phone IS NOT NULL)::int << 0) + "
    "(coalesce(primary_mobile::int, 0) << 1) + "
    "((coalesce(primary_email, '') <> '')::int << 2) + "
    "((address <> '' AND postcode <> '')::int << 3) + "
    "(coalesce(consent_call::int, 2) << 8) + "
    "(coalesce(consent_sms::int, 2) << 10) + "
    "(coalesce(consent_email::int, 2) << 12) + "
    "(coalesce(consent_post::int, 2) << 14) + "
    "((erased_at IS NOT NULL)::int << 16)"
)


def upgrade() -> None:
    with op.batch_alter_table("guest") as batch:
        batch.add_column(sa.Column("primary_mobile", sa.Boolean(), nullable=True))
    _mark_mobiles()
    key = REACH_KEY_SQL if op.get_bind().dialect.name == SQLITE else REACH_KEY_PG_SQL
    op.execute(f"CREATE INDEX ix_guest_reach ON guest (({key}))")
    op.create_table(
        "message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff", sa.String(), nullable=False),
        sa.Column("purpose", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("body", sa.String(), nullable=False),
        sa.Column("audience_json", sa.String(), nullable=False),
        sa.Column("channel_order", sa.String(), nullable=False),
        sa.CheckConstraint("purpose IN ('incident', 'relational')", name="message_purpose"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message")),
    )
    op.create_table(
        "message_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("guest_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("legal_basis", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "channel IN ('call', 'sms', 'email', 'post', '')",
            name="delivery_channel",
        ),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed', 'skipped')",
            name="status",
        ),
        sa.CheckConstraint(
            "legal_basis IN ('consent', 'service notice')",
            name="legal_basis",
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["message.id"],
            name=op.f("fk_message_delivery_message_id_message"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["guest_id"],
            ["guest.id"],
            name=op.f("fk_message_delivery_guest_id_guest"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_delivery")),
    )
    op.create_index(
        "ix_message_delivery_once", "message_delivery", ["message_id", "guest_id"], unique=True
    )
    op.create_index("ix_message_delivery_guest", "message_delivery", ["guest_id", "message_id"])
    _notice_calls()


def _notice_calls() -> None:
    op.create_index(
        "ix_message_delivery_to_call",
        "message_delivery",
        [sa.text(f"({CALL_ENDED})"), "due_at"],  # PostgreSQL: an expression in brackets
        **partial_index(HANDED_OVER_BY_PHONE),
    )
    with op.batch_alter_table("call_attempt", recreate=rebuild(op.get_bind())) as batch_op:
        batch_op.add_column(sa.Column("delivery_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_call_attempt_delivery_id_message_delivery"),
            "message_delivery",
            ["delivery_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_constraint(op.f("ck_call_attempt_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_call_attempt_reason"), sa.text(REASONS_AFTER))


def _no_notice_calls() -> None:
    # The notice calls cannot stay under the old CHECK.
    op.execute("DELETE FROM call_attempt WHERE reason = 'notice'")
    with op.batch_alter_table("call_attempt", recreate=rebuild(op.get_bind())) as batch_op:
        batch_op.drop_constraint(op.f("ck_call_attempt_reason"), type_="check")
        batch_op.create_check_constraint(op.f("ck_call_attempt_reason"), sa.text(REASONS_BEFORE))
        batch_op.drop_constraint(
            op.f("fk_call_attempt_delivery_id_message_delivery"), type_="foreignkey"
        )
        batch_op.drop_column("delivery_id")
    op.drop_index("ix_message_delivery_to_call", table_name="message_delivery")


def downgrade() -> None:
    _no_notice_calls()
    op.execute("DROP INDEX ix_guest_reach")
    with op.batch_alter_table("guest") as batch:
        batch.drop_column("primary_mobile")
    op.drop_index("ix_message_delivery_guest", table_name="message_delivery")
    op.drop_index("ix_message_delivery_once", table_name="message_delivery")
    op.drop_table("message_delivery")
    op.drop_table("message")
