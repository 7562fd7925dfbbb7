"""Import and export from the app: preview, import, undo, export with progress."""

from __future__ import annotations

import csv
import shutil
import stat
from pathlib import Path

from textual.widgets import Input, Label, Static

from guestbook.bootstrap import Services, make_app
from tests.builders import add_guest
from tests.database import scalar
from tests.pilot import press, wait_for_workers

DATA = Path(__file__).resolve().parent.parent / "exchange" / "data"


def guest_count(services: Services) -> int:
    return int(scalar(services, "SELECT count(*) FROM guest"))


async def test_preview_then_import_then_undo(services: Services, tmp_path: Path) -> None:
    source = tmp_path / "reservations-export-fr.csv"
    shutil.copy(DATA / "reservations-export-fr.csv", source)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        app.screen.query_one("#path", Input).value = str(source)
        await press(pilot, "ctrl+s")  # import before a preview: refused, nothing written
        assert guest_count(services) == 0
        await press(pilot, "ctrl+r")
        text = " ".join(str(app.screen.query_one("#summary", Static).render()).split())
        assert (
            "Preview of 11 rows: 8 new guests, 1 merged into a row above in this file, "
            "2 rejected (will not be imported). Nothing is written until you import" in text
        )
        assert guest_count(services) == 0
        await press(pilot, "ctrl+s")
        assert guest_count(services) == 8
        assert (tmp_path / "reservations-export-fr-rejects.csv").exists()
        await press(pilot, "ctrl+u")
        # D16: what the undo does, in words and in the numbers it then reports; "0 restored"
        # is not promised, the time is the restaurant's.
        details = str(app.screen.query_one("#confirm-details", Static).render())
        assert details.startswith("reservations-export-fr.csv, imported on 22 Nov 2026 at ")
        assert "UTC" not in details
        assert details.splitlines()[1:] == ["8 guests it created will be removed."]
        await press(pilot, "y")  # Enter would keep it: the safe answer has the focus
        assert "undone" in str(app.screen.query_one("#summary", Static).render())
    assert guest_count(services) == 0


async def test_a_file_that_is_not_a_guest_list(services: Services, tmp_path: Path) -> None:
    junk = tmp_path / "menu.csv"
    junk.write_text("Plat;Prix\nBlanquette;18\n", encoding="utf-8")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        app.screen.query_one("#path", Input).value = str(junk)
        await press(pilot, "ctrl+r")
        assert "Cannot import" in str(app.screen.query_one("#summary", Static).render())
    assert guest_count(services) == 0


async def test_export_csv_from_the_app(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    add_guest(services, "Paul", '=HYPERLINK("http://x")', phone="06 11 22 33 44")
    target = tmp_path / "guests.csv"
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f7")
        app.screen.query_one("#path", Input).value = str(target)
        await press(pilot, "ctrl+s")
        assert "Exported 2 guests" in str(app.screen.query_one("#result", Static).render())
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    last_names = {row[1] for row in rows[1:]}
    assert "Dupont" in last_names
    assert not any(name.startswith("=") for name in last_names)  # neutralised


async def test_export_asks_before_replacing_a_file_and_remembers_the_folder(
    services: Services, tmp_path: Path
) -> None:
    """An export never overwrote a file without asking, and the next one was offered the home
    folder again (findings: export is easy to repeat by mistake)."""
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    target = tmp_path / "guests.csv"
    target.write_text("the owner's own file\n")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f7")
        dialog = app.screen
        dialog.query_one("#path", Input).value = str(target)
        await press(pilot, "ctrl+s")
        assert "guests.csv already exists. Replace it?" in str(app.screen.query_one(Label).render())
        await press(pilot, "enter")  # the safe answer has the focus: the file is kept
        assert app.screen is dialog
        assert "is kept" in str(dialog.query_one("#result", Static).render())
        assert target.read_text() == "the owner's own file\n"
        await press(pilot, "ctrl+s", "y")
        assert "Exported 1 guest" in str(dialog.query_one("#result", Static).render())
        assert target.read_text(encoding="utf-8-sig").startswith('"First name";')
        await press(pilot, "escape", "f7")
        offered = Path(app.screen.query_one("#path", Input).value)
        assert offered.parent == tmp_path
        assert offered.name == "guestbook-export-2026-11-22.csv"


async def test_the_preview_says_when_lines_are_in_another_encoding(
    services: Services, tmp_path: Path
) -> None:
    mixed = tmp_path / "mixed.csv"
    mixed.write_bytes(
        "Prénom;Nom;Téléphone\r\n".encode()
        + b"Anne;Martin;0612345678\r\n"
        + "Hélène;Dupont;0698765432\r\n".encode("cp1252")
    )
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        app.screen.query_one("#path", Input).value = str(mixed)
        await press(pilot, "ctrl+r")
        text = " ".join(str(app.screen.query_one("#summary", Static).render()).split())
    assert "The file is in UTF-8, but 1 line is in Windows-1252" in text


async def test_the_preview_says_the_date_order_and_lets_the_owner_switch_it(
    services: Services, tmp_path: Path
) -> None:
    from tests.exchange.test_other_systems import OUTLOOK_COM, write

    rows = [{"First Name": "Ann", "Last Name": "Lee", "Birthday": "3/12/1970"}]
    source = write(tmp_path, OUTLOOK_COM, rows, "utf-8")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        app.screen.query_one("#path", Input).value = str(source)
        await press(pilot, "ctrl+r")
        text = " ".join(str(app.screen.query_one("#summary", Static).render()).split())
        assert "Dates read month first (03/12/1970 is 12 March), as Outlook writes them" in text
        assert "Read dates day first (ctrl+o)" in str(app.screen.query_one("#dates").render())
        await press(pilot, "ctrl+o")  # a preview again, the other way
        text = " ".join(str(app.screen.query_one("#summary", Static).render()).split())
        assert "Dates read day first (03/12/1970 is 3 December), as you chose." in text
        await press(pilot, "ctrl+s")  # the import reads them as the preview did
    assert scalar(services, "SELECT birth_month || '-' || birth_day FROM guest") == "12-3"
