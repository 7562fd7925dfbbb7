"""`guestbook --db postgresql+psycopg://… demo` (issue 19): the demo made in a SQLite file of
its own, then copied to the server by copy-to. The same restaurant as on a file, refused (a
notice, nothing added) where guests already are, and the file gone whatever happens."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guestbook.bootstrap import Services, make_server_services, make_services
from guestbook.cli.terminal import TerminalProgress
from guestbook.clock import FixedClock
from guestbook.settings import Settings
from guestbook.storage.copy_database import guestbook_tables
from tests.database import database, query, scalar

pytestmark = pytest.mark.both_backends

TODAY = "2026-11-22"
CLOCK = FixedClock(dt.date(2026, 11, 22))


def demo(db: Path | str, *args: str) -> Result:
    from guestbook.cli import cli

    return CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY, "demo", *args])


def counts(services: Services) -> dict[str, int]:
    """How many rows each table holds (the schema's own notes aside)."""
    return {
        table.name: int(scalar(services, f"SELECT count(*) FROM {table.name}"))
        for table in guestbook_tables()
        if table.name != "app_meta"
    }


@pytest.fixture
def temporary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The folder tempfile makes its folders in, for this test: what is left there is seen."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.postgresql
def test_the_server_gets_the_restaurant_the_file_gets(
    postgresql_url: str, tmp_path: Path, temporary: Path
) -> None:
    on_file = demo(tmp_path / "demo.db", "--guests", "200", "--seed", "7")
    on_server = demo(postgresql_url, "--guests", "200", "--seed", "7")
    assert on_file.exit_code == 0, on_file.output
    assert on_server.exit_code == 0, on_server.output
    said = on_server.stdout.strip()
    assert said.startswith("200 guests, ")
    assert said == on_file.stdout.strip().replace(str(tmp_path / "demo.db"), postgresql_url)
    local = make_services(tmp_path / "demo.db", CLOCK, Settings())
    server = make_server_services(postgresql_url, CLOCK, Settings())
    try:
        expected = counts(local)
        assert expected["guest"] == 200 and expected["visit"] > 200
        assert counts(server) == expected  # every table: guests, visits, calls, referrals…
    finally:
        local.close()
        server.close()
    assert list(temporary.iterdir()) == []  # the demo's own file is gone


def test_a_second_demo_adds_nothing(services: Services, temporary: Path) -> None:
    first = demo(database(services), "--guests", "200")
    assert first.exit_code == 0, first.output
    before = counts(services)
    top = query(services, "SELECT max(id) FROM guest")
    second = demo(database(services), "--guests", "200")
    assert second.exit_code == 0  # a notice: the quick start, run twice, still opens the app
    assert second.stdout == ""
    assert second.stderr.startswith(
        f"{database(services)} already holds 200 guests: nothing added. "
    )
    if services.db_path is None:
        assert "use an empty database: another one on the server" in second.stderr
    assert counts(services) == before
    assert query(services, "SELECT max(id) FROM guest") == top
    assert list(temporary.iterdir()) == []


@pytest.mark.postgresql
@pytest.mark.parametrize("step", ["Creating demo guests", "Copying to"])
def test_ctrl_c_leaves_the_server_empty_and_no_file(
    step: str, postgresql_url: str, temporary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C while the demo is written or while it is copied: the server's database as it
    was, and the file the demo was written in removed."""
    seen: list[list[str]] = []

    class InterruptedProgress(TerminalProgress):
        def __call__(self, done: int, total: int) -> None:
            if self.label.startswith(step):
                seen.append([file.name for file in temporary.glob("*/*")])
                raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("guestbook.cli.database.TerminalProgress", InterruptedProgress)
        result = demo(postgresql_url, "--guests", "200")
    assert result.exit_code == 1  # click says "Aborted!"
    assert seen and "demo.db" in seen[0]  # interrupted while the file was there
    assert list(temporary.iterdir()) == []
    server = make_server_services(postgresql_url, CLOCK, Settings())
    try:
        assert scalar(server, "SELECT count(*) FROM guest") == 0
        assert scalar(server, "SELECT count(*) FROM visit") == 0
    finally:
        server.close()
    again = demo(postgresql_url, "--guests", "200")  # and the demo can be made after all
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("200 guests, ")
