"""Exports read back by independent parsers: csv and json here, and what every format shares
(no allergy, private files, progress, filters); openpyxl in test_export_xlsx.py, vobject in
test_export_vcard.py, icalendar in test_export_ics.py."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Connection

from guestbook.bootstrap import Services
from guestbook.domain.records import ExportFilters
from guestbook.domain.spreadsheet import neutralise, unneutralise
from guestbook.errors import UserError
from guestbook.exchange.export_csv import (
    HEADERS,
    LIST_SEPARATOR,
    NO,
    YES,
    record_cells,
)
from guestbook.exchange.formats import FORMATS
from guestbook.progress import Cancelled
from guestbook.services.export import export_guests
from guestbook.storage.sql_words import SQLITE_WORDS, words
from guestbook.storage.sqlite.export import cells_sql, guest_records, neutralise_sql, where
from guestbook.storage.sqlite.raw import dbapi
from tests.builders import add_guest, add_visit
from tests.database import execute
from tests.exchange.export_helpers import read_csv, with_samples
from tests.exchange.helpers import query

pytestmark = pytest.mark.both_backends


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    return with_samples(services, data_dir)


def test_csv_is_excel_ready_and_neutralised(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    result = export_guests(filled, path)

    assert result.guests == 11
    raw = path.read_bytes()
    assert raw.startswith(b'\xef\xbb\xbf"First name";')
    assert b"\r\n" in raw
    rows = read_csv(path)
    assert list(rows[0]) == list(HEADERS)
    paul = next(row for row in rows if row["First name"] == "Paul")
    assert paul["Last name"] == '\'=HYPERLINK("http://x")'
    assert paul["Phones"] == "+33611223344"  # phone numbers are not neutralised
    omer = next(row for row in rows if row["First name"] == "Ömer")
    assert omer["Phones"] == "+905321234567"
    # A birthday is three numbers: nothing a spreadsheet turns into a date or a formula (D10).
    assert (omer["Day of birth"], omer["Month of birth"], omer["Year of birth"]) == ("2", "1", "")
    helene = next(row for row in rows if row["First name"] == "Hélène")
    assert (helene["Day of birth"], helene["Month of birth"], helene["Year of birth"]) == (
        "12",
        "3",
        "1970",
    )
    assert not any(cell.startswith("'") for row in rows for cell in row.values() if "-" in cell)
    assert all(row["Consent call"] == "" for row in rows)
    for row in rows:
        for value in row.values():
            assert not value or value[0] not in "=+-@\t\r" or value.startswith("+")


def test_csv_with_commas(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    export_guests(filled, path, delimiter=",")
    assert len(read_csv(path, ",")) == 11
    with pytest.raises(UserError):
        export_guests(filled, path, delimiter="|")


def test_json_contract(filled: Services, tmp_path: Path) -> None:
    path = tmp_path / "out.json"
    export_guests(filled, path, fmt="json")

    document = json.loads(path.read_text(encoding="utf-8"))
    guests = {f"{g['first_name']} {g['last_name']}".strip(): g for g in document["guests"]}
    assert len(guests) == 11
    for guest in guests.values():
        assert {
            "first_name",
            "last_name",
            "phones",
            "emails",
            "birthday",
            "partner",
            "consent",
        } <= set(guest)
        assert set(guest["consent"]) == {"call", "sms", "email", "post"}
    assert guests["Marc Dupont"]["birthday"] == "--11-05"
    assert guests["Marc Dupont"]["partner"] == "Hélène Dupont"
    assert guests["Marc Dupont"]["consent"] == {
        "call": None,
        "sms": True,
        "email": False,
        "post": None,
    }
    assert guests["Ömer Çelik"]["phones"] == ["+905321234567"]
    assert guests["Léa Petit"]["birthday"] == "2000-12-31"
    assert guests["Anaïs Martin"]["birthday"] is None
    assert guests["Jérôme Bœuf"]["partner"] == "Sophie"


def test_allergies_never_exported(services: Services, tmp_path: Path) -> None:
    guest_id = add_guest(services, "Rose", "Allergique", birthday=None)
    execute(
        services,
        "INSERT INTO allergy (guest_id, allergen, note) VALUES (?, 'Arachide-XYZ', 'choc-XYZ')",
        guest_id,
    )
    for fmt in FORMATS:
        path = tmp_path / f"out.{fmt}"
        export_guests(services, path, fmt=fmt, filters=ExportFilters())
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(path).active
            assert sheet is not None
            text = str([cell.value for row in sheet.iter_rows() for cell in row])
        else:
            text = path.read_text(encoding="utf-8-sig")
        assert "XYZ" not in text, fmt


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_files_are_private_and_replace_atomically(
    filled: Services, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / f"out.{fmt}"
    path.write_text("old")
    path.chmod(0o644)
    export_guests(filled, path, fmt=fmt, overwrite=True)  # the owner agreed to replace it
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.read_bytes() != b"old"
    assert [p.name for p in folder.iterdir()] == [path.name]


def test_cancel_leaves_no_file_and_keeps_the_old_one(filled: Services, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "out.csv"
    path.write_text("old")
    seen: list[tuple[int, int]] = []
    with pytest.raises(Cancelled):
        export_guests(
            filled,
            path,
            progress=lambda d, t: seen.append((d, t)),
            cancel=lambda: True,
            overwrite=True,
        )
    assert path.read_text() == "old"
    assert [p.name for p in folder.iterdir()] == ["out.csv"]
    assert seen == [(0, 11)]


def test_progress_reaches_the_total(filled: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_guests(
        filled, tmp_path / "o.json", fmt="json", progress=lambda d, t: seen.append((d, t))
    )
    assert seen[0] == (0, 11) and seen[-1] == (11, 11)


def test_filters(filled: Services, tmp_path: Path) -> None:
    def names(filters: ExportFilters) -> set[str]:
        path = tmp_path / "f.csv"
        export_guests(filled, path, filters=filters, overwrite=True)
        return {f"{r['First name']} {r['Last name']}".strip() for r in read_csv(path)}

    everyone = names(ExportFilters())
    assert len(everyone) == 11
    assert names(ExportFilters(consent="email")) == {
        "Hélène Dupont",
        "Zoé Lefèvre",
        "Anaïs Martin",
        "Jérôme Bœuf",
        'Paul \'=HYPERLINK("http://x")',
    }
    assert names(ExportFilters(consent="call")) == set()
    assert names(ExportFilters(postcode="69002")) == {"Hélène Dupont", "Marc Dupont"}
    assert len(names(ExportFilters(postcode="6900"))) == 7  # Ömer, Sans-prénom, the Smiths: none
    assert "Anaïs Martin" not in names(ExportFilters(has_birthday=True))
    assert len(names(ExportFilters(has_birthday=True))) == 10
    rows = {g: i for g, i in query(filled, "SELECT first_name, id FROM guest")}
    add_visit(filled, dt.date(2026, 10, 1), rows["Léa"])
    add_visit(filled, dt.date(2026, 11, 1), rows["Olivia"])
    # The French file's last visits came in as history (Anaïs 20 Nov, Jérôme 18 Nov, the
    # Duponts 2 Oct, Zoé 15 Sep, the others in 2025 or August).
    recent = {"Anaïs Martin", "Jérôme Bœuf"}
    assert names(ExportFilters(visited_since=dt.date(2026, 10, 15))) == {"Olivia Smith", *recent}
    assert names(ExportFilters(visited_since=dt.date(2026, 11, 19))) == {"Anaïs Martin"}
    until = names(ExportFilters(visited_until=dt.date(2026, 10, 15)))
    assert "Léa Petit" in until and not until & {"Olivia Smith", *recent}
    assert names(
        ExportFilters(visited_since=dt.date(2026, 9, 1), visited_until=dt.date(2026, 12, 1))
    ) == {"Léa Petit", "Olivia Smith", "Hélène Dupont", "Marc Dupont", "Zoé Lefèvre", *recent}
    with pytest.raises(UserError):
        names(ExportFilters(consent="fax"))


def test_unwritable_destination_is_a_user_error(filled: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        export_guests(filled, tmp_path / "missing" / "out.csv")
    with pytest.raises(UserError, match="folder"):
        export_guests(filled, tmp_path)


def test_sql_and_python_cells_agree(filled: Services) -> None:
    """The CSV's cells come from SQL, the XLSX's from Python: the same text either way."""
    add_guest(filled, "=Eve", "-Minus", phone="+33612000001", emails=("=x@example.fr",))
    filters = ExportFilters()

    def both(connection: Connection) -> tuple[list[tuple[Any, ...]], list[list[str | int]]]:
        w = words(connection)
        clause, params = where(filters, w)
        sql = cells_sql(clause, w, list_separator=LIST_SEPARATOR, yes=YES, no=NO)
        from_sql = [tuple(row) for row in dbapi(connection).execute(sql, tuple(params))]
        from_python = [
            record_cells(record) for batch in guest_records(connection, filters) for record in batch
        ]
        return from_sql, from_python

    from_sql, from_python = filled.read(both)
    # csv.writer writes None as an empty cell.
    assert [["" if cell is None else cell for cell in row] for row in from_sql] == from_python


@given(st.text(max_size=12))
def test_neutralise_in_sql_agrees_with_python(text: str) -> None:
    connection = sqlite3.connect(":memory:")
    try:
        (from_sql,) = connection.execute(
            f"SELECT {neutralise_sql('?1', SQLITE_WORDS)}", (text,)
        ).fetchone()
    finally:
        connection.close()
    assert from_sql == neutralise(text)
    assert unneutralise(neutralise(text)) == text or text.startswith("'")


NEUTRALISED = ("", "a", "=1+1", "+33 6", "-x", "@SUM(A1)", "\tx", "\rx", "'=x", "é=", "=")


def test_neutralise_in_sql_agrees_with_python_on_either_engine(services: Services) -> None:
    """The rule as the engine under `services` spells it (PostgreSQL: chr() for char())."""

    def in_sql(connection: Connection) -> list[str]:
        sql = f"SELECT {neutralise_sql('CAST(?1 AS TEXT)', words(connection))}"
        raw = dbapi(connection)
        return [raw.execute(sql, (text,)).fetchall()[0][0] for text in NEUTRALISED]

    assert services.read(in_sql) == [neutralise(text) for text in NEUTRALISED]
