"""`guestbook --db postgresql+psycopg://… forget` (issue 19) while another program still reads
the database as it was: the erasure is done, and what it says is the server's truth (its
tables rewritten later, by VACUUM FULL), not a SQLite file's (a log emptied at close)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result

from guestbook.bootstrap import Services
from tests.builders import add_guest
from tests.database import database, query, server_reader
from tests.postgresql_server import POSTGRESQL

pytestmark = pytest.mark.postgresql


@pytest.fixture
def backend() -> str:
    """Every test here is the server's: forget on a file is tests/unit/test_erasure.py's."""
    return POSTGRESQL


def forget(services: Services, *args: str) -> Result:
    from guestbook.cli import cli

    return CliRunner().invoke(
        cli, ["--db", database(services), "--today", "2026-11-22", "forget", *args]
    )


def test_a_reader_on_the_server_is_told_the_servers_way(services: Services) -> None:
    guest = add_guest(services, "Zéphyrine", "Quaglieri")
    with server_reader(services):
        result = forget(services, str(guest), "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "1 guest erased.\n"
    assert result.stderr == (
        "Another program (a terminal?) still reads the database as it was before: the erased "
        "values are gone from guestbook, but the server's files keep them until its tables "
        "are rewritten. Once that program is done, ask the server's operator to run VACUUM "
        "FULL on this database.\n"
    )
    rows = query(services, "SELECT first_name, last_name FROM guest WHERE id = ?", guest)
    assert rows == [("", "")]


def test_without_a_reader_nothing_more_is_said(services: Services) -> None:
    guest = add_guest(services, "Zéphyrine", "Quaglieri")
    result = forget(services, str(guest), "--yes")
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("1 guest erased.\n", "")
    rows = query(services, "SELECT first_name, last_name FROM guest WHERE id = ?", guest)
    assert rows == [("", "")]
