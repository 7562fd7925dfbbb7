"""The report as a workbook for the accountant, read back by openpyxl (an independent reader):
every figure a number with its format, the dates date cells, the revenue month by month adding
up to the report's, labels and sheet names in the language, written as exports are."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from guestbook.bootstrap import Services
from guestbook.exchange.report_xlsx import Heading, Month, Number, Sheet, write_report_xlsx
from guestbook.services.reports import report
from guestbook.services.reports.months import month_parts, revenue_by_month
from guestbook.services.reports.workbook import ExportExists, export_report
from guestbook.services.visits.record import record_visit
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

D = dt.date


def day(year: int, month: int, number: int) -> dt.datetime:
    """A date cell as openpyxl reads it back: a naive datetime at midnight."""
    return dt.datetime(year, month, number)  # noqa: DTZ001


def _tables(services: Services) -> None:
    """Anne twice and Bruno once in the first half of 2026 (a table of 3 at 100.01 € for the
    two of them, Anne alone at 50.00 €), Bruno alone at 70.00 € in December 2025, and a table
    whose spend was not typed in April."""
    anne = add_guest(services, "Anne", "Test")
    bruno = add_guest(services, "Bruno", "Test", call_consent=False)
    add_visit(services, D(2026, 2, 1), anne, bruno, party_size=3, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    _unknown_spend(services, D(2026, 4, 10), anne)
    add_visit(services, D(2025, 12, 1), bruno, spend_cents=7_000)


def _unknown_spend(services: Services, on: dt.date, guest_id: int) -> None:
    services.write(
        lambda session: record_visit(
            session,
            visited_on=on,
            guest_ids=[guest_id],
            party_size=1,
            spend_cents=None,
            now=services.clock.now(),
            settings=services.settings,
        )
    )


def rows_by_figure(sheet: Worksheet) -> dict[tuple[str, str], list[Any]]:
    """The figures' rows (from the sixth on) by (section, figure): their cells."""
    found: dict[tuple[str, str], list[Any]] = {}
    for cells in sheet.iter_rows(min_row=7):
        section, label = str(cells[0].value), str(cells[1].value)
        found.setdefault((section, label), list(cells))
    return found


@pytest.fixture
def workbook(services: Services, tmp_path: Path) -> openpyxl.Workbook:
    _tables(services)
    path = tmp_path / "report.xlsx"
    export_report(services, path, D(2026, 1, 1), D(2026, 6, 30))
    return openpyxl.load_workbook(path)


