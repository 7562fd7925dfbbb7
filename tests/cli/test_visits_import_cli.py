"""`guestbook import-visits` on the command line (issue 17): its text, its JSON, its dry run,
its rejects file and its undo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.errors import UserError
from tests.builders import add_guest
from tests.database import database

pytestmark = pytest.mark.both_backends

TILL = (
    "Date;N° ticket;Couverts;Montant TTC;Téléphone;Client\n"
    "22/11/2026;101;2;84,50 €;06 12 34 56 78;\n"
    "21/11/2026;102;1;1 234,00;;Marc Martin\n"
    "20/11/2026;103;2;abc;;Rose Petit\n"
)


def invoke(db: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2026-11-22", *args])
    return result.exit_code, result.output


def refused(db: str, *args: str) -> str:
    """The one line main() prints for a UserError (the test runner keeps the exception)."""
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2026-11-22", *args])
    assert result.exit_code == 1 and isinstance(result.exception, UserError), result.output
    return str(result.exception)


@pytest.fixture
def db(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with two guests; the working folder is tmp_path, where tickets.csv is."""
    monkeypatch.chdir(tmp_path)
    add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    add_guest(services, "Marc", "Martin", phone=None)
    (tmp_path / "tickets.csv").write_text(TILL, encoding="utf-8")
    return database(services)


def test_import_text_then_again(db: str, tmp_path: Path) -> None:
    code, output = invoke(db, "import-visits", "tickets.csv")
    assert code == 0, output
    assert output.splitlines()[:2] == [
        "Imported visits from tickets.csv: 3 tickets: 2 recorded, 0 already imported, 1 rejected.",
        "2 guests, €1,318.50 in all.",
    ]
    rejects = tmp_path / "tickets-rejects.csv"
    assert f"Rejected tickets are in {rejects}" in output
    assert "line 4: Rose Petit: amount: 'abc' is not an amount: write 42,50 or 42.50" in output
    assert rejects.is_file()

    code, output = invoke(db, "import-visits", "tickets.csv")
    assert code == 0
    assert output.startswith(
        "Imported visits from tickets.csv: 3 tickets: 0 recorded, 2 already imported, 1 rejected."
    )
    assert "This same file was imported before" in output


def test_dry_run_says_what_would_happen_to_every_ticket(db: str, tmp_path: Path) -> None:
    code, output = invoke(db, "import-visits", "tickets.csv", "--dry-run")
    assert code == 0, output
    assert output.splitlines()[0] == (
        "Dry run, nothing written. tickets.csv: 3 tickets would give 2 recorded, 0 already "
        "imported, 1 rejected."
    )
    assert "line 2: ticket 101, 22 Nov 2026, €84.50, party of 2 → Hélène Dupont (#1)" in output
    assert "line 3: ticket 102, 21 Nov 2026, €1,234.00, party of 1 → Marc Martin (#2)" in output
    assert "line 4: Rose Petit: amount:" in output
    assert not list(tmp_path.glob("*rejects*"))
    code, output = invoke(db, "import-visits", "--undo", "--dry-run")
    assert output == "There is no visits import to undo.\n"


def test_json_lists_every_ticket(db: str) -> None:
    code, output = invoke(db, "import-visits", "tickets.csv", "--json", "--rejects", "r.csv")
    assert code == 0, output
    data = json.loads(output)
    assert (data["tickets"], data["recorded"], data["already_imported"], data["rejected"]) == (
        3,
        2,
        0,
        1,
    )
    assert data["rejects_file"] == "r.csv"
    assert data["spend_cents"] == 131_850
    assert [o["fate"] for o in data["outcomes"]] == ["recorded", "recorded", "rejected"]
    assert data["outcomes"][0] == {
        "line": 2,
        "fate": "recorded",
        "ticket": "101",
        "guest_id": 1,
        "who": "+33612345678",
        "date": "2026-11-22",
        "party_size": 2,
        "amount_cents": 8450,
        "reasons": [],
        "same_as_line": None,
    }
    assert data["outcomes"][2]["reasons"] == [
        "amount: 'abc' is not an amount: write 42,50 or 42.50"
    ]


def test_undo(db: str) -> None:
    invoke(db, "import-visits", "tickets.csv")
    code, output = invoke(db, "import-visits", "--undo", "--dry-run")
    assert code == 0
    assert output.startswith("The last visits import is tickets.csv (")
    assert output.endswith("UTC): undoing it removes its 2 visits.\n")
    code, output = invoke(db, "import-visits", "--undo", "--dry-run", "--json")
    last = json.loads(output)["last_import"]
    assert (last["file"], last["recorded"], last["rejected"]) == ("tickets.csv", 2, 1)
    code, output = invoke(db, "import-visits", "--undo")
    assert (code, output) == (0, "Undid the visits import of tickets.csv: 2 visits removed.\n")
    assert refused(db, "import-visits", "--undo", "--json") == "there is no visits import to undo"
    code, output = invoke(db, "import-visits", "tickets.csv", "--json")
    assert json.loads(output)["recorded"] == 2


def test_wrong_use_says_why_on_one_line(db: str) -> None:
    assert refused(db, "import-visits") == "give the file of tickets to import (or --undo)"
    assert refused(db, "import-visits", "tickets.csv", "--undo") == (
        "--undo takes no file: it undoes the last visits import"
    )
    assert refused(db, "import-visits", "missing.csv") == (
        "cannot read missing.csv: there is no such file"
    )
    assert refused(db, "import-visits", "tickets.csv", "--rejects", "tickets.csv") == (
        "the rejects file cannot be the file being imported: choose another name"
    )
