"""XLSX exports read back by openpyxl: no formula, any text kept, dates as date cells."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.records import GuestRecord
from guestbook.exchange.export_csv import HEADERS, XLSX_HEADERS
from guestbook.exchange.export_xlsx import write_xlsx
from guestbook.services.export import export_guests
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.database import execute
from tests.exchange.export_helpers import with_samples

pytestmark = pytest.mark.both_backends


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    return with_samples(services, data_dir)


def test_xlsx_has_no_formula(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "out.xlsx"
    export_guests(filled, path, fmt="xlsx")

    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(XLSX_HEADERS)
    assert len(rows) == 12
    assert all(cell.data_type != "f" for row in rows for cell in row)
    paul = next(row for row in rows if row[0].value == "Paul")
    assert paul[1].value == '\'=HYPERLINK("http://x")'
    assert paul[2].value == "+33611223344"
    # D10: a birthday with its year and the last visit are date cells shown day first; one
    # without a year is the text 12/03, with no apostrophe.
    birthday, last_visit = XLSX_HEADERS.index("Birthday"), XLSX_HEADERS.index("Last visit")
    cells = {row[0].value: row for row in rows[1:]}
    helene, omer = cells["Hélène"], cells["Ömer"]
    # openpyxl reads a date cell back as a naive datetime at midnight.
    assert helene[birthday].value == dt.datetime(1970, 3, 12)  # noqa: DTZ001
    assert helene[birthday].number_format == "DD/MM/YYYY" and helene[birthday].data_type == "d"
    assert omer[birthday].value == "02/01" and omer[birthday].data_type == "s"
    assert helene[last_visit].data_type == "d"
    assert helene[last_visit].value == dt.datetime(2026, 10, 2)  # noqa: DTZ001


def excel_text(value: object) -> object:
    """A cell's text as Excel reads it: openpyxl leaves Excel's _xHHHH_ escapes as they are."""
    if not isinstance(value, str):
        return value
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda found: chr(int(found.group(1), 16)), value)


def test_xlsx_keeps_any_text_exactly(services: Services, tmp_path: Path) -> None:
    """Text XML cannot hold as it is (control characters, & < >, edge spaces, text that reads
    as Excel's own escape) comes back as it was; openpyxl refused control characters."""
    texts = {
        "notes": "ligne 1\nligne 2 \x01 & <b>gras</b> _x0041_ _x005F_ _xZZZZ_ \t",
        "preferences": "\x0b\x1f\ufffe fin ",
        "address": "  12 rue des Lilas  ",
    }
    guest_id = add_guest(services, "Léa", "Texte", birthday=Birthday(15, 1, 1990))
    for column, text in texts.items():
        execute(services, f"UPDATE guest SET {column} = ? WHERE id = ?", text, guest_id)
    path = tmp_path / "out.xlsx"
    export_guests(services, path, fmt="xlsx")

    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header, row = (list(row) for row in sheet.iter_rows(values_only=True))
    cells = dict(zip(header, (excel_text(value) for value in row), strict=True))
    assert cells["Notes"] == texts["notes"]
    assert cells["Preferences"] == texts["preferences"]
    assert cells["Address"] == texts["address"]
    assert cells["Birthday"] == dt.datetime(1990, 1, 15)  # noqa: DTZ001


def test_xlsx_dates_around_1900(tmp_path: Path) -> None:
    """Excel's 1900 date system counts a 29 February 1900 that never was; a date before 1900
    cannot be a date cell and is written as its text."""
    days = [(15, 1, 1900), (28, 2, 1900), (1, 3, 1900), (31, 12, 1899)]
    consent: dict[str, bool | None] = dict.fromkeys(CHANNELS)
    blank = GuestRecord(0, "", "", (), (), None, None, "", "", "", "", consent, None, 0)
    records = [blank._replace(id=n, birthday=Birthday(*day)) for n, day in enumerate(days)]
    write_xlsx([records], tmp_path / "old.xlsx", on_batch=lambda _done: None)
    sheet = openpyxl.load_workbook(tmp_path / "old.xlsx").active
    assert sheet is not None
    birthday = XLSX_HEADERS.index("Birthday")
    read = [row[birthday] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert read == [
        dt.datetime(1900, 1, 15),  # noqa: DTZ001
        dt.datetime(1900, 2, 28),  # noqa: DTZ001
        dt.datetime(1900, 3, 1),  # noqa: DTZ001
        "31/12/1899",
    ]


def test_xlsx_holds_the_csv_cells_of_a_demo(tmp_path: Path) -> None:
    """Every row of a demo's XLSX is its CSV row (made by SQLite, not by the XLSX's Python),
    the birthday in one cell and the dates as date cells."""
    day = dt.date(2026, 11, 22)
    services = make_services(tmp_path / "demo.db", FixedClock(day), Settings(), staff="Test")
    try:
        generate_demo(services.engine, today=day, settings=services.settings, guests=300)
        export_guests(services, tmp_path / "out.csv")
        export_guests(services, tmp_path / "out.xlsx", fmt="xlsx")
    finally:
        services.close()
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        csv_rows = list(csv.reader(handle, delimiter=";"))[1:]
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx", read_only=True).worksheets[0]
    xlsx_rows = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(xlsx_rows) == len(csv_rows) > 250
    birthday = HEADERS.index("Day of birth")
    for cells, row in zip(csv_rows, xlsx_rows, strict=True):
        day_text, month_text, year_text = cells[birthday : birthday + 3]
        merged: object = None
        if year_text:
            merged = dt.datetime(int(year_text), int(month_text), int(day_text))  # noqa: DTZ001
        elif day_text:
            merged = f"{int(day_text):02d}/{int(month_text):02d}"
        expected: list[object] = [*cells[:birthday], merged, *cells[birthday + 3 :]]
        if expected[-2]:
            expected[-2] = dt.datetime.fromisoformat(str(expected[-2]))
        expected[-1] = int(str(expected[-1]))
        expected = [None if value == "" else value for value in expected]
        row += [None] * (len(expected) - len(row))  # read-only rows end at their last cell
        assert row == expected
