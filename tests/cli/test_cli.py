"""The command line: its contract, its speed discipline and its error messages."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.domain.birthdays import Birthday
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.database import database

pytestmark = pytest.mark.both_backends


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guestbook", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_help_imports_neither_textual_nor_sqlmodel() -> None:
    code = (
        "import sys; from guestbook.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('textual', 'sqlmodel', 'sqlalchemy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "Usage: guestbook" in out
    assert out.strip().endswith("[]")


def test_today_never_imports_textual(services: Services) -> None:
    db = database(services)
    code = (
        "import sys; from guestbook.cli import main\n"
        f"try:\n    main(['--db', {db!r}, '--today', '2026-11-22', 'today', '--json'])\n"
        "except SystemExit:\n    pass\n"
        "print('textual' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert out.strip().endswith("False")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--today", "22/11/2026", "today"], "YYYY-MM-DD"),
        (["today", "--days", "-3"], "--days"),
    ],
)
def test_bad_options_are_one_clear_line(args: list[str], message: str, services: Services) -> None:
    result = CliRunner().invoke(cli, ["--db", database(services), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.sqlite_only  # --db naming a folder: a file's problem
def test_a_folder_as_database_is_refused(tmp_path: Path) -> None:
    result = run("--db", str(tmp_path), "today")
    assert result.returncode == 2
    assert "is a directory" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.sqlite_only  # --db in a folder that does not exist: a file's problem
def test_a_mistyped_folder_is_refused_and_nothing_created(tmp_path: Path) -> None:
    """D12: a typo in --db opened an empty agenda in folders made up for it."""
    typo = tmp_path / "Documetns" / "restaurant" / "guests.db"
    result = run("--db", str(typo), "today")
    assert result.returncode == 1
    assert result.stderr == (
        f"guestbook: the folder {typo.parent} does not exist: check --db {typo} "
        "(nothing was created)\n"
    )
    assert not (tmp_path / "Documetns").exists()


@pytest.mark.sqlite_only  # --db naming a file that is not SQLite's
def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("shopping list\n" * 200)
    result = run("--db", str(junk), "today")
    assert result.returncode == 1
    assert "cannot open" in result.stderr and "Traceback" not in result.stderr


def test_a_broken_settings_file_is_named(services: Services, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("lead_days = 'seven'\nlaed_days = 3\n")
    env = {"GUESTBOOK_CONFIG_DIR": str(config), "PATH": "/usr/bin:/bin"}
    result = run("--db", database(services), "today", env=env)
    assert result.returncode == 1
    assert "laed_days" in result.stderr and "Traceback" not in result.stderr


def test_today_json_contract(services: Services) -> None:
    marc = add_guest(services, "Marc", "Dupont", phone="06 98 76 54 32")
    add_guest(
        services,
        "Hélène",
        "Dupont",
        birthday=Birthday(29, 11, 1976),
        partner_id=marc,
        phone="06 12 34 56 78",
    )
    add_guest(services, "Sans", "Téléphone", birthday=Birthday(23, 11), phone=None)
    add_guest(services, "Pas", "Daccord", birthday=Birthday(24, 11), call_consent=False)
    add_guest(services, "Plus", "Tard", birthday=Birthday(3, 12))

    result = CliRunner().invoke(
        cli, ["--db", database(services), "--today", "2026-11-22", "today", "--json", "--days", "5"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["date"] == "2026-11-22"
    assert data["left_out"] == {"no_phone": 1, "no_consent": 1}
    helene, later = data["calls"]
    assert {
        k: helene[k]
        for k in (
            "name",
            "phone",
            "reason",
            "due_on",
            "event_on",
            "status",
            "partner",
            "turning",
            "attempts",
            "rewards_owed",
        )
    } == {
        "name": "Hélène Dupont",
        "phone": "+33612345678",
        "reason": "birthday",
        "due_on": "2026-11-22",
        "event_on": "2026-11-29",
        "status": "today",
        "partner": "Marc Dupont",
        "turning": 50,
        "attempts": 0,
        "rewards_owed": 0,
    }
    assert isinstance(helene["guest_id"], int)
    assert (later["name"], later["status"], later["turning"]) == ("Plus Tard", "upcoming", None)


def test_today_text_fits_80_columns(services: Services) -> None:
    add_guest(
        services,
        "Marie-Bérénice-Alexandrine",
        "de La Tour d'Auvergne-Lauraguais",
        birthday=Birthday(29, 11, 1946),
        partner_name="Jean-Charles-Édouard de Montmorency",
    )
    result = CliRunner().invoke(cli, ["--db", database(services), "--today", "2026-11-22", "today"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert any("turning 80" in line for line in lines)
    assert "1 call today, 0 overdue" in result.output
    assert max(len(line) for line in lines) <= 80


@pytest.mark.sqlite_only  # the demo's file, read with sqlite3
def test_demo_fills_an_empty_database_and_leaves_a_full_one_alone(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", str(db), "--today", "2026-11-22", "demo", "--guests", "60"])
    assert first.exit_code == 0, first.output
    assert "60 guests" in first.output
    with sqlite3.connect(db) as connection:
        before = connection.execute("SELECT count(*), max(id) FROM guest").fetchone()
    second = runner.invoke(
        cli, ["--db", str(db), "--today", "2026-11-22", "demo", "--guests", "60"]
    )
    assert second.exit_code == 0
    assert "already holds 60 guests: nothing added" in second.output
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*), max(id) FROM guest").fetchone() == before


def test_large_counts_are_written_with_separators() -> None:
    """At a million guests the counts run into thousands: '36,048 overdue', not '36048'."""
    from guestbook.cli.agenda_text import render_agenda
    from guestbook.services.agenda.calls import Agenda

    text = render_agenda(
        Agenda(dt.date(2026, 11, 22), left_out_no_phone=1234, left_out_no_consent=56789),
        Settings(),
    )
    assert "Birthdays left out: 1,234 without a phone number, 56,789 without consent" in text


@pytest.mark.sqlite_only  # an older file, made and read with sqlite3
def test_an_older_database_is_upgraded_with_a_notice(tmp_path: Path) -> None:
    """Opening a database made by an earlier version upgrades it once, says so on stderr (it
    takes seconds on a large one) and keeps a copy; the command's own output is unchanged."""
    from guestbook.storage.migrate import SCHEMA_HEAD, current_revision, upgrade

    db = tmp_path / "old.db"
    upgrade(db, "0001")
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO guest (first_name, last_name, name_key, partner_name, address, postcode,"
            " notes, preferences, created_at, updated_at, visit_count, spend_cents,"
            " birth_day, birth_month, primary_phone, consent_call)"
            " VALUES ('Zoé', 'Lefèvre', 'lefevre zoe', '', '', '69003', '', '', "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0,"
            " 29, 11, '+33612345678', 1)"
        )
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", "today", "--json"])
    assert result.exit_code == 0, result.output
    assert "Upgrading old.db" in result.stderr
    assert [call["name"] for call in json.loads(result.stdout)["calls"]] == ["Zoé Lefèvre"]
    assert current_revision(db) == SCHEMA_HEAD
    again = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", "today"])
    assert again.exit_code == 0 and "Upgrading" not in again.stderr


