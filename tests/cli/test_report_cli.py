"""`guestbook report`: product.md's JSON contract, dates typed day first, and a summary to read
in English and in French."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.errors import UserError
from tests.builders import add_guest, add_visit

D = dt.date

CONTRACT = {
    "from": None,
    "to": None,
    "birthday_calls": {"due", "reached", "booked", "declined", "missed", "returned", "return_rate"},
    "loyalty": {"retention", "repeat", "referred_guests_who_came"},
    "revenue": {"total_cents", "per_guest_cents", "top20_share"},
    "at_risk": {"late_regulars", "value_at_risk_cents"},
    "feedback": {"responses", "ces_average", "low"},
    "consent_coverage": {"call", "sms", "email", "post"},
}


def invoke(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", *args])
    return result.exit_code, result.output


def _tables(services: Services) -> None:
    """Anne twice and Bruno once in the first half of 2026 (a table of 3 at 100.01 € for the
    two of them, Anne alone at 50.00 €), Bruno alone at 70.00 € in December 2025."""
    anne = add_guest(services, "Anne", "Test")
    bruno = add_guest(services, "Bruno", "Test", call_consent=False)
    add_visit(services, D(2026, 2, 1), anne, bruno, party_size=3, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    add_visit(services, D(2025, 12, 1), bruno, spend_cents=7_000)


def test_json_is_the_contract(services: Services, db_path: Path) -> None:
    _tables(services)
    code, output = invoke(db_path, "report", "--json", "--from", "01/01/2026", "--to", "30/06/2026")

    assert code == 0, output
    figures = json.loads(output)
    for key, fields in CONTRACT.items():
        assert key in figures
        if fields is not None:
            assert fields <= set(figures[key]), key
    assert (figures["from"], figures["to"]) == ("2026-01-01", "2026-06-30")
    assert figures["revenue"]["total_cents"] == 15_001
    assert figures["revenue"]["per_guest_cents"] == 7_501  # 150.01 € over 2 guests
    assert figures["revenue"]["top20_share"] == 8_334 / 15_001  # Anne: 33.34 € + 50.00 €
    assert (figures["loyalty"]["retention"], figures["loyalty"]["repeat"]) == (1.0, 0.5)
    assert figures["birthday_calls"]["return_rate"] is None  # nobody invited
    assert figures["feedback"]["ces_average"] is None
    assert figures["consent_coverage"]["call"] == 0.5
    previous = figures["previous"]
    assert (previous["from"], previous["to"]) == ("2025-07-04", "2025-12-31")
    assert previous["revenue"]["total_cents"] == 7_000
    assert set(previous) >= set(CONTRACT)


def test_the_default_period_is_the_twelve_months_ending_today(
    services: Services, db_path: Path
) -> None:
    _tables(services)
    code, output = invoke(db_path, "report", "--json")
    assert code == 0, output
    figures = json.loads(output)
    assert (figures["from"], figures["to"]) == ("2025-11-23", "2026-11-22")
    assert figures["revenue"]["total_cents"] == 22_001


def test_a_summary_to_read(services: Services, db_path: Path) -> None:
    _tables(services)
    code, output = invoke(db_path, "report", "--from", "2026-01-01", "--to", "2026-06-30")

    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == (
        "Report from 1 Jan 2026 to 30 Jun 2026 (the period before: 4 Jul 2025 to 31 Dec 2025)"
    )
    assert lines[2].split() == ["This", "period", "Period", "before"]
    shown = {
        cells[0]: cells[1:]
        for cells in (re.split(r" {2,}", line.strip()) for line in lines[3:])
        if len(cells) > 1
    }
    assert shown["revenue"] == ["€150.01", "€70.00"]
    assert shown["share of the top 20% of guests"] == ["55.6%", "100%"]
    assert shown["came 2 times or more"] == ["50%", "0%"]
    assert shown["return rate"] == ["—", "—"]
    assert shown["agreed to calls"] == ["50%"]  # today's: one column


def test_a_summary_in_french(services: Services, db_path: Path) -> None:
    _tables(services)
    code, output = invoke(
        db_path, "--lang", "fr", "report", "--from", "01/01/2026", "--to", "30/06/2026"
    )

    assert code == 0, output
    assert "150,01\u00a0€" in output and "70,00\u00a0€" in output
    assert "55,6\u00a0%" in output or "55,6\u202f%" in output


def test_dates_that_cannot_bound_a_report(db_path: Path) -> None:
    code, output = invoke(db_path, "report", "--from", "31/02/2026")
    assert code == 2 and "--from" in output
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "report", "--from", "01/03/2026", "--to", "01/02/2026"]
    )
    assert result.exit_code == 1 and isinstance(result.exception, UserError)
    assert str(result.exception) == "the report starts on 1 Mar 2026, after its end (1 Feb 2026)"


def test_a_workbook_for_the_accountant(services: Services, db_path: Path, tmp_path: Path) -> None:
    import openpyxl

    _tables(services)
    target = tmp_path / "report.xlsx"
    code, output = invoke(
        db_path, "report", "--from", "01/01/2026", "--to", "30/06/2026", "--xlsx", str(target)
    )

    assert code == 0, output
    assert output.strip() == f"Report from 1 Jan 2026 to 30 Jun 2026 written to {target}"
    workbook = openpyxl.load_workbook(target)
    assert workbook.sheetnames == ["Report", "Revenue per month"]
    revenue = next(
        row for row in workbook["Report"].iter_rows(values_only=True) if row[1] == "revenue"
    )
    assert revenue[2:] == (150.01, 70.0, 80.01)


def test_the_workbook_is_never_written_over_a_file_unasked(
    services: Services, db_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_text("the accountant's own file\n")
    result = CliRunner().invoke(
        cli, ["--db", str(db_path), "--today", "2026-11-22", "report", "--xlsx", str(target)]
    )
    assert result.exit_code == 1 and isinstance(result.exception, UserError)
    assert str(result.exception) == (
        f"{target} already exists: nothing was written over it (--force replaces it)"
    )
    assert target.read_text() == "the accountant's own file\n"
    code, output = invoke(db_path, "report", "--xlsx", str(target), "--force")
    assert code == 0, output
    assert target.read_bytes().startswith(b"PK")  # a zip: the workbook


def test_a_workbook_in_french(services: Services, db_path: Path, tmp_path: Path) -> None:
    import openpyxl

    target = tmp_path / "rapport.xlsx"
    code, output = invoke(db_path, "--lang", "fr", "report", "--xlsx", str(target))
    assert code == 0, output
    assert output.startswith("Rapport du 23 nov. 2025 au 22 nov. 2026 enregistré dans ")
    assert openpyxl.load_workbook(target).sheetnames == ["Rapport", "Chiffre d’affaires par mois"]


def test_xlsx_is_not_json(db_path: Path, tmp_path: Path) -> None:
    for args in (["--json", "--xlsx", str(tmp_path / "r.xlsx")], ["--force"]):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "report", *args])
        assert result.exit_code == 1 and isinstance(result.exception, UserError), args
    assert not (tmp_path / "r.xlsx").exists()
