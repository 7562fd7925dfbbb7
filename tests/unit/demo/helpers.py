"""Building demo databases for the demo tests, and reading them back through the engine.

The demo fills a bare engine (no Services): these read its rows directly, in SQLite's own
text forms, which is what the tests check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import SQLModel

import guestbook.storage.tables  # noqa: F401  (registers every table on SQLModel.metadata)
from guestbook.demo.generate import generate_demo
from guestbook.settings import Settings
from guestbook.storage.engine import make_engine

TODAY = dt.date(2026, 11, 20)
N = 2000  # guests in the demo shared by the read-only checks (conftest.made)
SETTINGS = Settings()


def new_engine(path: Path) -> Engine:
    engine = make_engine(path)
    SQLModel.metadata.create_all(engine)
    return engine


def rows(engine: Engine, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(sql, params).all()]


def build(path: Path, guests: int, *, today: dt.date = TODAY, seed: int = 1) -> Engine:
    engine = new_engine(path)
    generate_demo(engine, today=today, settings=SETTINGS, guests=guests, seed=seed)
    return engine


def share(engine: Engine, sql: str) -> float:
    value = rows(engine, sql)[0][0]
    assert isinstance(value, int | float)
    return float(value)
