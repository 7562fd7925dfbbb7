"""visits imported from the till: each import, and the ticket each visit came from

`guestbook import-visits` records a visit per ticket of a till's export. What it did is kept so
that importing the same file twice changes nothing (a ticket's date and number, or its guest,
date, amount and party size, were imported already) and the last import can be undone
(visit_import, visit_import_ticket).

Undo deletes visits by the thousand, and deleting a visit deletes its seats (visit_guest, by
visit_id): without an index on visit_id each deletion read the whole table, as did the seat
rank every visit summary counts (the known guests at the same table).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 14:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "visit_import",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("file_sha256", sa.String(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff", sa.String(), nullable=False),
        sa.Column("tickets", sa.Integer(), nullable=False),
        sa.Column("recorded_count", sa.Integer(), nullable=False),
        sa.Column("already_count", sa.Integer(), nullable=False),
        sa.Column("rejected_count", sa.Integer(), nullable=False),
        sa.Column("undo_json", sa.String(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_import")),
    )
    op.create_index("ix_visit_import_file_sha256", "visit_import", ["file_sha256"])
    op.create_table(
        "visit_import_ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("ticket_key", sa.String(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["visit_import.id"],
            name=op.f("fk_visit_import_ticket_batch_id_visit_import"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_import_ticket_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_import_ticket")),
    )
    op.create_index("ix_visit_import_ticket_batch", "visit_import_ticket", ["batch_id"])
    op.create_index("ix_visit_import_ticket_visit", "visit_import_ticket", ["visit_id"])
    op.create_index(
        "ix_visit_import_ticket_key", "visit_import_ticket", ["ticket_key"], unique=True
    )
    op.create_index("ix_visit_guest_visit", "visit_guest", ["visit_id", "guest_id"])


def downgrade() -> None:
    op.drop_index("ix_visit_guest_visit", table_name="visit_guest")
    op.drop_index("ix_visit_import_ticket_key", table_name="visit_import_ticket")
    op.drop_index("ix_visit_import_ticket_visit", table_name="visit_import_ticket")
    op.drop_index("ix_visit_import_ticket_batch", table_name="visit_import_ticket")
    op.drop_table("visit_import_ticket")
    op.drop_index("ix_visit_import_file_sha256", table_name="visit_import")
    op.drop_table("visit_import")
