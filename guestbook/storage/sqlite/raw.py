"""The DB-API connection under SQLAlchemy's, for hot reads, and SQLite's text forms of dates."""

from __future__ import annotations

import datetime as dt
import functools
import sqlite3
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Connection


def dbapi(connection: Connection) -> sqlite3.Connection:
    """The DB-API connection under a SQLAlchemy one, for hot reads: its cursor returns plain
    tuples, where SQLAlchemy's rows cost more than the small indexed queries themselves."""
    return cast("sqlite3.Connection", connection.connection.driver_connection)


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
