"""What the schema says differently to SQLite and to PostgreSQL (issue 19).

The tables and the migrations are written once; where the two engines need different words,
the difference lives here:

- A partial index's WHERE: SQLite stores booleans as 0 and 1 and the agenda's queries say
  `consent_call = 1` (SQLite uses a partial index only for a query whose WHERE implies the
  index's, so the words must stay); PostgreSQL's booleans do not compare to integers.
- Rebuilding a table: SQLite cannot alter a constraint or add AUTOINCREMENT, so Alembic copies
  the table (batch "always"); PostgreSQL alters it in place, and copying would have to drop a
  table that other tables' foreign keys point at.
"""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Connection, text

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def partial_index(sqlite_where: str, postgresql_where: str | None = None) -> dict[str, Any]:
    """The keyword arguments of an Index (or op.create_index) limited to the rows of
    `sqlite_where`, on both engines: `postgresql_where` where PostgreSQL needs other words."""
    return {
        "sqlite_where": text(sqlite_where),
        "postgresql_where": text(postgresql_where or sqlite_where),
    }


def rebuild(connection: Connection) -> Literal["always", "auto"]:
    """Alembic's batch `recreate` for a change SQLite can only make by copying the table."""
    return "always" if connection.dialect.name == SQLITE else "auto"


def bytewise_text() -> Any:
    """A text column SQLite and PostgreSQL order alike, byte by byte (migration 0010): search
    reads its prefixes as ranges, and the guest list pages through it by keyset, which need
    the same order on both engines whatever collation the server's database was made with."""
    from sqlalchemy import String
    from sqlmodel import AutoString

    return AutoString().with_variant(String(collation="C"), POSTGRESQL)


# The columns bytewise_text types (table, column), for migration 0010.
BYTEWISE_COLUMNS = (
    ("guest", "name_key"),
    ("guest_token", "token"),
    ("phone", "e164"),
    ("phone", "digits_reversed"),
    ("email", "address"),
)
