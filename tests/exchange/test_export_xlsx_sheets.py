"""An XLSX export longer than a sheet goes on to the next sheets, each with its header row
(Excel and LibreOffice hold 1,048,576 rows a sheet: a million-guest group's list is near it).

The limit is lowered here to a few rows, so the same code splits the samples' 11 guests;
openpyxl reads the file back and the rows, sheet after sheet, are the CSV export's."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from guestbook.bootstrap import Services
from guestbook.exchange import export_xlsx
from guestbook.exchange.export_csv import XLSX_HEADERS
from guestbook.services.export import export_guests
from tests.exchange.export_helpers import read_csv, with_samples


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    return with_samples(services, data_dir)


def _sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
    book = openpyxl.load_workbook(path)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


def _first_names(filled: Services, tmp_path: Path) -> list[str]:
    export_guests(filled, tmp_path / "all.csv", fmt="csv")
    return [row["First name"] for row in read_csv(tmp_path / "all.csv")]


def test_guests_beyond_a_sheet_go_on_to_the_next(
    filled: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_xlsx, "SHEET_ROWS", 5)  # a header and 4 guests a sheet
    path = tmp_path / "out.xlsx"

    result = export_guests(filled, path, fmt="xlsx")

    assert result.guests == 11
    sheets = _sheets(path)
    assert list(sheets) == ["Guests", "Guests 2", "Guests 3"]
    assert [len(rows) for rows in sheets.values()] == [5, 5, 4]
    assert all(rows[0] == tuple(XLSX_HEADERS) for rows in sheets.values())
    names = [row[0] or "" for rows in sheets.values() for row in rows[1:]]
    assert names == _first_names(filled, tmp_path)
    book = openpyxl.load_workbook(path)
    assert [sheet.sheet_view.tabSelected for sheet in book.worksheets] == [True, None, None]


def test_a_full_sheet_opens_no_empty_one(
    filled: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_xlsx, "SHEET_ROWS", 12)  # exactly the 11 guests
    path = tmp_path / "out.xlsx"

    export_guests(filled, path, fmt="xlsx")

    sheets = _sheets(path)
    assert list(sheets) == ["Guests"]
    assert len(sheets["Guests"]) == 12


def test_no_guest_is_a_sheet_of_headers(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"

    export_guests(services, path, fmt="xlsx")

    assert _sheets(path) == {"Guests": [tuple(XLSX_HEADERS)]}
