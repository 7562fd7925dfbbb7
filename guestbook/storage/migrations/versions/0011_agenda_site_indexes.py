"""home_site in the agenda's indexes: a site's agenda read like the whole group's

A site's agenda (issue 19) lists the calls of the guests whose home site it is, or who have
none yet. Its statements now keep them with a term on guest.home_site
(storage.sqlite.site_terms.for_site) instead of looking every candidate up by id afterwards,
which cost a site's agenda a sixth more than the whole group's at 100,000 guests. home_site
goes last in the indexes that cover the agenda's reads (0002): the term is answered from the
index like every other column, no table row read, and the whole group's statements seek and
order by the same leading columns as before.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 16:00:00
"""

from collections.abc import Sequence
from typing import Any

from alembic import op

from guestbook.storage.dialects import partial_index

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CALLABLE = "primary_phone IS NOT NULL AND consent_call = 1"
CALLABLE_PG = "primary_phone IS NOT NULL AND consent_call"  # PostgreSQL: a boolean
LATE = "late_from IS NOT NULL AND erased_at IS NULL"
# (name, columns as 0002 made them, keyword arguments): the birthdays counted, the birthdays
# called, the win-back calls.
# fmt: off
INDEXES: tuple[tuple[str, list[str], dict[str, Any]], ...] = (
    ("ix_guest_birthday", ["birth_month", "birth_day", "consent_call", "primary_phone"], {}),
    (
        "ix_guest_birthday_call",
        [
            "birth_month", "birth_day", "name_key", "id", "first_name", "last_name",
            "primary_phone", "consent_call", "birth_year", "last_visit_on", "partner_id",
            "partner_name",
        ],
        partial_index(CALLABLE, CALLABLE_PG),
    ),
    (
        "ix_guest_winback",
        [
            "late_from", "name_key", "id", "first_name", "last_name", "primary_phone",
            "consent_call", "erased_at", "last_visit_on", "visit_interval_days",
        ],
        partial_index(f"{LATE} AND {CALLABLE}", f"{LATE} AND {CALLABLE_PG}"),
    ),
)
# fmt: on


def _recreate(with_site: bool) -> None:
    # Plain DROP and CREATE INDEX on both engines: Alembic's batch copy would lose the indexes
    # on expressions it cannot reflect (ix_guest_reach, as in 0009).
    for name, columns, where in INDEXES:
        op.drop_index(name, table_name="guest")
        op.create_index(name, "guest", [*columns, "home_site"] if with_site else columns, **where)


def upgrade() -> None:
    _recreate(with_site=True)


def downgrade() -> None:
    _recreate(with_site=False)
