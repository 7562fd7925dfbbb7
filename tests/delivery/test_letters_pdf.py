"""The letters' PDF read back with pypdf: a page per guest, the address where the envelope's
window is, the text as written (€ œ ’ « » included), the fonts inside the file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, PdfObject

from guestbook.delivery.letters_pdf import Letter, Letterhead, wrap, write_letters
from guestbook.progress import Cancelled

MM = 72 / 25.4  # PDF points in a millimetre
HEAD = Letterhead(
    "Chez Nous — Bistrot", ("12 rue de la Paix", "75002 PARIS"), "Paris, le 22 novembre 2026"
)
BODY = (
    "Madame, Monsieur,\n\n"
    "L’œuf mayonnaise revient à 5 € « comme avant ». Venez le goûter.\n\n"
    "Bien à vous,\nLe chef"
)
GUESTS = [
    Letter(("Madame Hélène Dupont", "3 RUE DES LILAS", "75011 PARIS"), "L’œuf revient", BODY),
    Letter(("Monsieur Jean Martin", "Bâtiment B", "8 AVENUE FOCH", "69006 LYON"), "Œuf", BODY),
    Letter(("Famille Nguyen", "1 PLACE DU MARCHE", "33000 BORDEAUX"), "Œuf", BODY),
]


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def in_order(text: str, parts: tuple[str, ...]) -> bool:
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
        at += len(part)
    return True


def test_a_page_per_guest_with_the_address_and_the_text(tmp_path: Path) -> None:
    path = tmp_path / "letters.pdf"
    assert write_letters(path, HEAD, GUESTS) == 3
    texts = page_texts(path)
    assert len(texts) == 3
    for letter, text in zip(GUESTS, texts, strict=True):
        assert in_order(text, (HEAD.name, *HEAD.address, *letter.address, HEAD.date))
        assert f"Subject: {letter.subject}" in text
        assert "L’œuf mayonnaise revient à 5 € « comme avant »." in text
        assert in_order(text, ("Madame, Monsieur,", "Venez le goûter.", "Bien à vous,", "Le chef"))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # guests' addresses


def dictionary(value: object) -> DictionaryObject:
    resolved = value.get_object() if isinstance(value, PdfObject) else value
    assert isinstance(resolved, DictionaryObject)
    return resolved


def test_the_fonts_travel_inside_the_file(tmp_path: Path) -> None:
    path = tmp_path / "letters.pdf"
    write_letters(path, HEAD, GUESTS)
    for page in PdfReader(path).pages:
        fonts = dictionary(dictionary(page["/Resources"])["/Font"])
        assert len(fonts) == 2  # regular and bold
        for reference in fonts.values():
            font = dictionary(reference)
            assert str(font["/Subtype"]) == "/Type0"
            descendants = font["/DescendantFonts"].get_object()
            assert isinstance(descendants, ArrayObject)
            descriptor = dictionary(dictionary(descendants[0])["/FontDescriptor"])
            assert "/FontFile2" in descriptor  # the TrueType program, embedded
            assert "DejaVuSans" in str(font["/BaseFont"])


def test_the_address_is_in_the_envelopes_window(tmp_path: Path) -> None:
    # The frame that shows through a DL window: 110 mm from the left, 55 mm from the top,
    # 85 × 33 mm (see letters_pdf's docstring for the measurements and their source).
    path = tmp_path / "letters.pdf"
    write_letters(path, HEAD, GUESTS[1:2])
    placed: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            placed[text.strip()] = (tm[4] / MM, 297 - tm[5] / MM)  # mm from left, from top

    PdfReader(path).pages[0].extract_text(visitor_text=visit)
    for line in GUESTS[1].address:
        x, y = placed[line]
        assert x == pytest.approx(110, abs=0.1)
        assert 55 < y < 55 + 33
    assert [placed[line][1] for line in GUESTS[1].address] == sorted(
        placed[line][1] for line in GUESTS[1].address
    )
    assert placed[HEAD.name][0] == pytest.approx(20, abs=0.1)
    assert placed[HEAD.name][1] < 25  # the letterhead at the top left


def test_a_long_letter_goes_on_over_the_next_page_and_the_next_guest_starts_a_new_one(
    tmp_path: Path,
) -> None:
    long_body = "\n\n".join(f"Paragraphe {n} : " + "l’œuf à 5 €, " * 30 for n in range(12))
    letters = [GUESTS[0], Letter(GUESTS[1].address, "Long", long_body + "\n\nFIN."), GUESTS[2]]
    path = tmp_path / "letters.pdf"
    assert write_letters(path, HEAD, letters) == 4
    texts = page_texts(path)
    assert "Monsieur Jean Martin" in texts[1] and "Paragraphe 0" in texts[1]
    assert texts[2].startswith("Monsieur Jean Martin, page 2")
    assert "FIN." in texts[2] and "Paragraphe 11" in texts[2]
    assert HEAD.name not in texts[2]  # a continuation, not a new letter
    assert in_order(texts[3], (HEAD.name, "Famille Nguyen", "33000 BORDEAUX"))


def test_progress_after_each_letter_and_a_cancel_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "letters.pdf"
    seen: list[tuple[int, int]] = []

    def stop_after_two(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 2:
            raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        write_letters(path, HEAD, GUESTS, stop_after_two)
    assert seen == [(1, 3), (2, 3)]
    assert list(tmp_path.iterdir()) == []
    write_letters(path, HEAD, GUESTS, lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


def test_seven_address_lines_are_a_callers_mistake(tmp_path: Path) -> None:
    letter = Letter(tuple(f"LINE {n}" for n in range(7)), "S", "B")
    with pytest.raises(ValueError, match="at most 6 lines"):
        write_letters(tmp_path / "letters.pdf", HEAD, [letter])


def test_the_subject_says_objet_in_french(tmp_path: Path, french: None) -> None:
    path = tmp_path / "letters.pdf"
    write_letters(path, HEAD, GUESTS[:1])
    assert "Objet : L’œuf revient" in page_texts(path)[0]


def test_wrapping_keeps_words_whole_and_cuts_only_what_cannot_fit() -> None:
    def measure(text: str) -> float:
        return float(len(text))

    link = "https://chez-nous.fr/" + "x" * 40
    lines = wrap(f"un deux trois quatre\n\ncinq {link} six", 18, measure)
    assert lines[:3] == ["un deux trois", "quatre", ""]
    assert all(len(line) <= 18 for line in lines)
    assert "".join(lines[3:]).replace(" ", "") == f"cinq{link}six"
