"""Filling an empty database in bulk (the demo): one transaction, rows that are right by
construction written without SQLite's per-row checks, indexes on scattered keys built at the end.

SQLite's alone (its PRAGMAs, its schema table): on a server, `guestbook demo` builds the demo in
a temporary file and `copy-to` takes it there (cli.database, issue 19).
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator, Iterable, Sequence

from sqlalchemy import Connection, Engine, inspect

from guestbook.storage.sqlite.guests import first_free_id
from guestbook.storage.sqlite.raw import marks


class Loader:
    """What a bulk load may do inside its transaction."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._statements: dict[tuple[str, tuple[str, ...]], str] = {}

    def has_table(self, table: str) -> bool:
        return inspect(self.connection).has_table(table)

    def is_empty(self, table: str) -> bool:
        return self.connection.exec_driver_sql(f"SELECT 1 FROM {table} LIMIT 1").first() is None

    def next_ids(self, tables: Iterable[str]) -> dict[str, int]:
        """Start after any rows left by erased or deleted data, so ids never collide (and
        after every guest number ever handed out: they are never reused)."""
        return {table: first_free_id(self.connection, table) for table in tables}

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        # Raw DBAPI executemany: Core's insert() costs ~3× more per row at this volume. The
        # text formats (dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS.ffffff', booleans
        # 0/1) are SQLAlchemy's own for SQLite; a test reads the rows back through the ORM.
        if rows:
            key = (table, tuple(columns))
            sql = self._statements.get(key)
            if sql is None:
                sql = self._statements[key] = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(len(columns))})"
                )
            self.connection.exec_driver_sql(sql, rows)

    def link_partners(self, links: Sequence[tuple[int, int]]) -> None:
        """(partner id, guest id) pairs: a couple's first partner is inserted before the second
        exists, so its link waits for this UPDATE."""
        if links:
            self.connection.exec_driver_sql(
                "UPDATE guest SET partner_id = ? WHERE id = ?",
                links,
            )

    def set_meta(self, key: str, value: str) -> None:
        self.connection.exec_driver_sql(
            "INSERT INTO app_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


@contextlib.contextmanager
def bulk_load(
    engine: Engine, tables: Sequence[str], deferred_columns: frozenset[str]
) -> Generator[Loader]:
    """A Loader in one transaction, committed at the end (rolled back on any error). Indexes of
    `tables` with one of `deferred_columns` in their key are dropped first and built again at
    the end, in the same transaction, so the schema does not change."""
    with engine.connect() as connection, _unchecked(connection), connection.begin():
        _begin_now(connection)
        loader = Loader(connection)
        indexes = _drop_indexes(connection, tables, deferred_columns)
        yield loader
        for sql in indexes:
            connection.exec_driver_sql(sql)


def _begin_now(connection: Connection) -> None:
    """pysqlite opens its transaction only at the first INSERT: the DROP INDEX before it would
    commit on its own and outlive a cancel. IMMEDIATE also takes the write lock before the
    database is found empty, so no other writer can slip a row in between."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextlib.contextmanager
def _unchecked(connection: Connection) -> Generator[None]:
    """Skip SQLite's per-row checks of rows that are right by construction: ~13 million
    foreign key lookups at 1M guests, and CHECK constraints, whose `IN ('call', 'sms', …)`
    lists halve the speed of consent_event and call_attempt inserts. The tests run
    foreign_key_check and integrity_check (which checks CHECK constraints) on the result.

    foreign_keys is ignored inside a transaction: both are set before BEGIN and restored
    after COMMIT or ROLLBACK, on this pooled connection. Changing them expires the prepared
    statements, so nothing compiled without the checks is reused afterwards.
    """
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


def _drop_indexes(
    connection: Connection, tables: Sequence[str], deferred_columns: frozenset[str]
) -> list[str]:
    """Drop the indexes to build at the end; returns the statements that create them again."""
    names = ", ".join(f"'{table}'" for table in tables)
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({names}) ORDER BY rowid"
    ).all()
    statements = []
    for name, sql in indexes:
        columns = {row[2] for row in connection.exec_driver_sql(f'PRAGMA index_info("{name}")')}
        # An index on an expression (its column is None) is built at the end too.
        if columns & deferred_columns or None in columns:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            statements.append(str(sql))
    return statements