def test_every_figure_is_a_number_with_its_format(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["Report", "Revenue per month"]
    sheet = workbook["Report"]
    head = [[cell.value for cell in row] for row in sheet.iter_rows(max_row=6)]
    assert head[0][:3] == ["Period", "First day", "Last day"]
    assert head[1][:3] == ["This period", day(2026, 1, 1), day(2026, 6, 30)]
    assert head[2][:3] == ["Period before", day(2025, 7, 4), day(2025, 12, 31)]
    assert head[3][:2] == ["Today", day(2026, 11, 22)]
    assert head[5] == ["Section", "Figure", "This period", "Period before", "Difference"]
    assert sheet["B2"].number_format == "DD/MM/YYYY" and sheet["B2"].is_date
    assert sheet["A6"].font.b and not sheet["A7"].font.b

    rows = rows_by_figure(sheet)
    revenue = rows["Revenue", "revenue"]
    assert [cell.value for cell in revenue[2:]] == [150.01, 70.0, 80.01]
    assert revenue[2].data_type == "n"
    assert revenue[2].number_format == "[$€-809]#,##0.00"
    assert revenue[4].number_format.startswith("+[$€-809]#,##0.00;-")
    per_guest = rows["Revenue", "per guest"]
    assert [cell.value for cell in per_guest[2:]] == [75.01, 70.0, 5.01]
    repeat = rows["Loyalty", "came 2 times or more"]
    assert [cell.value for cell in repeat[2:4]] == [0.5, 0.0]
    assert repeat[2].number_format == "0.0%"
    assert repeat[4].value == 50.0  # percentage points
    assert repeat[4].number_format == '+0.0" pts";-0.0" pts";0.0" pts"'
    guests = rows["Loyalty", "guests who came"]
    assert [cell.value for cell in guests[2:]] == [2, 1, 1]
    assert guests[4].number_format == "+#,##0;-#,##0;0"
    assert rows["Revenue", "tables whose spend is unknown"][2].value == 1
    # Nothing to divide by: an empty cell, never 0 nor a dash.
    assert [cell.value for cell in rows["Birthday calls", "return rate"][2:]] == [None] * 3
    assert rows["Feedback", "average effort score (1 to 7)"][2].value is None
    # Today's figures: the period's column only.
    calls = rows["Consent coverage today", "agreed to calls"]
    assert [cell.value for cell in calls[2:]] == [0.5, None, None]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_revenue_month_by_month_adds_up_to_the_report(
    services: Services, workbook: openpyxl.Workbook
) -> None:
    sheet = workbook["Revenue per month"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "Month",
        "First day",
        "Last day",
        "Visits",
        "Visits with known spend",
        "Revenue",
    ]
    assert [row[0] for row in rows[1:7]] == [day(2026, month, 1) for month in range(1, 7)]
    assert rows[2][1:] == [day(2026, 2, 1), day(2026, 2, 28), 1, 1, 100.01]
    assert rows[4][3:] == [1, 0, 0]  # April: a visit whose spend is unknown
    assert rows[1][3:] == [0, 0, 0]  # a month without visits is a row all the same
    assert rows[7] == ["Total", day(2026, 1, 1), day(2026, 6, 30), 3, 2, 150.01]
    assert sheet["A2"].is_date and sheet["A2"].number_format == "[$-809]MMMM YYYY"
    assert sheet["F3"].number_format == "[$€-809]#,##0.00"
    figures = report(services, D(2026, 1, 1), D(2026, 6, 30))
    months = revenue_by_month(services, D(2026, 1, 1), D(2026, 6, 30))
    assert sum(month.revenue_cents for month in months) == figures.current.revenue.total_cents
    assert sum(month.visits for month in months) == figures.current.revenue.visits


def test_in_french(services: Services, tmp_path: Path, french: None) -> None:
    _tables(services)
    path = tmp_path / "rapport.xlsx"
    export_report(services, path, D(2026, 1, 1), D(2026, 6, 30))

    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Rapport", "Chiffre d’affaires par mois"]
    sheet = workbook["Rapport"]
    assert [cell.value for cell in sheet[6]] == [
        "Rubrique",
        "Indicateur",
        "Cette période",
        "Période précédente",
        "Écart",
    ]
    rows = rows_by_figure(sheet)
    revenue = rows["Chiffre d’affaires", "chiffre d’affaires"]
    assert revenue[2].value == 150.01
    assert revenue[2].number_format == "#,##0.00\\ [$€-40C]"
    months = workbook["Chiffre d’affaires par mois"]
    assert months["A1"].value == "Mois"
    assert months["A2"].number_format == "[$-40C]MMMM YYYY"
    assert months["B2"].number_format == "DD/MM/YYYY"


def test_written_as_exports_are(services: Services, tmp_path: Path) -> None:
    """0600, and never over an existing file unless asked to."""
    _tables(services)
    path = tmp_path / "report.xlsx"
    path.write_text("the accountant's own file\n")
    with pytest.raises(ExportExists):
        export_report(services, path)
    assert path.read_text() == "the accountant's own file\n"
    written = export_report(services, path, overwrite=True)
    assert (written.start, written.end) == (D(2025, 11, 23), D(2026, 11, 22))
    assert written.months == 13
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(tmp_path.glob(".*partial*")) == []  # nothing left beside it
    assert openpyxl.load_workbook(path).sheetnames == ["Report", "Revenue per month"]


def test_cells_are_exact(tmp_path: Path) -> None:
    """Amounts to the cent without a float's repr, negative differences, text XML cannot
    hold as it is, a month before 1900 kept as text."""
    sheet = Sheet(
        "Odd: [names]?",
        [
            [Heading("A & B"), "<b> \x01", Number("amount", 100_000), Number("amount", -5, True)],
            [Number("amount", 1), Number("share", 1 / 3), Number("score", 4.25), 7],
            [Month(D(2026, 2, 1)), D(1899, 12, 31), None, Number("points", -2.5, True)],
        ],
    )
    path = tmp_path / "odd.xlsx"
    write_report_xlsx([sheet], path)

    read = openpyxl.load_workbook(path)
    assert read.sheetnames == ["Odd   names  "]
    rows = [[cell.value for cell in row] for row in read.active.iter_rows()]  # type: ignore[union-attr]
    assert rows[0] == ["A & B", "<b> _x0001_", 1000, -0.05]
    assert rows[1] == [0.01, pytest.approx(1 / 3), 4.25, 7]
    assert rows[2] == [day(2026, 2, 1), "31/12/1899", None, -2.5]


def test_a_period_cut_into_months() -> None:
    assert month_parts((D(2025, 11, 23), D(2026, 11, 22)))[:2] == [
        (D(2025, 11, 23), D(2025, 11, 30)),
        (D(2025, 12, 1), D(2025, 12, 31)),
    ]
    assert len(month_parts((D(2025, 11, 23), D(2026, 11, 22)))) == 13
    assert month_parts((D(2028, 2, 1), D(2028, 3, 3))) == [
        (D(2028, 2, 1), D(2028, 2, 29)),
        (D(2028, 3, 1), D(2028, 3, 3)),
    ]
    assert month_parts((D(2026, 12, 31), D(2026, 12, 31))) == [(D(2026, 12, 31), D(2026, 12, 31))]
