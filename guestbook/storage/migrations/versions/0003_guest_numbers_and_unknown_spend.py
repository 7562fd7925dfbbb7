"""guest numbers never reused, and a spend that may be unknown

Guest numbers: SQLite gives a new row the highest id plus one, so after the newest guest was
merged away or removed, the next guest got their number (#505 was three people in turn), and a
calendar that had imported an export moved one person's birthday onto another's. With
AUTOINCREMENT, SQLite remembers the highest id it ever handed out (sqlite_sequence) and never
hands it out again. SQLite cannot add AUTOINCREMENT to a table, so the guest table is rebuilt
(Alembic's batch copy): every row keeps its id and values, every index (the partial ones with
their WHERE), the CHECK constraints, and the foreign keys of the other tables, which name the
table and so point at the new one. The sequence starts at the highest id present: an id
removed before this upgrade above every remaining one cannot be known any more. (PostgreSQL's
sequences never hand a number out twice: nothing to rebuild there.)

Spend: a table whose spend was not typed is unknown (NULL), not 0.00 €: it stays out of spend
averages instead of dragging them down.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from guestbook.storage.dialects import rebuild

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table(
        "guest", recreate=rebuild(op.get_bind()), table_kwargs={"sqlite_autoincrement": True}
    ):
        pass
    with op.batch_alter_table("visit") as batch_op:
        batch_op.alter_column("spend_cents", existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE visit SET spend_cents = 0 WHERE spend_cents IS NULL")
    with op.batch_alter_table("visit") as batch_op:
        batch_op.alter_column("spend_cents", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table(
        "guest", recreate=rebuild(op.get_bind()), table_kwargs={"sqlite_autoincrement": False}
    ):
        pass
