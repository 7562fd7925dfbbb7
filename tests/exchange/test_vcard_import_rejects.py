"""vCard files that are damaged, or not what they seem (issue 14): each damaged card rejected
with its reason and written to a rejects .vcf the owner can fix and import again; a file that
holds no whole card is no guest list.

The fixtures are in tests/exchange/data/vcard/, whose README says where each card's shape comes
from.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.errors import UserError
from guestbook.exchange.guest_file import read_guest_file
from guestbook.services.importing.importer import import_file
from tests.exchange.vcard_helpers import VCARDS, cards_in, guests, imported, rejected_cards

pytestmark = pytest.mark.both_backends


def test_damaged_cards_are_each_rejected_with_their_reason(
    services: Services, tmp_path: Path
) -> None:
    path = VCARDS / "broken.vcf"
    result = imported(services, path, tmp_path)
    # Six cards and a line of text between two of them: seven rows.
    assert (cards_in(path), result.rows, result.new, result.rejected) == (6, 7, 2, 5)
    # A photo that is not base64 costs nothing: guestbook does not read photos.
    assert set(guests(services)) == {"Ana Moreau", "Chloé Durand"}
    assert "PHOTO" in result.ignored_columns
    rejects = {
        outcome.line: (outcome.name, outcome.reasons)
        for outcome in result.outcomes
        if outcome.action == "rejected"
    }
    assert rejects == {
        6: ("Louis Petit", ("line 10 is not a vCard property (NAME:value): deuxième ligne écrite sans pliage",)),
        20: ("", ("these lines are outside any card (BEGIN:VCARD … END:VCARD)",)),
        22: ("Noé Lambert", ("phone: '12' is not a valid phone number",)),
        27: ("", ("line 29 cannot be read as vCard: unknown encoding: X-INCONNU",)),
        32: ("Inès Faure", ("this card has no END:VCARD line: the file may have been cut short or edited",)),
    }  # fmt: skip

    # The rejects file: each rejected card as it was, the reason added before its END; the
    # text outside any card and the card cut short made cards, so the file reads as vCard.
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert result.rejects_file is not None
    written = result.rejects_file.read_text(encoding="utf-8").split("BEGIN:VCARD\n")[1:]
    assert [without_reason(f"BEGIN:VCARD\n{card}") for card in written] == [
        "".join(lines[5:12]),
        "BEGIN:VCARD\nExporté par CaisseMagique 2.3\nEND:VCARD\n",
        "".join(lines[21:26]),
        "".join(lines[26:31]),
        "".join(lines[31:35]) + "END:VCARD\n",
    ]
    assert [reason_of(f"BEGIN:VCARD\n{card}") for card in written] == [
        "; ".join(reasons) for _name, reasons in rejects.values()
    ]


def reason_of(card: str) -> str:
    """The reason a rejects card gives, unfolded and unescaped."""
    unfolded = card.replace("\r\n", "\n").replace("\n ", "")
    (line,) = [line for line in unfolded.splitlines() if line.startswith("X-GUESTBOOK-REASON:")]
    value = line.removeprefix("X-GUESTBOOK-REASON:")
    return value.replace("\\n", "\n").replace("\\,", ",").replace("\\;", ";").replace("\\\\", "\\")


def without_reason(card: str) -> str:
    """A rejects card without its reason line (and the lines it is folded over)."""
    kept: list[str] = []
    in_reason = False
    for line in card.splitlines(keepends=True):
        in_reason = line.startswith("X-GUESTBOOK-REASON:") or (in_reason and line[:1] == " ")
        if not in_reason:
            kept.append(line)
    return "".join(kept)


def test_a_line_in_another_encoding_rejects_its_card_only_if_read(
    services: Services, tmp_path: Path
) -> None:
    """As in a CSV, a line in another encoding than the file's cannot be trusted: the card is
    rejected when guestbook reads that line, and imported when it is a line left aside."""
    path = tmp_path / "mixed.vcf"
    path.write_bytes(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Mercœur;Aurélie;;;\r\nTEL;TYPE=CELL:0655443322\r\n"
        "END:VCARD\r\n".encode()
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Françon;Jacques;;;\r\nTEL:0666778899\r\n"
        "END:VCARD\r\n".encode("cp1252")
        + "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Kœnig;Zoé;;;\r\nTEL:0698765432\r\n".encode()
        + "ORG:Brasserie du Rhône\r\nEND:VCARD\r\n".encode("cp1252")
    )
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (3, 2, 1)
    assert set(guests(services)) == {"Aurélie Mercœur", "Zoé Kœnig"}
    (francon,) = [outcome for outcome in result.outcomes if outcome.action == "rejected"]
    assert francon.name == "Jacques Françon"  # read in the encoding its line is in
    assert francon.reasons == (
        "line 8: this line is in Windows-1252 while the rest of the file is in UTF-8: check its "
        "accents",
    )
    assert (result.odd_lines, result.encoding_note()) == (
        1,
        "The file is in UTF-8, but 1 line is in Windows-1252: it is among the rejected rows.",
    )
    (card,) = rejected_cards(result)
    assert card.n.value.family == "Françon"  # written back in UTF-8


def test_a_line_without_its_colon_is_refused_at_once(services: Services, tmp_path: Path) -> None:
    """vobject's line pattern takes half a minute on 25 parameters without a ':', and doubles
    with each one more: such a line is refused before it gets there."""
    path = tmp_path / "hostile.vcf"
    hostile = "TEL" + ";TYPE=CELL" * 200 + " 06 12 34 56 78"
    path.write_text(f"BEGIN:VCARD\nVERSION:3.0\nN:Petit;Louis;;;\n{hostile}\nEND:VCARD\n", "utf-8")
    result = imported(services, path, tmp_path)
    assert (result.rows, result.rejected) == (1, 1)
    assert result.outcomes[0].reasons == (
        f"line 4 is not a vCard property (NAME:value): {hostile[:80]}",
    )


def test_the_rejects_file_imports_once_fixed(services: Services, tmp_path: Path) -> None:
    """The owner fixes the card the reason names and imports the rejects file: the reason is
    read as nothing (not a note, not a property left aside)."""
    result = imported(services, VCARDS / "google-contacts-3.0.vcf", tmp_path)
    assert result.rejects_file is not None
    fixed = tmp_path / "fixed.vcf"
    text = result.rejects_file.read_bytes().decode("utf-8")  # its CRLF as written
    fixed.write_bytes(text.replace("jean.dupont@\r\n", "jean.dupont@example.fr\r\n").encode())
    again = imported(services, fixed, tmp_path)
    assert (again.rows, again.new, again.rejected) == (1, 1, 0)
    assert again.ignored_columns == ("CATEGORIES",)
    dupont = guests(services)["Jean Dupont"]
    assert (dupont["emails"], dupont["notes"]) == (["jean.dupont@example.fr"], "")


def test_a_file_without_a_whole_card_is_not_a_guest_list(tmp_path: Path) -> None:
    path = tmp_path / "cut.vcf"
    path.write_bytes(b"\xef\xbb\xbf\r\nbegin:vcard\r\nVERSION:3.0\r\nN:Faure;In\xc3\xa8s;;;\r\n")
    with pytest.raises(ValueError, match="holds no complete card"):
        read_guest_file(path)


def test_a_vcard_is_known_by_its_first_line_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "contacts.txt"
    path.write_bytes(b"\r\n  BEGIN:VCARD\nVERSION:3.0\nFN:Ana Moreau\nEND:VCARD\n")
    source = read_guest_file(path)
    assert source.kind == "vcard"
    (row,) = source.rows
    assert (row.line, row.last_line, row.values.first_name, row.values.last_name) == (
        2, 5, "Ana", "Moreau"
    )  # fmt: skip
    assert row.original == "  BEGIN:VCARD\nVERSION:3.0\nFN:Ana Moreau\nEND:VCARD\n"


def test_cli_json_names_the_properties_left_aside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    rejects = tmp_path / "google-rejects.vcf"
    result = CliRunner().invoke(
        cli,
        ["--db", str(tmp_path / "g.db"), "--today", "2026-11-22", "import",
         str(VCARDS / "google-contacts-3.0.vcf"), "--json", "--rejects", str(rejects)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["rows"], data["new"], data["merged"], data["rejected"]) == (4, 3, 0, 1)
    assert data["ignored_columns"] == ["NICKNAME", "ORG", "TITLE", "URL", "PHOTO", "CATEGORIES"]
    assert data["rejects"] == [
        {"line": 37, "name": "Jean Dupont", "reasons": [data["rejects"][0]["reasons"][0]]}
    ]
    assert data["rejects_file"] == str(rejects)
    # The card as Google wrote it (CRLF), its reason added.
    assert rejects.read_bytes().startswith(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jean Dupont\r\n")
    assert b"\r\nX-GUESTBOOK-REASON:email: " in rejects.read_bytes()


def test_a_vcard_that_is_not_a_guest_list_says_why(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "empty.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:4.0\n", encoding="utf-8")
    with pytest.raises(UserError, match="is not a guest list: it starts like a vCard file"):
        import_file(services, path)
