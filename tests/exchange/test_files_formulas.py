"""CSV formula neutralising per column (F12): a text cell starting with = + - @ (tab, CR) gets
an apostrophe in every text column; only the phone column keeps '+33…' as it is. Read back by
Python's csv module (an independent parser), then imported again: the values come back whole.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.domain.spreadsheet import neutralise
from guestbook.exchange.export_csv import HEADERS
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file
from guestbook.settings import Settings
from tests.exchange.helpers import contract

pytestmark = pytest.mark.both_backends

# Each is arithmetic a spreadsheet evaluates; the first three once passed for phone numbers.
HOSTILE = ["+1+1", "+1-2+3", "+1)+(1", "=1+1", "-2+3", "@SUM(1)", "+33 6 12 34 56 78"]
TEXT_COLUMNS = ["First name", "Last name", "Partner", "Address", "Postcode", "Notes", "Preferences"]


def write_input(path: Path) -> None:
    """One guest per hostile value, in every text column at once, with a real phone."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*TEXT_COLUMNS, "Phones"], delimiter=";")
        writer.writeheader()
        for index, value in enumerate(HOSTILE):
            row = dict.fromkeys(TEXT_COLUMNS, value)
            row["Phones"] = f"+33 6 12 34 56 {index:02d}"
            writer.writerow(row)


def read_export(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def test_every_text_column_is_neutralised_and_only_phones_are_exempt(
    services: Services, tmp_path: Path
) -> None:
    write_input(tmp_path / "hostile.csv")
    assert import_file(services, tmp_path / "hostile.csv").new == len(HOSTILE)
    export_guests(services, tmp_path / "out.csv")
    rows = read_export(tmp_path / "out.csv")
    assert list(rows[0]) == list(HEADERS)
    assert len(rows) == len(HOSTILE)
    for row in rows:
        value = HOSTILE[int(row["Phones"][-2:])]  # the phone says which guest it is
        assert row["Phones"] == "+336123456" + row["Phones"][-2:]  # a phone stays a phone
        for column in TEXT_COLUMNS:
            assert row[column] == "'" + value, column


def test_the_phone_exemption_is_for_phone_columns_only() -> None:
    for value in HOSTILE:
        assert neutralise(value) == "'" + value
    assert neutralise("+33 6 12 34 56 78", phone=True) == "+33 6 12 34 56 78"
    assert neutralise("+33612345678, +33698765432", phone=True) == "+33612345678, +33698765432"
    assert neutralise("=1+1", phone=True) == "'=1+1"
    assert neutralise("+1 ; =cmd", phone=True) == "'+1 ; =cmd"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_neutralised_values_come_back_whole(services: Services, tmp_path: Path, fmt: str) -> None:
    write_input(tmp_path / "hostile.csv")
    import_file(services, tmp_path / "hostile.csv")
    expected = contract(services, tmp_path / "before.json")
    if fmt == "csv":
        export_guests(services, tmp_path / "out.csv")
    else:  # the XLSX holds the same cells: save it as CSV the way a spreadsheet would
        import openpyxl

        export_guests(services, tmp_path / "out.xlsx", fmt="xlsx")
        sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
        with (tmp_path / "out.csv").open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle, delimiter=";").writerows(
                ["" if cell is None else cell for cell in row]
                for row in sheet.iter_rows(values_only=True)
            )
    other = make_services(tmp_path / "other.db", FixedClock(dt.date(2026, 11, 22)), Settings())
    try:
        result = import_file(other, tmp_path / "out.csv")
        assert (result.new, result.rejected) == (len(HOSTILE), 0)
        assert contract(other, tmp_path / "after.json") == expected
    finally:
        other.close()
