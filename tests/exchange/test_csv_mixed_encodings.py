"""Files assembled from two systems, one writing Windows-1252 and the other UTF-8.

A Windows-1252 line can also be valid UTF-8 by accident ('çŒŒ' is the UTF-8 of '猌'): such a
line is read as the file is, never rejected as pasted from the other system, and a cell it opens
on several lines stays one cell. A line truly pasted in UTF-8 (its UTF-8 reading is Latin text
such as 'Hélène Dupré') is still rejected with its reason, and the row it belongs to is
rejected whole, whatever lines its cells span. Real files in tmp_path, imported by the real
importer; the database and the rejects file are read back.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from guestbook.services.context import Services
from guestbook.services.importing.importer import import_file
from guestbook.services.importing.result import ImportResult
from tests.exchange.helpers import by_name

pytestmark = pytest.mark.both_backends

HEADER = "Prénom;Nom;Téléphone;Adresse;Notes\r\n"
BOB = "Bob;Durand;0698765432;;\r\n"
IN_UTF8 = "this line is in UTF-8 while the rest of the file is in Windows-1252: check its accents"


def ansi(*lines: str) -> bytes:
    return "".join(lines).encode("cp1252")


def imported(services: Services, tmp_path: Path, content: bytes) -> ImportResult:
    path = tmp_path / "mixed.csv"
    path.write_bytes(content)
    return import_file(services, path, rejects_path=tmp_path / "rejects.csv")


def summary(result: ImportResult) -> tuple[int, int, int, int]:
    return result.rows, result.new, result.merged, result.rejected


def rejects(tmp_path: Path) -> list[list[str]]:
    with (tmp_path / "rejects.csv").open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


# --- a Windows-1252 line that happens to be valid UTF-8 --------------------------------------


def test_a_cell_on_two_lines_is_not_split_by_a_line_that_reads_as_utf8(
    services: Services, tmp_path: Path
) -> None:
    """Found by Hypothesis: the line opening the notes spells '猌' in UTF-8; it was rejected on
    its own, the line closing the notes rejected as an unbalanced quote (3 rows for 2)."""
    content = ansi(HEADER, 'Anne;Martin;0612345678;;"çŒŒ\r\n', 'près de la fenêtre"\r\n', BOB)
    assert content.splitlines()[1].decode("utf-8").endswith('"猌')  # the accident itself
    result = imported(services, tmp_path, content)

    assert summary(result) == (2, 2, 0, 0)
    assert (result.encoding, result.odd_lines) == ("cp1252", 0)
    guests = by_name(services)
    assert set(guests) == {"Anne Martin", "Bob Durand"}
    assert guests["Anne Martin"]["notes"] == "çŒŒ\r\nprès de la fenêtre"


def test_a_row_that_reads_as_utf8_is_read_as_the_file_is(
    services: Services, tmp_path: Path
) -> None:
    """'café »' with its no-break space is the bytes of '頻' in UTF-8."""
    content = ansi(
        HEADER, "Hélène;Dupont;0611111111;;\r\n", "Anne;Martin;0612345678;;Formule café\xa0»\r\n"
    )
    result = imported(services, tmp_path, content)

    assert summary(result) == (2, 2, 0, 0)
    assert (result.encoding, result.odd_lines) == ("cp1252", 0)
    assert by_name(services)["Anne Martin"]["notes"] == "Formule café\xa0»"


def test_a_line_that_reads_both_ways_does_not_decide_the_encoding(
    services: Services, tmp_path: Path
) -> None:
    """One Windows-1252 line and one that reads both ways: the file is in Windows-1252, and
    neither row is lost (the tie went to UTF-8, rejecting 'Lefèvre')."""
    result = imported(services, tmp_path, ansi("Nom;Notes\r\n", "Lefèvre;\r\n", "Martin;çŒŒ\r\n"))

    assert summary(result) == (2, 2, 0, 0)
    assert result.encoding == "cp1252"
    guests = by_name(services)
    assert set(guests) == {"Lefèvre", "Martin"}
    assert guests["Martin"]["notes"] == "çŒŒ"


def test_in_a_utf8_file_a_line_that_reads_both_ways_is_utf8(
    services: Services, tmp_path: Path
) -> None:
    """The same doubt the other way round: a UTF-8 file keeps its Chinese name, and its one
    Windows-1252 line is rejected as before."""
    content = (
        "Prénom;Nom;Téléphone;Adresse;Notes\r\nZoë;Lefèvre;0611111111;;\r\nWei;王;0622222222;;\r\n"
    ).encode() + ansi("Hélène;Dupont;0698765432;;\r\n")
    result = imported(services, tmp_path, content)

    assert summary(result) == (3, 2, 0, 1)
    assert (result.encoding, result.odd_encoding) == ("utf-8", "cp1252")
    assert set(by_name(services)) == {"Zoë Lefèvre", "Wei 王"}


# --- a line truly pasted in UTF-8 --------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "last", "notes"),
    [
        ("Hélène", "Dupré", ""),
        ("Zoë", "Œuvre", "à l’intérieur, « côté jardin »"),
        ("Thị", "Nguyễn", ""),
        ("Léa", "Roux", "gâteau 🎂"),
    ],
)
def test_a_utf8_line_in_a_windows_1252_file_is_still_rejected(
    services: Services, tmp_path: Path, first: str, last: str, notes: str
) -> None:
    pasted = f"{first};{last};0698765432;;{notes}\r\n".encode()
    pasted.decode("cp1252")  # it reads both ways (else this raises): its Latin UTF-8 tells
    content = ansi(HEADER, "Anaïs;Lefèvre;0611111111;;\r\n") + pasted + ansi(BOB)
    result = imported(services, tmp_path, content)

    assert summary(result) == (3, 2, 0, 1)
    assert (result.encoding, result.odd_lines, result.odd_encoding) == ("cp1252", 1, "utf-8")
    rejected = next(outcome for outcome in result.outcomes if outcome.action == "rejected")
    assert (rejected.line, rejected.reasons) == (3, (IN_UTF8,))
    assert set(by_name(services)) == {"Anaïs Lefèvre", "Bob Durand"}
    assert rejects(tmp_path)[1][:5] == [first, last, "0698765432", "", notes]


def test_a_utf8_row_on_two_lines_is_rejected_whole(services: Services, tmp_path: Path) -> None:
    """Its address on two lines: rejected as one row, the second line not read as a row."""
    pasted = 'Hélène;Dupré;0698765432;"12 rue de la Paix\r\n75002 Paris";\r\n'.encode()
    content = ansi(HEADER, "Anaïs;Lefèvre;0611111111;;\r\n") + pasted + ansi(BOB)
    result = imported(services, tmp_path, content)

    assert summary(result) == (3, 2, 0, 1)
    rejected = next(outcome for outcome in result.outcomes if outcome.action == "rejected")
    assert (rejected.line, rejected.reasons) == (3, (IN_UTF8,))
    assert set(by_name(services)) == {"Anaïs Lefèvre", "Bob Durand"}
    address = "12 rue de la Paix\r\n75002 Paris"
    assert rejects(tmp_path)[1][:4] == ["Hélène", "Dupré", "0698765432", address]


def test_a_utf8_line_inside_a_cell_rejects_its_row_whole(
    services: Services, tmp_path: Path
) -> None:
    """Notes on three lines, the middle one pasted in UTF-8: one row rejected for it, not three
    pieces (an unbalanced quote, an odd line and a row of half a note)."""
    content = (
        ansi(HEADER, "Anaïs;Lefèvre;0611111111;;\r\n", 'Anne;Martin;0612345678;;"Dessert :\r\n')
        + "Crème brûlée\r\n".encode()
        + ansi('sans sucre"\r\n', BOB)
    )
    result = imported(services, tmp_path, content)

    assert summary(result) == (3, 2, 0, 1)
    assert result.odd_lines == 1
    rejected = next(outcome for outcome in result.outcomes if outcome.action == "rejected")
    assert (rejected.line, rejected.reasons) == (3, (IN_UTF8,))
    assert set(by_name(services)) == {"Anaïs Lefèvre", "Bob Durand"}
    assert rejects(tmp_path)[1][4] == "Dessert :\r\nCrème brûlée\r\nsans sucre"
