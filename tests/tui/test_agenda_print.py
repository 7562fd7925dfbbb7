"""`p` prints today's calls: a sheet saved in the documents folder, sent to `lp` when there is
one (finding "no printing of today's call list from the app")."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from tests.builders import add_guest
from tests.pilot import press, until, wait_for_workers
from tests.tui.busy_pilot import errors

CAT = shutil.which("cat")  # before the tests empty the PATH


def fake_lp(folder: Path, log: Path, *, fails: bool = False) -> None:
    """A real `lp` program that writes what it was asked to print to `log` (or refuses, as
    CUPS does without a printer)."""
    script = folder / "lp"
    if fails:
        body = 'echo "lp: Error - No default destination." >&2\nexit 1\n'
    else:
        body = f'{CAT} "$1" > "{log}"\necho "request id is Cuisine-1 (1 file(s))"\n'
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(0o755)


def messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def test_p_saves_the_sheet_and_sends_it_to_the_printer(
    services: Services, documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11, 1976), partner_name="Luc")
    add_guest(services, "Bruno", "Martin", birthday=Birthday(2, 12))  # next days: not today's
    printer = tmp_path / "printer"
    printer.mkdir()
    printed = tmp_path / "printed.txt"
    fake_lp(printer, printed)
    monkeypatch.setenv("PATH", str(printer))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "p")
        await until(pilot, lambda: any("printer" in m for m in messages(app)))
    sheet = documents / "calls-2026-11-22.txt"
    text = sheet.read_text(encoding="utf-8")
    assert stat.S_IMODE(sheet.stat().st_mode) == 0o600  # guests' names and numbers
    assert printed.read_text(encoding="utf-8") == text
    assert text.startswith("Chez Nous — calls for Sunday 22 November 2026")
    assert "Anne Martin" in text and "Birthday Sunday 29 Nov, turning 50" in text
    assert "invite Luc" in text and "Outcome: ___" in text
    assert "Bruno" not in text
    assert f"1 call written to {sheet} and sent to the printer." in messages(app)
    assert not errors(app)


async def test_without_a_printer_the_sheet_is_saved_and_the_user_told_where(
    services: Services, documents: Path
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    (documents / "calls-2026-11-22.txt").write_text("an earlier sheet")
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "p")
        await until(pilot, lambda: any("written to" in m for m in messages(app)))
    second = documents / "calls-2026-11-22-2.txt"
    assert (documents / "calls-2026-11-22.txt").read_text() == "an earlier sheet"
    assert "Anne Martin" in second.read_text(encoding="utf-8")
    said = f"1 call written to {second} (no printer command here: print that file)."
    assert said in messages(app)


async def test_a_printer_that_refuses_is_told_and_the_sheet_kept(
    services: Services, documents: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    printer = tmp_path / "printer"
    printer.mkdir()
    fake_lp(printer, tmp_path / "never.txt", fails=True)
    monkeypatch.setenv("PATH", str(printer))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "p")
        await until(pilot, lambda: any("not printed" in m for m in messages(app)))
    sheet = documents / "calls-2026-11-22.txt"
    assert "Anne Martin" in sheet.read_text(encoding="utf-8")
    warning = next(m for m in messages(app) if "not printed" in m)
    assert warning == (
        f"1 call written to {sheet}, but not printed: the printer refused the sheet: "
        "lp: Error - No default destination."
    )
    assert [path.name for path in documents.iterdir()] == ["calls-2026-11-22.txt"]


async def test_the_palette_prints_too(services: Services, documents: Path) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        titles = [entry.command.title for entry in app.palette_commands(app.screen)]
        assert "Print today's calls" in titles
        await press(pilot, "ctrl+p")
        await pilot.press(*"print")
        await wait_for_workers(pilot)
        await press(pilot, "enter")
        await until(pilot, lambda: any("written to" in m for m in messages(app)))
    assert (documents / "calls-2026-11-22.txt").exists()
