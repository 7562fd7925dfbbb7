"""Backups: online copies, daily rotation, restore with its safety nets."""

from __future__ import annotations

import datetime as dt
import sqlite3
import stat
from pathlib import Path

from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.storage.backup import KEEP_DAILY, daily_backup
from tests.builders import add_guest
from tests.database import file_of


def guest_names(db: Path) -> list[str]:
    with sqlite3.connect(db) as connection:
        return [row[0] for row in connection.execute("SELECT first_name FROM guest ORDER BY id")]


def test_backup_while_open_then_restore(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Avant", "Sauvegarde")
    copy = tmp_path / "copy.db"
    runner = CliRunner()
    # The services fixture still holds the database open, as the app would.
    result = runner.invoke(cli, ["--db", str(file_of(services)), "backup", "--output", str(copy)])
    assert result.exit_code == 0, result.output
    assert guest_names(copy) == ["Avant"]
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600

    add_guest(services, "Après", "Sauvegarde")
    services.close()
    result = runner.invoke(cli, ["--db", str(file_of(services)), "restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    assert guest_names(file_of(services)) == ["Avant"]
    kept = list((file_of(services).parent / "backups").glob("*before-restore.db"))
    assert len(kept) == 1 and guest_names(kept[0]) == ["Avant", "Après"]


def test_restore_refuses_a_file_that_is_not_a_guestbook_database(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    with sqlite3.connect(junk) as connection:
        connection.execute("CREATE TABLE other (x)")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "g.db"), "restore", str(junk), "--yes"]
    )
    assert result.exit_code == 1
    assert not (tmp_path / "g.db").exists()


def test_restore_without_yes_and_without_a_terminal_refuses(
    services: Services, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    CliRunner().invoke(cli, ["--db", str(file_of(services)), "backup", "--output", str(copy)])
    result = CliRunner().invoke(cli, ["--db", str(file_of(services)), "restore", str(copy)])
    assert result.exit_code == 1


def test_daily_backup_once_a_day_keeps_the_last_seven(services: Services, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    start = dt.date(2026, 11, 1)
    for offset in range(10):
        assert daily_backup(file_of(services), folder, start + dt.timedelta(days=offset))
    assert daily_backup(file_of(services), folder, start + dt.timedelta(days=9)) is None
    kept = sorted(p.name for p in folder.glob("*-daily.db"))
    assert len(kept) == KEEP_DAILY
    assert kept[0].endswith("20261104-daily.db") and kept[-1].endswith("20261110-daily.db")
