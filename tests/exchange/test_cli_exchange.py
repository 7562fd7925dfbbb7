"""`guestbook import` and `guestbook export` on the command line (product.md's contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.cli import cli
from guestbook.errors import UserError
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", *args])
    return result.exit_code, result.output


def test_import_json_and_text(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "g.db"
    code, output = invoke(db, "import", str(data_dir / FR_SAMPLE), "--json")
    assert code == 0, output
    data = json.loads(output)
    assert (data["new"], data["merged"], data["rejected"], data["rows"]) == (8, 1, 2, 11)
    assert data["rejects_file"] == str(tmp_path / "reservations-export-fr-rejects.csv")
    assert Path(data["rejects_file"]).is_file()
    assert data["duplicates_flagged"] == 0

    code, output = invoke(db, "import", str(data_dir / EN_SAMPLE))
    assert code == 0
    assert output.startswith("Imported guests-export-en.csv: 4 rows: 3 new, 0 merged, 1 rejected.")
    assert "line 4: Noah Bernard" in output


def test_import_dry_run(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "g.db"
    code, output = invoke(db, "import", str(data_dir / FR_SAMPLE), "--dry-run")
    assert code == 0
    assert output.startswith("Dry run, nothing written.")
    assert "8 new, 1 merged, 2 rejected" in output
    # The guest line 2 would create has no number yet: the preview promises none (D16).
    assert "line 8: Hélène Dupont → the guest of line 2 above (Hélène Dupont)" in output
    assert "#1" not in output
    assert not list(tmp_path.glob("*rejects*"))
    code, output = invoke(db, "export", "--format", "json", "--output", str(tmp_path / "o.json"))
    assert json.loads((tmp_path / "o.json").read_text())["guests"] == []


def test_export_default_file_and_options(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "g.db"
    invoke(db, "import", str(data_dir / FR_SAMPLE))
    code, output = invoke(db, "export")
    expected = tmp_path / "guestbook-export-2026-11-22.csv"
    assert code == 0
    assert output == f"Exported 8 guests to {expected}\n"
    assert expected.stat().st_mode & 0o777 == 0o600

    code, output = invoke(
        db, "export", "--format", "ics", "--consent", "sms", "--postcode", "6900",
        "--visited-since", "2020-01-01", "--output", "b.ics",
    )  # fmt: skip
    assert code == 0
    # The file's visit counts and last visits came in as history (Anaïs and Jérôme in 69006
    # and 69007 with sms consent, Hélène and Marc in 69002).
    assert output == "Exported 4 birthdays to b.ics\n"

    code, output = invoke(db, "export", "--format", "vcf", "--has-birthday", "--output", "c.vcf")
    assert output == "Exported 7 guests to c.vcf\n"
    code, output = invoke(db, "export", "--delimiter", ",", "--output", "d.csv")
    assert Path("d.csv").read_text(encoding="utf-8-sig").startswith('"First name","Last name",')


def test_export_never_replaces_a_file_unless_forced(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "g.db"
    invoke(db, "import", str(data_dir / FR_SAMPLE))
    Path("kept.csv").write_text("the owner's own file\n")
    refused = CliRunner().invoke(
        cli, ["--db", str(db), "--today", "2026-11-22", "export", "--output", "kept.csv"]
    )
    assert isinstance(refused.exception, UserError)  # main() prints it as one line
    assert str(refused.exception) == (
        "kept.csv already exists: nothing was written over it (--force replaces it)"
    )
    assert Path("kept.csv").read_text() == "the owner's own file\n"
    code, output = invoke(db, "export", "--output", "kept.csv", "--force")
    assert (code, output) == (0, "Exported 8 guests to kept.csv\n")
    assert Path("kept.csv").read_text(encoding="utf-8-sig").startswith('"First name";')


def test_errors_are_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    db = tmp_path / "g.db"
    result = subprocess.run(
        [sys.executable, "-m", "guestbook", "--db", str(db), "import", str(binary)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert (
        result.stderr
        == f"guestbook: {binary} is not a guest list: it looks like an image, not a table\n"
    )

    invoked = CliRunner().invoke(
        cli, ["--db", str(db), "export", "--output", str(tmp_path / "no" / "such" / "x.csv")]
    )
    assert isinstance(invoked.exception, UserError)  # main() prints it as one line
    assert "does not exist" in str(invoked.exception)


def test_bad_options(tmp_path: Path) -> None:
    code, output = invoke(tmp_path / "g.db", "export", "--format", "pdf")
    assert code == 2 and "pdf" in output
    code, output = invoke(tmp_path / "g.db", "export", "--visited-since", "31/02/2026")
    assert code == 2 and "--visited-since" in output and "February" in output
    # A missing FILE is the import's one line (main() prints it), not click's usage error.
    missing = tmp_path / "missing.csv"
    invoked = CliRunner().invoke(cli, ["--db", str(tmp_path / "g.db"), "import", str(missing)])
    assert invoked.exit_code == 1 and isinstance(invoked.exception, UserError)
    assert str(invoked.exception) == f"cannot read {missing}: there is no such file"


def test_export_dates_are_read_day_first_like_every_typed_date(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    day_first = tmp_path / "day-first.csv"
    iso = tmp_path / "iso.csv"
    for typed, output in (("22/11/2026", day_first), ("2026-11-22", iso)):
        code, _ = invoke(db, "export", "--visited-since", typed, "--output", str(output))
        assert code == 0
    assert day_first.read_bytes() == iso.read_bytes()
