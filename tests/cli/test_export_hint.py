"""`guestbook export --format csv` typed by a person names the XLSX alternative on stderr, for
a spreadsheet (docs/spreadsheets.md); a script reading the output never gets it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.cli.exchange import spreadsheet_hint
from tests.builders import add_guest
from tests.database import database

pytestmark = pytest.mark.both_backends

HINT = (
    "For a spreadsheet (Excel, LibreOffice), --format xlsx keeps phone numbers and postcodes "
    "exactly as written; CSV is for other systems."
)


def test_the_hint_is_for_a_csv_typed_by_a_person() -> None:
    assert spreadsheet_hint("csv", interactive=True) == HINT
    assert spreadsheet_hint("csv", interactive=False) is None
    for key in ("xlsx", "vcf", "ics", "json"):
        assert spreadsheet_hint(key, interactive=True) is None


def test_a_csv_export_read_by_a_script_has_no_hint(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    target = tmp_path / "guests.csv"
    result = CliRunner().invoke(
        cli, ["--db", database(services), "export", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported 1 guest to {target}\n"
    assert result.stderr == ""


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_csv_export_on_a_terminal_names_xlsx_on_stderr(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    leader, follower = os.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "guestbook", "--lang", "en", "--db", database(services),
             "export", "--output", str(tmp_path / "guests.csv")],
            stdout=subprocess.PIPE, stderr=follower, text=True, timeout=60, check=False,
        )  # fmt: skip
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # Linux: EIO once everything written was read
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert done.stdout == f"Exported 1 guest to {tmp_path / 'guests.csv'}\n"  # no hint here
    assert HINT in " ".join(shown.decode().split())
