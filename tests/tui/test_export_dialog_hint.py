"""The export dialog steers a spreadsheet user to XLSX: opened in Excel or LibreOffice, a CSV's
phone numbers lose their '+' and postcodes their leading 0 (docs/spreadsheets.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App
from textual.widgets import Button, Input, Select, Static

from guestbook.bootstrap import Services, make_app
from tests.builders import add_guest
from tests.pilot import press, text_of, wait_for_workers

HINT = (
    "For a spreadsheet (Excel, LibreOffice), XLSX keeps phone numbers and postcodes exactly "
    "as written; CSV is for other systems."
)


def fits(app: App[Any]) -> bool:
    """The dialog's buttons are inside it: nothing is cut at 80×24."""
    dialog = app.screen.query_one("#export")
    return all(dialog.region.contains_region(button.region) for button in app.screen.query(Button))


async def test_export_dialog_hint_shows_for_csv_only(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f7")
        hint = app.screen.query_one("#format-hint", Static)
        assert hint.display
        assert " ".join(text_of(pilot, "#format-hint").split()) == HINT
        assert fits(app)

        app.screen.query_one("#format", Select).value = "xlsx"
        await wait_for_workers(pilot)
        assert not hint.display
        for key in ("vcf", "ics", "json"):
            app.screen.query_one("#format", Select).value = key
            await wait_for_workers(pilot)
            assert not hint.display, key

        app.screen.query_one("#format", Select).value = "csv"
        await wait_for_workers(pilot)
        assert hint.display
        assert fits(app)


async def test_export_dialog_hint_gives_way_to_the_progress_and_result(
    services: Services, tmp_path: Path
) -> None:
    """At 80×24 the hint, the progress bar and the result do not fit together: the hint goes
    when the export starts, and comes back in place of the bar when a format is chosen."""
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f7")
        app.screen.query_one("#path", Input).value = str(tmp_path / "guests.csv")
        await press(pilot, "ctrl+s")
        assert "Exported 1 guest" in text_of(pilot, "#result")
        assert not app.screen.query_one("#format-hint", Static).display
        assert fits(app)

        app.screen.query_one("#format", Select).value = "xlsx"
        await wait_for_workers(pilot)
        app.screen.query_one("#format", Select).value = "csv"
        await wait_for_workers(pilot)
        assert app.screen.query_one("#format-hint", Static).display
        assert fits(app)
