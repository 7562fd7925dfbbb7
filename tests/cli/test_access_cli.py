"""`guestbook access GUEST_ID --output DIR` (product.md's command line)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.errors import UserError
from tests.builders import add_guest
from tests.database import database

pytestmark = pytest.mark.both_backends

FILES = ("guest.html", "guest.json", "guest.csv", "guest.vcf")


def invoke(db: Path | str, *args: str) -> tuple[int, str, BaseException | None]:
    result = CliRunner().invoke(cli, ["--db", str(db), "--today", "2026-11-22", *args])
    return result.exit_code, result.output, result.exception


def test_the_bundle_is_written_and_listed(services: Services, tmp_path: Path) -> None:
    guest = add_guest(services, "Zoé", "Martin")
    out = tmp_path / "new" / "bundles"  # missing: created, private
    code, output, _error = invoke(database(services), "access", str(guest), "--output", str(out))
    assert code == 0, output
    folder = out / f"guest-{guest}-2026-11-22"
    assert output.splitlines() == [
        f"Access bundle of guest #{guest} written to {folder}:",
        *(f"  {name}" for name in FILES),
    ]
    assert all((folder / name).is_file() for name in FILES)
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_default_folder_is_here(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guest = add_guest(services, "Zoé", "Martin")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    code, output, _error = invoke(database(services), "access", str(guest))
    assert code == 0, output
    assert (here / f"guest-{guest}-2026-11-22" / "guest.json").is_file()


def test_an_unknown_guest_or_a_file_as_folder_is_one_line(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services)
    missing = tmp_path / "bundles"
    code, _output, error = invoke(database(services), "access", "404", "--output", str(missing))
    assert code == 1 and isinstance(error, UserError)  # main() prints it as one line
    assert str(error) == "guest #404 does not exist"
    assert not missing.exists()  # not left behind, empty
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine")
    code, _output, error = invoke(database(services), "access", "1", "--output", str(a_file))
    assert code == 1 and isinstance(error, UserError)
    assert str(error) == f"{a_file} is not a folder"
    code, output, _error = invoke(database(services), "access", "abc")
    assert code == 2 and "GUEST_ID" in output
