"""`copy-to`: a guestbook SQLite database copied whole into an empty PostgreSQL database.

- One transaction on the target: its schema is made (the same migrations) and every table
  filled; a failure, a cancel or a kill leaves it as it was (empty). The source is read in one
  snapshot: a terminal writing meanwhile changes neither the copy nor its counts.
- Rows travel by PostgreSQL's COPY (psycopg's `copy.write_row`), read through the tables'
  SQLAlchemy types so that booleans, dates and instants arrive as such, table after table in
  the order of their foreign keys. A guest's partner is another guest, maybe a later one: the
  partners are set once every guest is there.
- Ids are kept. Each id sequence then starts after the highest id, the guests' after the
  highest number SQLite ever handed out (numbers are never given twice: migration 0003).
- At the end every table's rows are counted on both sides; a difference undoes the copy.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from guestbook.i18n import _, ngettext, number
from guestbook.progress import CancelCheck, Progress, check_cancel, report

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine, Table

BATCH_ROWS = 5_000
PARTNER = ("guest", "partner_id")  # the one foreign key that points into its own table


class CopyError(RuntimeError):
    """The copy cannot be made or did not add up; nothing was written."""


@dataclass(frozen=True)
class CopiedTable:
    name: str
    rows: int


@dataclass(frozen=True)
class CopyResult:
    tables: tuple[CopiedTable, ...]
    schema_before: str | None  # the target's revision before: None, it was made here

    @property
    def rows(self) -> int:
        return sum(table.rows for table in self.tables)

    def count(self, name: str) -> int:
        return next(table.rows for table in self.tables if table.name == name)


def guestbook_tables() -> list[Table]:
    """Every table of the schema, each after the tables its foreign keys point at."""
    from sqlmodel import SQLModel

    import guestbook.storage.tables  # noqa: F401  (registers every table on the metadata)

    return list(SQLModel.metadata.sorted_tables)


def copy_database(
    source: Engine,
    target: Engine,
    *,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> CopyResult:
    """Copy every row of `source` (SQLite, at the current schema) into `target` (an empty
    PostgreSQL database, or one holding an empty guestbook schema). CopyError when the target
    holds rows, or when the counts differ at the end; Cancelled when `cancel` says so."""
    from guestbook.storage.postgresql.migrate import upgrade_postgresql

    tables = guestbook_tables()
    with source.connect() as read, target.connect() as write:
        read.connection.driver_connection.execute("BEGIN")  # type: ignore[union-attr]
        try:
            with write.begin():
                before = upgrade_postgresql(write)
                _refuse_rows(write, tables)
                counts = {table.name: _count(read, table) for table in tables}
                copied = _copy_tables(read, write, tables, counts, progress, cancel)
                _start_sequences_after(read, write, tables)
                _check_counts(write, tables, counts)
        finally:
            read.rollback()
    return CopyResult(copied, before)


def _count(connection: Connection, table: Table) -> int:
    from sqlalchemy import func, select

    return int(connection.scalar(select(func.count()).select_from(table)) or 0)


def _refuse_rows(write: Connection, tables: Sequence[Table]) -> None:
    held = {table.name: _count(write, table) for table in tables}
    held.pop("app_meta", None)  # the schema's own notes, written by the migrations
    if any(held.values()):
        guests = held.get("guest", 0)
        raise CopyError(
            ngettext(
                "the database already holds guestbook data ({count} guest): copy-to only "
                "fills an empty database",
                "the database already holds guestbook data ({count} guests): copy-to only "
                "fills an empty database",
                guests,
            ).format(count=number(guests))
        )


def _copy_tables(
    read: Connection,
    write: Connection,
    tables: Sequence[Table],
    counts: dict[str, int],
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> tuple[CopiedTable, ...]:
    from sqlalchemy import delete

    total, done = sum(counts.values()), 0
    report(progress, 0, total)
    copied: list[CopiedTable] = []
    for table in tables:
        if table.name == "app_meta":  # the target's own notes stand; the source's replace them
            write.execute(delete(table))
        partners: list[tuple[int, int]] = []
        rows = 0
        for batch in _batches(read, table, partners):
            _copy_rows(write, table, batch)
            rows += len(batch)
            done += len(batch)
            report(progress, done, total)
            check_cancel(cancel)
        if partners:
            _set_partners(write, partners)
        copied.append(CopiedTable(table.name, rows))
    return tuple(copied)


def _batches(
    read: Connection, table: Table, partners: list[tuple[int, int]]
) -> Iterator[list[Sequence[Any]]]:
    """The rows of `table` in primary-key order, BATCH_ROWS at a time; a guest's partner is
    held back in `partners` (set when every guest is there)."""
    from sqlalchemy import select

    statement = select(table).order_by(*table.primary_key.columns)
    result = read.execution_options(yield_per=BATCH_ROWS).execute(statement)
    partner_at = _partner_position(table)
    for chunk in result.partitions():
        rows: list[Sequence[Any]] = []
        for row in chunk:
            values = list(row)
            if partner_at is not None and values[partner_at] is not None:
                partners.append((values[0], values[partner_at]))
                values[partner_at] = None
            rows.append(values)
        yield rows


def _partner_position(table: Table) -> int | None:
    name, column = PARTNER
    if table.name != name:
        return None
    names = [c.name for c in table.columns]
    assert names[0] == "id", names  # _batches reads the id first
    return names.index(column)


def _copy_rows(write: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    from psycopg import sql

    statement = sql.SQL("COPY {table} ({columns}) FROM STDIN").format(
        table=sql.Identifier(table.name),
        columns=sql.SQL(", ").join(sql.Identifier(column.name) for column in table.columns),
    )
    cursor = write.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def _set_partners(write: Connection, partners: list[tuple[int, int]]) -> None:
    raw = write.connection.driver_connection
    cursor = raw.cursor()  # type: ignore[union-attr]
    cursor.execute(
        "CREATE TEMPORARY TABLE copy_partner (id integer, partner_id integer) ON COMMIT DROP"
    )
    with cursor.copy("COPY copy_partner (id, partner_id) FROM STDIN") as copy:
        for pair in partners:
            copy.write_row(pair)
    cursor.execute(
        "UPDATE guest SET partner_id = copy_partner.partner_id"
        " FROM copy_partner WHERE guest.id = copy_partner.id"
    )


def _start_sequences_after(read: Connection, write: Connection, tables: Sequence[Table]) -> None:
    """Each id sequence starts after the highest id copied; the guests' after the highest
    number SQLite ever gave (sqlite_sequence: merged-away guests included)."""
    from sqlalchemy import func, select, text

    handed_out = {
        str(name): int(seq)
        for name, seq in read.execute(text("SELECT name, seq FROM sqlite_sequence"))
    }
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or keys[0].type.python_type is not int:
            continue
        key = keys[0]
        sequence = write.scalar(
            text("SELECT pg_get_serial_sequence(:table, :column)"),
            {"table": table.name, "column": key.name},
        )
        if sequence is None:
            continue
        highest = max(
            int(read.scalar(select(func.max(key))) or 0), int(handed_out.get(table.name, 0))
        )
        write.execute(
            text("SELECT setval(:sequence, :value, :called)"),
            {"sequence": sequence, "value": max(highest, 1), "called": highest > 0},
        )


def _check_counts(write: Connection, tables: Sequence[Table], counts: dict[str, int]) -> None:
    for table in tables:
        found = _count(write, table)
        if found != counts[table.name]:
            raise CopyError(
                _("{table}: {copied} rows arrived for {expected} read: nothing was kept").format(
                    table=table.name, copied=number(found), expected=number(counts[table.name])
                )
            )
