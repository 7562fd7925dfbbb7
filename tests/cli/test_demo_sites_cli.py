"""`guestbook demo --sites "Bastille,Marais,Oberkampf"` (issue 19): a demo group, on a file or
on a server; a list that cannot name a group's sites is refused before anything is written."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from guestbook.bootstrap import make_server_services
from guestbook.clock import FixedClock
from guestbook.errors import UserError
from guestbook.settings import Settings
from tests.database import query

TODAY = "2026-11-22"


def demo(db: Path | str, *args: str) -> Result:
    from guestbook.cli import cli

    return CliRunner().invoke(cli, ["--db", str(db), "--today", TODAY, "demo", *args])


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        ("", "--sites holds an empty name: give each site a name, separated by commas"),
        ("Bastille,,Marais", "--sites holds an empty name"),
        ("Bastille, Marais,bastille ", "--sites names 'bastille' twice"),
        (",".join(f"Site {n}" for n in range(1, 12)), "--sites names 11 sites; a demo group has "
         "at most 10"),
        ("Bastille," + "Le Comptoir " * 4, "--sites: 'Le Comptoir Le Comptoir Le Comptoir Le "
         "Comptoir' must be at most 40 characters long, got 47"),
    ],
)  # fmt: skip
def test_a_list_no_group_could_have_is_refused(tmp_path: Path, sites: str, message: str) -> None:
    result = demo(tmp_path / "demo.db", "--guests", "20", "--sites", sites)
    assert result.exit_code == 1 and isinstance(result.exception, UserError)  # main() prints it
    assert message in str(result.exception)
    assert result.output == ""
    assert not (tmp_path / "demo.db").exists()  # refused before the database was opened


def test_the_summary_names_the_sites_and_how_to_open_one(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = demo(db, "--guests", "300", "--sites", " Bastille, Marais ,Oberkampf", "--seed", "2")
    assert result.exit_code == 0, result.output
    summary, hint = result.stdout.strip().splitlines()
    assert summary.startswith("300 guests, ")
    assert summary.endswith(f"calls written to {db}, over 3 sites: Bastille, Marais, Oberkampf")
    assert hint == f"To open it as one of its sites: guestbook --db {db} --site Bastille"
    connection = sqlite3.connect(db)
    try:
        visits = dict(connection.execute("SELECT site, count(*) FROM visit GROUP BY site"))
        homes = {home for (home,) in connection.execute("SELECT DISTINCT home_site FROM guest")}
    finally:
        connection.close()
    assert set(visits) == {"Bastille", "Marais", "Oberkampf"}
    assert homes == {"", "Bastille", "Marais", "Oberkampf"}  # '': guests who never came


def test_one_site_and_a_name_with_spaces(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = demo(db, "--guests", "30", "--sites", "Saint  Germain")
    assert result.exit_code == 0, result.output
    summary, hint = result.stdout.strip().splitlines()
    assert summary.endswith(", over 1 site: Saint Germain")
    assert hint.endswith(f"guestbook --db {db} --site 'Saint Germain'")  # to paste in a shell


@pytest.mark.postgresql
def test_a_group_on_a_server(
    postgresql_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made in a file of its own, then copied: the server gets the sites too."""
    temporary = tmp_path / "temporary"  # where tempfile makes its folders, for this test
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    result = demo(postgresql_url, "--guests", "200", "--sites", "Bastille,Marais")
    assert result.exit_code == 0, result.output
    summary, hint = result.stdout.strip().splitlines()
    assert summary.endswith(", over 2 sites: Bastille, Marais")
    assert hint.startswith("To open it as one of its sites: guestbook --db ")
    assert hint.endswith(" --site Bastille")
    server = make_server_services(
        postgresql_url, FixedClock(dt.date.fromisoformat(TODAY)), Settings()
    )
    try:
        sites = {site for (site,) in query(server, "SELECT DISTINCT site FROM visit")}
        calls = {site for (site,) in query(server, "SELECT DISTINCT site FROM call_attempt")}
    finally:
        server.close()
    assert sites == {"Bastille", "Marais"}
    assert calls <= sites and calls
    assert list(temporary.iterdir()) == []  # the demo's own file is gone
