"""A file's all-digit dates are read in one order for the whole file (issue 14): from its
values when they tell, else from its system's convention (Outlook in English and Square write
month first), else day first; the owner can switch it, and the preview says which was used."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli.main import cli
from guestbook.exchange.date_order import decide_order, month_first_system
from guestbook.exchange.guest_file import read_guest_file
from guestbook.services.importing.importer import import_file
from guestbook.storage.sqlite.raw import as_date
from tests.database import query, scalar
from tests.exchange.helpers import database
from tests.exchange.test_other_systems import OUTLOOK_COM, OUTLOOK_FR, SQUARE, exported, write

pytestmark = pytest.mark.both_backends


def test_the_values_decide_when_a_part_is_above_12() -> None:
    day_first = decide_order(["03/12/1970", "25/12/1980", "", "1970-03-12", "12 mars"])
    assert (day_first.order, day_first.basis, day_first.example) == (
        "day_first",
        "values",
        "25/12/1980",
    )
    assert day_first.numeric == 2  # the ISO date and the month's name depend on no order
    month_first = decide_order(["3/12/1970", "12/25/1980"], system="")
    assert (month_first.order, month_first.basis, month_first.example) == (
        "month_first",
        "values",
        "12/25/1980",
    )


def test_mixed_values_take_the_more_common_order_and_count_the_others() -> None:
    choice = decide_order(["25/12/1980", "13/01/1990", "12/25/1980"])
    assert (choice.order, choice.day_first_shown, choice.month_first_shown) == ("day_first", 2, 1)
    assert choice.against == 1  # that date's row is rejected, never read another way
    assert "1 date cannot be read in that order" in choice.note()


def test_without_telling_values_the_system_then_the_french_habit_decide() -> None:
    assert decide_order(["03/12/1970"], system="Outlook").order == "month_first"
    assert decide_order(["03/12/1970"], system="Outlook").basis == "system"
    usual = decide_order(["03/12/1970"])
    assert (usual.order, usual.basis) == ("day_first", "usual")
    assert "as French systems write them" in usual.note()
    assert decide_order(["1970-03-12", "--03-12"]).note() == ""  # no date depends on it


def test_systems_are_known_by_their_header_row() -> None:
    assert month_first_system(OUTLOOK_COM) == "Outlook"
    assert month_first_system(SQUARE) == "Square"
    assert month_first_system(OUTLOOK_FR) == ""  # French Outlook writes the day first
    assert month_first_system(["Prénom", "Nom", "Mobile Phone"]) == ""  # one header is not a system


def test_outlook_com_birthdays_are_month_first(services: Services, tmp_path: Path) -> None:
    rows = [
        {"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/12/1970"},
        {"First Name": "Bob", "Last Name": "Ray", "Birthday": "5/4/1981"},
    ]
    result = import_file(services, write(tmp_path, OUTLOOK_COM, rows, "cp1252"))
    assert (result.new, result.rejected) == (2, 0)
    assert (result.date_order.order, result.date_order.basis) == ("month_first", "system")
    guests = exported(services, tmp_path)
    assert guests["Ann Lee"]["birthday"] == "1970-03-12"  # not 3 December
    assert guests["Bob Ray"]["birthday"] == "1981-05-04"


def test_a_value_above_12_outweighs_the_system(services: Services, tmp_path: Path) -> None:
    # An Outlook export made on a French machine: the values show the day first.
    rows = [
        {"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/12/1970"},
        {"First Name": "Bob", "Last Name": "Ray", "Birthday": "25/4/1981"},
    ]
    result = import_file(services, write(tmp_path, OUTLOOK_COM, rows, "utf-8"))
    assert (result.date_order.order, result.date_order.basis) == ("day_first", "values")
    assert exported(services, tmp_path)["Ann Lee"]["birthday"] == "1970-12-03"


def test_the_owner_can_switch_the_order(services: Services, tmp_path: Path) -> None:
    rows = [{"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/12/1970"}]
    path = write(tmp_path, OUTLOOK_COM, rows, "utf-8")
    preview = import_file(services, path, dry_run=True)
    assert "Dates read month first (03/12/1970 is 12 March), as Outlook writes them" in (
        preview.date_order.note()
    )
    result = import_file(services, path, date_order="day_first")
    assert (result.date_order.order, result.date_order.basis) == ("day_first", "chosen")
    assert "as you chose" in result.date_order.note()
    assert exported(services, tmp_path)["Ann Lee"]["birthday"] == "1970-12-03"


def test_square_month_day_birthdays_and_visits(services: Services, tmp_path: Path) -> None:
    rows = [
        {
            "First Name": "Camille", "Surname": "Roux", "Phone Number": "+33 6 11 22 33 44",
            "Birthday": "05-11", "First Visit": "1/5/2026", "Last Visit": "10/2/2026",
            "Transaction Count": "2",
        },
    ]  # fmt: skip
    result = import_file(services, write(tmp_path, SQUARE, rows, "utf-8"))
    assert (result.new, result.rejected) == (1, 0)
    assert exported(services, tmp_path)["Camille Roux"]["birthday"] == "--05-11"  # 11 May
    visits = query(services, "SELECT visited_on FROM visit ORDER BY visited_on")
    assert [as_date(on) for (on,) in visits] == [dt.date(2026, 1, 5), dt.date(2026, 10, 2)]


def test_a_french_file_stays_day_first(services: Services, tmp_path: Path) -> None:
    rows = [{"Prénom": "Léa", "Nom": "Petit", "Anniversaire": "03/12/1970"}]
    result = import_file(services, write(tmp_path, OUTLOOK_FR, rows, "cp1252"))
    assert (result.date_order.order, result.date_order.basis) == ("day_first", "usual")
    assert exported(services, tmp_path)["Léa Petit"]["birthday"] == "1970-12-03"


def test_a_date_against_the_files_order_rejects_its_row(services: Services, tmp_path: Path) -> None:
    rows = [
        {"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/25/1970"},
        {"First Name": "Bob", "Last Name": "Ray", "Birthday": "4/26/1981"},
        {"First Name": "Cid", "Last Name": "Moy", "Birthday": "26/4/1981"},
    ]
    result = import_file(services, write(tmp_path, OUTLOOK_COM, rows, "utf-8"))
    assert (result.new, result.rejected) == (2, 1)
    (rejected,) = [o for o in result.outcomes if o.action == "rejected"]
    assert rejected.name == "Cid Moy"
    assert rejected.reasons == (
        "birthday '26/4/1981': 26 is not a month: months go from 1 to 12 (read month first, "
        "as this file's dates are)",
    )


def test_day_month_year_columns_are_never_swapped(services: Services, tmp_path: Path) -> None:
    headers = ["First Name", "Last Name", "Birthday Day", "Birthday Month", "Last Visit"]
    path = tmp_path / "split.csv"
    path.write_text(
        "\r\n".join([",".join(headers), "Ann,Lee,3,12,12/25/2025", "Bob,Ray,4,5,"]) + "\r\n",
        encoding="utf-8",
    )
    source = read_guest_file(path)
    assert source.date_order.order == "month_first"  # the visit date shows it
    import_file(services, path)
    guests = exported(services, tmp_path)
    assert guests["Ann Lee"]["birthday"] == "--12-03"  # the named day and month columns
    assert guests["Bob Ray"]["birthday"] == "--05-04"


def test_cli_dates_option_and_json(services: Services, tmp_path: Path) -> None:
    rows = [{"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/12/1970"}]
    path = write(tmp_path, OUTLOOK_COM, rows, "utf-8")
    runner = CliRunner()
    found = runner.invoke(
        cli, ["--db", database(services), "import", str(path), "--dry-run", "--json"]
    )
    assert found.exit_code == 0, found.output
    assert json.loads(found.output)["date_order"] == {
        "order": "month_first",
        "basis": "system",
        "numeric_dates": 1,
        "example": None,
        "system": "Outlook",
    }
    chosen = runner.invoke(
        cli, ["--db", database(services), "import", str(path), "--dates", "day-first", "--dry-run"]
    )
    assert chosen.exit_code == 0, chosen.output
    assert "Dates read day first (03/12/1970 is 3 December), as you chose." in chosen.output


def test_cli_warns_before_writing_a_file_without_contact_columns(
    services: Services, tmp_path: Path
) -> None:
    path = tmp_path / "names.csv"
    path.write_text("Prénom;Nom;Tél perso\nLéa;Petit;06 12 34 56 78\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", database(services), "import", str(path)])
    assert result.exit_code == 0, result.output
    # A script (no terminal to answer) goes on, with the warning said first.
    warning = result.stderr.index("no column of names.csv was read as a phone or an email")
    assert "Columns not imported: Tél perso." in result.stderr[warning:]
    assert scalar(services, "SELECT count(*) FROM guest") == 1
    quiet = CliRunner().invoke(cli, ["--db", database(services), "import", str(path), "--yes"])
    assert "no column" not in quiet.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is a POSIX thing")
def test_at_a_terminal_the_owner_is_asked_first(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("Prénom;Nom;Tél perso\nLéa;Petit;06 12 34 56 78\n", encoding="utf-8")
    primary, secondary = pty.openpty()
    command = [sys.executable, "-m", "guestbook", "--db", database(services), "import", str(path)]
    env = {**os.environ, "GUESTBOOK_LANGUAGE": "en"}
    process = subprocess.Popen(
        command, stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=tmp_path
    )
    os.close(secondary)
    said = b""
    while b"Import it anyway?" not in said:
        said += os.read(primary, 1024)
    os.write(primary, b"n\n")
    assert process.wait(timeout=60) != 0
    os.close(primary)
    assert scalar(services, "SELECT count(*) FROM guest") == 0  # nothing written
