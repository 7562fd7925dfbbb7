"""bytewise keys: search's and the guest list's text keys in byte order on PostgreSQL too

Search reads a typed prefix as a range of an index (`token >= 'dup' AND token < 'duq'`) and the
guest list pages through name_key by keyset. SQLite compares text byte by byte; a PostgreSQL
database made with a language's collation (fr_FR.UTF-8) orders it otherwise, and those ranges
would miss guests. On PostgreSQL these columns take the "C" collation (byte order, as SQLite);
on SQLite nothing changes.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 15:40:00
"""

from collections.abc import Sequence

from alembic import op

from guestbook.storage.dialects import BYTEWISE_COLUMNS, POSTGRESQL

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _collate(collation: str) -> None:
    if op.get_bind().dialect.name != POSTGRESQL:
        return  # SQLite's only order for text is bytewise already
    for table, column in BYTEWISE_COLUMNS:
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE VARCHAR COLLATE "{collation}"')


def upgrade() -> None:
    _collate("C")


def downgrade() -> None:
    _collate("default")
