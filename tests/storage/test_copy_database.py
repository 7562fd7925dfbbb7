"""copy-to's copy (storage.copy_database, issue 19): a demo restaurant's SQLite database copied
into a new PostgreSQL database, every row read back from the server by psycopg itself and
compared with SQLite's; ids kept, guest numbers never handed out twice, and a copy that cannot
finish (refused, cancelled, failing half-way) leaves the server's database as it was."""

from __future__ import annotations

import datetime as dt
from typing import Any

import psycopg
import pytest
from sqlalchemy import select

from guestbook.bootstrap import Services
from guestbook.demo.generate import generate_demo
from guestbook.progress import Cancelled
from guestbook.services.guests.merge import merge_guests
from guestbook.storage.copy_database import CopyError, copy_database, guestbook_tables
from guestbook.storage.database_url import postgresql_url
from guestbook.storage.postgresql.engine import make_postgresql_engine
from tests.builders import add_guest

pytestmark = pytest.mark.postgresql


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def _demo(services: Services, guests: int = 80) -> None:
    generate_demo(
        services.engine, today=services.clock.today(), settings=services.settings, guests=guests
    )


def _copy(services: Services, url: str, **options: Any) -> Any:
    target = make_postgresql_engine(postgresql_url(url))
    try:
        return copy_database(services.engine, target, **options)
    finally:
        target.dispose()


def _same(value: Any) -> Any:
    """A value as both sides should hold it: instants in UTC without their zone (SQLite keeps
    them so), the rest as it is."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)
    return value


def _server_rows(url: str, table: str, order: str, columns: str = "*") -> list[tuple[Any, ...]]:
    with psycopg.connect(_plain(url)) as connection:
        rows = connection.execute(f"SELECT {columns} FROM {table} ORDER BY {order}").fetchall()
    return [tuple(_same(value) for value in row) for row in rows]


def _public_tables(url: str) -> int:
    with psycopg.connect(_plain(url)) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
    assert row is not None
    return int(row[0])


def test_every_row_arrives_as_it_was(services: Services, postgresql_url: str) -> None:
    _demo(services)
    result = _copy(services, postgresql_url)
    compared = 0
    with services.engine.connect() as connection:
        for table in guestbook_tables():
            keys = list(table.primary_key.columns)
            local = [
                tuple(_same(value) for value in row)
                for row in connection.execute(select(table).order_by(*keys))
            ]
            order = ", ".join(key.name for key in keys)
            # Named: the server's tables have their columns in the migrations' order.
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            assert _server_rows(postgresql_url, table.name, order, columns) == local, table.name
            assert result.count(table.name) == len(local)
            compared += len(local)
    assert compared == result.rows > 1_000
    assert result.schema_before is None  # the schema was made by the copy


def test_partners_pointing_at_a_later_guest(services: Services, postgresql_url: str) -> None:
    anne = add_guest(services, "Anne", "Martin")
    paul = add_guest(services, "Paul", "Martin", partner_id=anne)
    with services.engine.connect() as connection:
        pairs = connection.exec_driver_sql("SELECT id, partner_id FROM guest ORDER BY id").all()
    assert (anne, paul) in pairs  # Anne's partner is a later guest: the case to cover
    _copy(services, postgresql_url)
    with psycopg.connect(_plain(postgresql_url)) as connection:
        copied = connection.execute("SELECT id, partner_id FROM guest ORDER BY id").fetchall()
    assert copied == [tuple(pair) for pair in pairs]


def test_guest_numbers_are_never_handed_out_twice(services: Services, postgresql_url: str) -> None:
    first = add_guest(services, "Anne", "Martin")
    add_guest(services, "Paul", "Roux")
    last = add_guest(services, "Anne", "Martin")
    merge_guests(services, first, last)  # the highest number goes; SQLite remembers it
    _copy(services, postgresql_url)
    with psycopg.connect(_plain(postgresql_url)) as connection:
        row = connection.execute("SELECT nextval('guest_id_seq')").fetchone()
        visit = connection.execute("SELECT nextval('visit_id_seq')").fetchone()
    assert row == (last + 1,)
    assert visit == (1,)  # no visit yet: the first one will be 1


def test_a_database_holding_guests_is_refused_and_kept(
    services: Services, postgresql_url: str
) -> None:
    add_guest(services, "Anne", "Martin")
    _copy(services, postgresql_url)
    add_guest(services, "Paul", "Roux")
    with pytest.raises(CopyError, match="already holds guestbook data"):
        _copy(services, postgresql_url)
    assert len(_server_rows(postgresql_url, "guest", "id")) == 1


def test_cancelled_or_failing_half_way_leaves_the_database_empty(
    services: Services, postgresql_url: str
) -> None:
    _demo(services, guests=40)
    seen: list[int] = []

    def fail_half_way(done: int, total: int) -> None:
        seen.append(done)
        if done > total // 2:
            raise OSError("the terminal went away")

    with pytest.raises(OSError, match="went away"):
        _copy(services, postgresql_url, progress=fail_half_way)
    assert len(seen) > 2  # it had copied some tables
    assert _public_tables(postgresql_url) == 0  # not even the schema stayed
    with pytest.raises(Cancelled):
        _copy(services, postgresql_url, cancel=lambda: True)
    assert _public_tables(postgresql_url) == 0
    result = _copy(services, postgresql_url)  # and the next try copies everything
    assert result.count("guest") == 40
