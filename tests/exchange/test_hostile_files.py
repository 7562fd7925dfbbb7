"""Hostile and damaged input files: every line accounted for, or one line and nothing written.

Real files in tmp_path, imported by the real command (in this process, or as `python -m
guestbook` where the one line on stderr and the exit code are what is checked); the database
is read back after each.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from guestbook.cli import cli
from guestbook.services.context import Services
from tests.exchange.helpers import by_name, database, dump, query

pytestmark = pytest.mark.both_backends

HEADER = "Prénom;Nom;Téléphone;Adresse;Notes\r\n"


def import_json(services: Services, path: Path, rejects: Path) -> dict[str, Any]:
    """`guestbook import FILE --json`, in this process, on the fixture's database."""
    args = ["--db", database(services), "--today", "2026-11-22", "import", str(path)]
    result = CliRunner().invoke(
        cli, [*args, "--json", "--rejects", str(rejects)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def run(db: str, *args: str) -> subprocess.CompletedProcess[str]:
    """The real program, in a process of its own (a hang fails on the timeout)."""
    return subprocess.run(
        [sys.executable, "-m", "guestbook", "--lang", "en", "--db", db, *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def read_rejects(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def counts(data: dict[str, Any]) -> tuple[int, int, int, int]:
    return data["rows"], data["new"], data["merged"], data["rejected"]


# --- F9: an unbalanced quote swallows no row ----------------------------------------------

UNBALANCED = 'a quote (") on this line opens a cell that is never properly closed'


@pytest.mark.parametrize(
    "lines",
    [
        # never closed: the quote ran to the end of the file
        ['Anne;"Martin;06 12 34 56 78;;', "Bob;Durand;06 98 76 54 32;;", "Carl;Petit;0611111111;;"],
        # closed by another row's quote followed by text
        ['Anne;"Martin;06 12 34 56 78;;', "Bob;Durand;06 98 76 54 32;;", 'Carl;"Petit";0611111111;;'],
        # closed quietly two rows later, before a delimiter: the rows between look like rows
        ['Anne;"Martin;06 12 34 56 78;;', "Bob;Durand;06 98 76 54 32;;",
         "Dan;Roux;0622222222;;", 'Carl;Petit";0611111111;;'],
        # on the last line, without a line end: it swallows no row but its own cells
        ["Bob;Durand;06 98 76 54 32;;", 'Anne;"Martin;06 12 34 56 78;;'],
    ],
)  # fmt: skip
def test_an_unbalanced_quote_swallows_no_row(
    services: Services, tmp_path: Path, lines: list[str]
) -> None:
    path = tmp_path / "quote.csv"
    path.write_text(HEADER + "\r\n".join(lines), encoding="utf-8")
    data = import_json(services, path, tmp_path / "r.csv")

    rows = len(lines)
    assert counts(data) == (rows, rows - 1, 0, 1)
    assert data["lines"] == rows + 1
    anne = 2 + next(n for n, line in enumerate(lines) if line.startswith("Anne"))
    assert [(r["line"], r["reasons"]) for r in data["rejects"]] == [(anne, [data_reason(data)])]
    assert UNBALANCED in data_reason(data)
    guests = by_name(services)
    assert "Bob Durand" in guests and guests["Bob Durand"]["first_name"] == "Bob"
    assert not any("Anne" in name or "\n" in name for name in guests)
    assert len(guests) == rows - 1
    written = read_rejects(tmp_path / "r.csv")
    assert written[0] == ["Prénom", "Nom", "Téléphone", "Adresse", "Notes", "reason"]
    assert written[1][:2] == ["Anne", "Martin;06 12 34 56 78;;"]
    assert UNBALANCED in written[1][-1]
    assert len(written) == 2


def data_reason(data: dict[str, Any]) -> str:
    reason: str = data["rejects"][0]["reasons"][0]
    return reason


def test_cells_on_several_lines_are_kept(services: Services, tmp_path: Path) -> None:
    """An address on two lines and notes on three are one row each, as before."""
    path = tmp_path / "multi.csv"
    path.write_text(
        HEADER
        + 'Anne;Martin;0612345678;"12 rue de la Paix\r\n75002 Paris";"Allergic; no nuts\r\n'
        + 'window table\r\nloves ""Chablis"""\r\n'
        + "Bob;Durand;0698765432;;\r\n",
        encoding="utf-8",
    )
    data = import_json(services, path, tmp_path / "r.csv")

    assert counts(data) == (2, 2, 0, 0)
    assert data["lines"] == 6
    anne = by_name(services)["Anne Martin"]
    assert anne["address"] == "12 rue de la Paix\r\n75002 Paris"
    # The part of the notes about an allergy goes to allergies (never exported), the rest stays.
    assert anne["notes"] == 'no nuts\r\nwindow table\r\nloves "Chablis"'
    assert query(services, "SELECT allergen FROM allergy") == [("Allergic",)]
    assert "Bob Durand" in by_name(services)
    assert not (tmp_path / "r.csv").exists()


# --- F10: the encoding is decided per file, the odd lines rejected --------------------------


def test_one_windows_1252_row_in_a_utf8_file(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        HEADER.encode("utf-8")
        + b"Anne;Martin;0612345678;;\r\n"
        + "Hélène;Dupont;0698765432;;Crème brûlée\r\n".encode("cp1252")
        + "Zoë;Lefèvre;0611111111;;\r\n".encode()
    )
    data = import_json(services, path, tmp_path / "r.csv")

    assert counts(data) == (3, 2, 0, 1)
    assert data["rejects"] == [
        {
            "line": 3,
            "name": "Hélène Dupont",
            "reasons": [
                "this line is in Windows-1252 while the rest of the file is in UTF-8: check "
                "its accents"
            ],
        }
    ]
    guests = by_name(services)
    assert set(guests) == {"Anne Martin", "Zoë Lefèvre"}
    assert guests["Anne Martin"]["primary_phone"] == "+33612345678"
    # The rejects file holds the row readable, in UTF-8, ready to be imported again.
    assert read_rejects(tmp_path / "r.csv")[1][:5] == [
        "Hélène", "Dupont", "0698765432", "", "Crème brûlée"
    ]  # fmt: skip
    again = import_json(services, tmp_path / "r.csv", tmp_path / "r2.csv")
    assert counts(again) == (1, 1, 0, 0)
    assert by_name(services)["Hélène Dupont"]["notes"] == "Crème brûlée"


def test_one_utf8_row_in_a_windows_1252_file_says_so(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "ansi.csv"
    path.write_bytes(
        HEADER.encode("cp1252")
        + "Hélène;Dupont;0698765432;;\r\n".encode("cp1252")
        + "Anaïs;Lefèvre;0611111111;;\r\n".encode("cp1252")
        + "Zoë;Œuvre;0622222222;;\r\n".encode()
    )
    result = run(database(services), "import", str(path), "--rejects", str(tmp_path / "r.csv"))

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Imported ansi.csv: 3 rows: 2 new, 0 merged, 1 rejected.")
    assert (
        "The file is in Windows-1252, but 1 line is in UTF-8: it is among the rejected rows."
        in result.stdout
    )
    assert set(by_name(services)) == {"Hélène Dupont", "Anaïs Lefèvre"}
    assert read_rejects(tmp_path / "r.csv")[1][:2] == ["Zoë", "Œuvre"]


def test_a_header_in_the_wrong_encoding_is_named_and_refused(
    services: Services, tmp_path: Path
) -> None:
    """UTF-8 read as Windows-1252 and saved again: 'PrÃ©nom' would be a column left aside,
    every guest imported without a first name."""
    path = tmp_path / "twice.csv"
    path.write_bytes("Nom;Prénom;Téléphone\r\nMartin;Anne;0612345678\r\n".encode().decode(
        "cp1252").encode())  # fmt: skip
    before = dump(services)
    result = run(database(services), "import", str(path))

    assert result.returncode == 1
    assert result.stderr == (
        f"guestbook: {path} is not a guest list: its header 'PrÃ©nom' is 'Prénom' in the wrong "
        "encoding: save the file again as UTF-8\n"
    )
    assert dump(services) == before


# --- F18: a NUL character is never stored ------------------------------------------------


def test_a_nul_past_the_first_64_kib_is_rejected_with_its_line(
    services: Services, tmp_path: Path
) -> None:
    rows = [f"Guest{n};Name{n};;;\r\n" for n in range(3000)]  # about 70 KiB
    rows.append("Ev\x00e;Nul;;;\r\n")
    path = tmp_path / "nul.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    assert path.read_bytes().index(b"\x00") > 65536
    data = import_json(services, path, tmp_path / "r.csv")

    assert counts(data) == (3001, 3000, 0, 1)
    assert data["rejects"][0]["line"] == 3002
    assert data["rejects"][0]["reasons"] == [
        "this line holds a NUL character: the file may be damaged"
    ]
    names = query(services, "SELECT first_name, last_name FROM guest")
    assert len(names) == 3000 and not any("\x00" in first + last for first, last in names)


# --- F11: hostile files: one line, a non-zero exit, nothing written, no hang ---------------


def _deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000)


def _long_number(path: Path) -> None:
    path.write_text('{"guests": [{"first_name": "Anne", "postcode": ' + "1" * 5001 + "}]}")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _huge(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: nothing is written to the disk
        handle.truncate(400_000_000)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (_deep_json, "is not a guest list: its JSON is nested too deeply to be a guest list"),
        (
            _long_number,
            "is not a guest list: it holds a number 5,001 digits long, too long to be a "
            "guest's value",
        ),
        (_fifo, "cannot read {path}: it is a named pipe (FIFO), not a file: guestbook reads "
                "files only"),
        (_huge, "cannot read {path}: it is 400 MB, more than the 300 MB an import reads: "
                "split it first"),
    ],
)  # fmt: skip
def test_hostile_files_are_refused_in_one_line(
    services: Services, tmp_path: Path, make: Any, message: str
) -> None:
    path = tmp_path / "hostile.json"
    make(path)
    before = dump(services)
    result = run(database(services), "import", str(path))

    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("guestbook: ")
    assert message.format(path=path) in result.stderr
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM import_batch") == [(0,)]


def test_a_device_is_never_read(services: Services) -> None:
    before = dump(services)
    result = run(database(services), "import", "/dev/zero")

    assert result.returncode == 1
    assert result.stderr == (
        "guestbook: cannot read /dev/zero: it is a device, not a file: guestbook reads files only\n"
    )
    assert dump(services) == before


def test_an_overlong_line_is_rejected_with_its_reason(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(
        HEADER + "Anne;Martin;;;" + "x" * 200_000 + "\r\nBob;Durand;;;\r\n", encoding="utf-8"
    )
    data = import_json(services, path, tmp_path / "r.csv")

    assert counts(data) == (2, 1, 0, 1)
    assert data["rejects"][0]["reasons"] == [
        "this line is too long (200,016 characters, at most 100,000)"
    ]
    assert set(by_name(services)) == {"Bob Durand"}
