"""`guestbook copy-to URL` (product.md's command line, issue 19): what it prints and returns,
and the clear refusals that need no server (a URL it cannot use, a server that does not
answer, the password never shown)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.errors import UserError
from guestbook.storage.database_url import postgresql_url, shown
from tests.builders import add_guest, add_visit


def invoke(db: Path, *args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", *args])
    return result.exit_code, result.output, result.exception


def _closed_port() -> int:
    """A loopback port nothing listens on (taken, then let go)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.postgresql
def test_copy_to_json_counts_every_table(
    services: Services, db_path: Path, postgresql_url: str
) -> None:
    anne = add_guest(services, "Anne", "Martin")
    add_visit(services, services.clock.today(), anne)
    services.close()
    code, output, error = invoke(db_path, "copy-to", postgresql_url, "--json")
    assert code == 0, (output, error)
    payload = json.loads(output)
    assert payload["tables"]["guest"] == 1
    assert payload["tables"]["visit"] == 1
    assert payload["rows"] == sum(payload["tables"].values())
    assert payload["checked"] is True
    with psycopg.connect(postgresql_url.replace("+psycopg", "")) as connection:
        assert connection.execute("SELECT first_name FROM guest").fetchall() == [("Anne",)]


@pytest.mark.postgresql
def test_copy_to_says_what_it_copied_and_refuses_a_second_time(
    services: Services, db_path: Path, postgresql_url: str
) -> None:
    add_guest(services, "Anne", "Martin")
    services.close()
    code, output, _error = invoke(db_path, "copy-to", postgresql_url)
    assert code == 0, output
    assert output.startswith("Copied ")
    assert "(1 guest, 0 visits, 0 calls, 0 messages); every table counted again" in output
    code, output, error = invoke(db_path, "copy-to", postgresql_url)
    assert code == 1
    assert isinstance(error, UserError)
    assert "already holds guestbook data (1 guest)" in str(error)


def test_a_url_that_is_not_postgresql_is_refused(db_path: Path) -> None:
    code, _output, error = invoke(db_path, "copy-to", "mysql://shop@localhost/guests")
    assert code == 1
    assert str(error).startswith("mysql:// is not a database guestbook can use")
    assert not db_path.exists()  # refused before the database was even opened


def test_a_server_that_does_not_answer_is_named_without_the_password(db_path: Path) -> None:
    url = f"postgresql://owner:s3cret@127.0.0.1:{_closed_port()}/guestbook"
    code, _output, error = invoke(db_path, "copy-to", url)
    assert code == 1
    message = str(error)
    assert message.startswith("cannot connect to postgresql+psycopg://owner:***@127.0.0.1:")
    assert "s3cret" not in message


def test_db_given_a_server_that_does_not_answer_says_so_without_the_password() -> None:
    url = "postgresql://owner:s3cret@127.0.0.1:9/guests"
    result = CliRunner().invoke(cli, ["--db", url, "today"])
    assert result.exit_code == 1
    message = str(result.exception)
    assert "cannot connect to postgresql+psycopg://owner:***@127.0.0.1:9/guests" in message
    assert "s3cret" not in message


# (The demo works on a server: tests/cli/test_demo_server.py.)
@pytest.mark.parametrize("command", [["backup"], ["restore", "old.db", "--yes"]])
def test_the_file_commands_send_a_server_to_its_own_tools(command: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--db", "postgresql://owner@127.0.0.1:9/guests", *command])
    assert result.exit_code == 1
    assert "this command works on a database file" in str(result.exception)
    assert "pg_dump" in str(result.exception)


def test_urls_read_and_shown() -> None:
    url = postgresql_url("postgres://owner:pw@host:5433/group")
    assert url.drivername == "postgresql+psycopg"
    assert (url.host, url.port, url.database) == ("host", 5433, "group")
    assert shown(url) == "postgresql+psycopg://owner:***@host:5433/group"
    with pytest.raises(ValueError, match="names no database"):
        postgresql_url("postgresql://owner@host")
