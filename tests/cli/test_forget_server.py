"""`guestbook --db postgresql+psycopg://… forget` (issue 19): the erasure is done at once, and
what it says is the server's truth, not a SQLite file's (a log emptied at close). The old rows
leave the server's files when its tables are rewritten (VACUUM FULL), which locks them whole:
at once when they are small, else (storage.postgresql.rewrite) by `forget --finish`, at night.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner, Result

from guestbook.bootstrap import Services
from guestbook.errors import UserError
from guestbook.storage.postgresql import rewrite
from tests.builders import add_guest
from tests.database import database, execute, query, server_reader
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
        "are rewritten. Once that program is done, run `guestbook forget --finish`.\n"
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


NAME = "Zéphyrine"


def _in_guest_pages(services: Services) -> bool:
    """Whether the guest table's pages, old row versions and free space included, hold NAME."""
    execute(services, "CREATE EXTENSION IF NOT EXISTS pageinspect")
    pages = query(
        services,
        "SELECT get_raw_page('guest', b::int) FROM generate_series(0,"
        " pg_relation_size('guest') / current_setting('block_size')::int - 1) AS b",
    )
    return any(NAME.encode() in bytes(page) for (page,) in pages)


def _pending(services: Services) -> list[tuple[str]]:
    """The notes of tables waiting for their rewrite (one per erasure)."""
    return query(
        services, "SELECT value FROM app_meta WHERE key LIKE ?", rewrite.PENDING_PREFIX + "%"
    )


def test_tables_too_big_to_lock_now_wait_for_finish(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rewrite, "REWRITE_NOW_BYTES", 0)  # every table is too big to lock now
    guest = add_guest(services, NAME, "Quaglieri")

    result = forget(services, str(guest), "--yes")

    assert result.exit_code == 0, result.output
    assert result.stdout == "1 guest erased.\n"
    assert "run `guestbook forget --finish` once the restaurants are closed" in result.stderr
    assert query(services, "SELECT first_name FROM guest WHERE id = ?", guest) == [("",)]
    noted = services.read(rewrite.pending)
    assert {"guest", "phone", "consent_event", "guest_token"} <= noted.tables
    assert _in_guest_pages(services)  # the old row, until the rewrite

    finished = forget(services, "--finish")

    assert finished.exit_code == 0, finished.output
    assert finished.stdout == "Done: the erased values have left the database's files.\n"
    assert _pending(services) == []
    assert not _in_guest_pages(services)
    again = forget(services, "--finish")
    assert again.stdout == (
        "Nothing to finish: no erasure waits for the server's tables to be rewritten.\n"
    )


def test_finish_waits_for_an_older_reader(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rewrite, "REWRITE_NOW_BYTES", 0)
    guest = add_guest(services, NAME, "Quaglieri")
    with server_reader(services):
        forget(services, str(guest), "--yes")
        finished = forget(services, "--finish", "--wait", "1")
    assert finished.exit_code == 1
    assert "Once that program is done, run `guestbook forget --finish`." in finished.stderr
    assert _pending(services) != [] and _in_guest_pages(services)
    assert forget(services, "--finish").exit_code == 0  # the reader is done now
    assert _pending(services) == [] and not _in_guest_pages(services)


def test_small_tables_are_rewritten_at_once(services: Services) -> None:
    guest = add_guest(services, NAME, "Quaglieri")
    assert forget(services, str(guest), "--yes").stderr == ""
    assert _pending(services) == [] and not _in_guest_pages(services)


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["{guest}", "--finish"], "--finish goes alone"),
        (["--finish", "--years", "3"], "--finish goes alone"),
        (["{guest}", "--wait", "5", "--yes"], "--wait goes with --finish"),
    ],
)
def test_finish_and_wait_go_alone(services: Services, arguments: list[str], said: str) -> None:
    guest = add_guest(services, NAME, "Quaglieri")
    result = forget(services, *(argument.format(guest=guest) for argument in arguments))
    assert isinstance(result.exception, UserError)
    assert str(result.exception).startswith(said)
    assert query(services, "SELECT first_name FROM guest WHERE id = ?", guest) == [(NAME,)]


def test_an_old_transaction_without_a_snapshot_holds_the_rewrite(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write left idle in READ COMMITTED holds no snapshot, yet VACUUM keeps the old rows
    for it: the rewrite waits for it too (reviewed: the check saw snapshots only)."""
    import psycopg

    monkeypatch.setattr(rewrite, "REWRITE_NOW_BYTES", 0)
    guest = add_guest(services, NAME, "Quaglieri")
    url = services.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as other:  # READ COMMITTED, a transaction begun
        other.execute("INSERT INTO audit_event (at, staff, action, guests, detail)"
                      " VALUES (now(), 'psql', 'export', 0, 'left open')")  # fmt: skip
        forget(services, str(guest), "--yes")
        assert forget(services, "--finish", "--wait", "0").exit_code == 1
        other.rollback()
    assert forget(services, "--finish", "--wait", "0").exit_code == 0
    assert not _in_guest_pages(services)


def test_a_role_that_does_not_own_the_tables_is_told_and_the_note_stays(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """VACUUM skips a table its role does not own with a warning only: the rewrite checks
    each table got new files, else says who may do it and keeps the note for them."""
    import psycopg

    monkeypatch.setattr(rewrite, "REWRITE_NOW_BYTES", 0)
    guest = add_guest(services, NAME, "Quaglieri")
    forget(services, str(guest), "--yes")
    owner = services.engine.url
    clerk = f"clerk_{owner.database}"[:63]
    admin_url = owner.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f"CREATE ROLE {clerk} LOGIN")
        try:
            # What a terminal needs, not ALL: from PostgreSQL 17, ALL holds MAINTAIN, which
            # lets a role rewrite tables it does not own.
            tables = "SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public"
            admin.execute(f"GRANT {tables} TO {clerk}")
            admin.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {clerk}")
            as_clerk = owner.set(username=clerk, password=None)
            refused = CliRunner().invoke(
                _cli(), ["--db", as_clerk.render_as_string(), "forget", "--finish", "--wait", "0"]
            )
            quiet = CliRunner().invoke(
                _cli(), ["--db", as_clerk.render_as_string(), "forget", "--finish", "--quiet"]
            )
        finally:
            admin.execute(f"DROP OWNED BY {clerk}")
            admin.execute(f"DROP ROLE {clerk}")

    assert refused.exit_code == 1, refused.output
    assert refused.stdout == ""
    assert "the server would not let this role rewrite its tables" in refused.stderr
    assert (quiet.exit_code, quiet.stdout) == (1, "")
    assert "as the role that owns the tables" in quiet.stderr
    assert _pending(services) != [] and _in_guest_pages(services)
    finished = forget(services, "--finish", "--quiet")  # the owner's nightly run
    assert (finished.exit_code, finished.stdout, finished.stderr) == (0, "", "")
    assert _pending(services) == [] and not _in_guest_pages(services)


def _cli() -> click.Command:
    from guestbook.cli import cli

    return cli
