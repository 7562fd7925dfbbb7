"""The report's workbook from the app (issue 17): the dialog the Reports screen pushes with its
period offers a file name, writes the workbook on Enter and says so, and asks before replacing
a file. Today is Sunday 22 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from textual.widgets import Input, Label

from guestbook.bootstrap import Services, make_app
from guestbook.tui.dialogs.report_export import ReportExportDialog
from tests.builders import add_guest, add_visit
from tests.pilot import press, text_of, wait_for_workers

D = dt.date


async def test_enter_writes_the_workbook_of_the_period_shown(
    services: Services, tmp_path: Path
) -> None:
    anne = add_guest(services, "Anne", "Test")
    add_visit(services, D(2026, 2, 1), anne, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    target = tmp_path / "for-the-accountant.xlsx"
    app = make_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_workers(pilot)
        app.push_screen(ReportExportDialog(services, D(2026, 1, 1), D(2026, 6, 30)))
        await wait_for_workers(pilot)
        assert "From 1 Jan 2026 to 30 Jun 2026" in text_of(pilot, "#report-period")
        offered = Path(app.screen.query_one("#path", Input).value)
        assert offered.name == "report-2026-06-30.xlsx"
        app.screen.query_one("#path", Input).value = str(target)
        await press(pilot, "enter")
        assert text_of(pilot, "#result").strip() == f"Report written to {target}"

    workbook = openpyxl.load_workbook(target)
    months = list(workbook["Revenue per month"].iter_rows(values_only=True))
    assert [row[5] for row in months[1:]] == [0, 100.01, 50.0, 0, 0, 0, 150.01]
    assert app.last_export_folder == tmp_path


async def test_a_file_is_replaced_only_when_the_owner_says_so(
    services: Services, tmp_path: Path
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_text("the accountant's own file\n")
    app = make_app(services)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_workers(pilot)
        dialog = ReportExportDialog(services)  # the default period: the 12 months to today
        app.push_screen(dialog)
        await wait_for_workers(pilot)
        assert Path(dialog.query_one("#path", Input).value).name == "report-2026-11-22.xlsx"
        dialog.query_one("#path", Input).value = str(target)
        await press(pilot, "ctrl+s")
        assert "report.xlsx already exists. Replace it?" in str(
            app.screen.query_one(Label).render()
        )
        await press(pilot, "enter")  # the safe answer has the focus: the file is kept
        assert app.screen is dialog
        assert "is kept" in text_of(pilot, "#result")
        assert target.read_text() == "the accountant's own file\n"
        await press(pilot, "ctrl+s", "y")
        assert text_of(pilot, "#result").strip() == f"Report written to {target}"
        await press(pilot, "escape")
        assert app.screen is not dialog
    assert openpyxl.load_workbook(target).sheetnames == ["Report", "Revenue per month"]


async def test_x_on_the_reports_screen_offers_the_workbook_of_its_period(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await wait_for_workers(pilot)
        await press(pilot, "left_square_bracket")  # a month back: the period shown changes
        await wait_for_workers(pilot)
        await press(pilot, "x")
        await wait_for_workers(pilot)
        assert isinstance(app.screen, ReportExportDialog)
        assert "to 22 Oct 2026" in text_of(pilot, "#report-period")
        assert Path(app.screen.query_one("#path", Input).value).name == "report-2026-10-22.xlsx"