@pytest.mark.postgresql
def test_an_older_server_database_is_upgraded_as_a_command_opens_it(postgresql_url: str) -> None:
    """On a server the upgrade runs in the opening command's transaction (all or nothing, no
    copy to keep): the command's output is the same, and nothing is said on stderr."""
    from alembic import command
    from alembic.config import Config

    from guestbook.storage.database_url import postgresql_url as parsed
    from guestbook.storage.migrate import MIGRATIONS_DIR, SCHEMA_HEAD
    from guestbook.storage.postgresql.engine import make_postgresql_engine
    from guestbook.storage.postgresql.migrate import schema_revision

    engine = make_postgresql_engine(parsed(postgresql_url))
    with engine.begin() as connection:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.exec_driver_sql(
            "INSERT INTO guest (first_name, last_name, name_key, partner_name, address, postcode,"
            " notes, preferences, created_at, updated_at, visit_count, spend_cents,"
            " birth_day, birth_month, primary_phone, consent_call)"
            " VALUES ('Zoé', 'Lefèvre', 'lefevre zoe', '', '', '69003', '', '', "
            "'2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0,"
            " 29, 11, '+33612345678', TRUE)"
        )
    try:
        result = CliRunner().invoke(
            cli, ["--db", postgresql_url, "--today", "2026-11-22", "today", "--json"]
        )
        assert result.exit_code == 0, result.output
        assert result.stderr == ""
        assert [call["name"] for call in json.loads(result.stdout)["calls"]] == ["Zoé Lefèvre"]
        with engine.connect() as connection:
            assert schema_revision(connection) == SCHEMA_HEAD
    finally:
        engine.dispose()
