"""The DB-API connection under SQLAlchemy's, for hot reads, and SQLite's text forms of dates.

The statements sent this way mark their values as sqlite3 does (`?`, `?NNN`, `:name`). On
PostgreSQL (issue 19) the same statements go to psycopg's connection, translated once by
storage.postgresql.placeholders: `Raw` is what both offer.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, cast

from sqlalchemy import Connection

from guestbook.storage.dialects import POSTGRESQL

if TYPE_CHECKING:
    import psycopg

Parameters = Sequence[Any] | Mapping[str, Any]


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Raw(Protocol):
    """A DB-API connection as guestbook's raw statements use it (sqlite3's own methods)."""

    def execute(self, sql: str, parameters: Parameters = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Parameters], /) -> Cursor: ...


class PostgresqlRaw:
    """psycopg's connection taking sqlite3's statements, in the transaction SQLAlchemy opened."""

    def __init__(self, connection: psycopg.Connection[Any]) -> None:
        self._connection = connection

    def execute(self, sql: str, parameters: Parameters = (), /) -> Cursor:
        from guestbook.storage.postgresql.placeholders import named_values, translated

        statement = translated(sql)
        return self._connection.execute(statement.sql.encode(), named_values(statement, parameters))

    def executemany(self, sql: str, parameters: Iterable[Parameters], /) -> Cursor:
        from guestbook.storage.postgresql.placeholders import named_values, translated

        statement = translated(sql)
        cursor = self._connection.cursor()
        cursor.executemany(
            statement.sql.encode(),
            [named_values(statement, values) or {} for values in parameters],
        )
        return cursor


def dbapi(connection: Connection) -> Raw:
    """The DB-API connection under a SQLAlchemy one, for hot reads: its cursor returns plain
    tuples, where SQLAlchemy's rows cost more than the small indexed queries themselves."""
    driver = connection.connection.driver_connection
    if connection.dialect.name == POSTGRESQL:
        return PostgresqlRaw(cast("psycopg.Connection[Any]", driver))
    return cast("Raw", driver)


def rows(
    connection: Connection, sql: str, params: Mapping[str, object] | tuple[Any, ...]
) -> list[Any]:
    """Rows as plain tuples from the DB-API cursor. `sql` uses sqlite3's own parameters."""
    return dbapi(connection).execute(sql, params).fetchall()


def as_date(value: object) -> dt.date | None:
    """A DATE column read through text(): SQLite hands back 'YYYY-MM-DD'."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def local_date(value: object) -> dt.date:
    """The restaurant's local date of a stored UTC timestamp."""
    if isinstance(value, str):
        # Up to the minute is all a time zone can move a date by: agenda reads hundreds of
        # attempts, most sharing a minute prefix with another, so the answer is cached.
        return _local_date_of_minute(value[:16])
    if not isinstance(value, dt.datetime):
        raise TypeError(f"not a timestamp: {value!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # stored as UTC
    return value.astimezone().date()


@functools.lru_cache(maxsize=4096)
def _local_date_of_minute(prefix: str) -> dt.date:
    # SQLAlchemy stores aware datetimes on SQLite as naive UTC text.
    return dt.datetime.fromisoformat(prefix).replace(tzinfo=dt.UTC).astimezone().date()


def as_moment(value: object) -> dt.datetime:
    """A stored timestamp (naive UTC text, or a datetime) as an aware UTC datetime."""
    moment = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def stamp(moment: dt.datetime) -> str:
    """A timestamp in the text form SQLAlchemy itself stores on SQLite (naive UTC)."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def marks(count: int) -> str:
    return ", ".join("?" * count)
