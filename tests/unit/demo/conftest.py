"""The one demo of N guests shared by the read-only checks of every demo test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from guestbook.demo.generate import DemoSummary, generate_demo
from tests.unit.demo.helpers import SETTINGS, TODAY, N, new_engine


@pytest.fixture(scope="package")
def made(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Engine, DemoSummary]]:
    """One demo of N guests shared by the read-only checks (built once for the package)."""
    engine = new_engine(tmp_path_factory.mktemp("demo") / "demo.db")
    summary = generate_demo(engine, today=TODAY, settings=SETTINGS, guests=N, seed=1)
    yield engine, summary
    engine.dispose()


@pytest.fixture
def db(made: tuple[Engine, DemoSummary]) -> Engine:
    return made[0]
