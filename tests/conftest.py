"""Shared fixtures: a real SQLite file per test, a fixed clock, settings with defaults,
and a home directory that is never the real one.

A test marked `both_backends` gets its `services` on SQLite and then on a fresh PostgreSQL
database (`--postgresql URL`; without a server that run is skipped and the summary says the
suite ran on SQLite only). Its ids end in [sqlite] and [postgresql]."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from guestbook.bootstrap import Services, make_server_services, make_services
from guestbook.clock import FixedClock
from guestbook.i18n import set_language
from guestbook.settings import Settings
from tests import postgresql_server

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _private_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tests never read or write the user's real data or settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GUESTBOOK_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("GUESTBOOK_CONFIG_DIR", str(home / "config"))
    for name in ("GUESTBOOK_DB", "GUESTBOOK_TODAY", "GUESTBOOK_STAFF"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tests speak English unless they ask for French (the `french` fixture), whatever the
    machine's locale."""
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv("GUESTBOOK_LANG", raising=False)
    set_language("en")
    yield
    set_language("en")


@pytest.fixture
def french() -> Iterator[None]:
    """Everything this test shows is in French."""
    set_language("fr")
    yield
    set_language("en")


@pytest.fixture(autouse=True)
def _steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests: a screen drawn under load must look the same as one
    drawn on an idle machine (a snapshot once differed by one blinking cell)."""
    from textual.widgets import Input

    monkeypatch.setattr(Input.cursor_blink, "_default", False)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def settings() -> Settings:
    return Settings()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "guestbook.db"


@pytest.fixture
def backend() -> str:
    """The engine under `services`: SQLite, unless the test is marked both_backends."""
    return postgresql_server.SQLITE


@pytest.fixture
def services(
    request: pytest.FixtureRequest, backend: str, db_path: Path, today: dt.date, settings: Settings
) -> Iterator[Services]:
    if backend == postgresql_server.POSTGRESQL:
        template = request.getfixturevalue("postgresql_template")
        for url in postgresql_server.fresh_database(request.config, template):
            built = make_server_services(url, FixedClock(today), settings, staff="Test")
            yield built
            built.close()
        return
    built = make_services(db_path, FixedClock(today), settings, staff="Test")
    yield built
    built.close()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    marked = metafunc.definition.get_closest_marker
    if "backend" in metafunc.fixturenames and marked("both_backends") and not marked("sqlite_only"):
        metafunc.parametrize("backend", postgresql_server.BACKENDS)


def pytest_addoption(parser: pytest.Parser) -> None:
    postgresql_server.add_option(parser)


@pytest.fixture(scope="session")
def postgresql_template(request: pytest.FixtureRequest) -> Iterator[str]:
    """The name of a database at the schema's head that the `services` fixture's databases
    are copied from (skipped without a server)."""
    yield from postgresql_server.schema_template(request.config)


@pytest.fixture
def postgresql_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A new empty PostgreSQL database for this test (skipped without a server)."""
    yield from postgresql_server.fresh_database(request.config)


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if postgresql_server.NOT_CONFIGURED in str(report.longrepr)
    ]
    terminalreporter.write_line(postgresql_server.summary_line(config, len(skipped)))


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own with a Documents folder; no printer command on the PATH (the
    agenda's printed sheet: tests/tui/test_agenda_print.py, tests/exchange/)."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    empty = tmp_path / "no-printer"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    return home / "Documents"
