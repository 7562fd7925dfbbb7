"""La Poste's address block (domain.postal): at most 6 lines of at most 38 characters, each
line in its place, the machine-read lines in capitals without accents or punctuation, long
lines abbreviated the standard way; and why a guest cannot get a letter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.postal import MAX_LINES, MAX_WIDTH, AddressBlock, Unusable, address_block


def lines(*args: str, **kwargs: str) -> tuple[str, ...]:
    block = address_block(*args, **kwargs)
    assert isinstance(block, AddressBlock), block
    return block.lines


def test_an_address_as_the_guest_form_keeps_it() -> None:
    # The demo and the form: the street in the address, the postcode apart, no city.
    block = address_block("Hélène", "Lefèvre", "12 bis rue de l'Église", "69005")
    assert block == AddressBlock(
        ("Hélène LEFÈVRE", "12 BIS RUE DE L EGLISE", "69005"), city_known=False
    )
    assert lines("Hélène", "Lefèvre", "12 bis rue de l'Église", "69005", city="Lyon") == (
        "Hélène LEFÈVRE",
        "12 BIS RUE DE L EGLISE",
        "69005 LYON",
    )


def test_an_imported_address_with_its_city_joined() -> None:
    assert lines("Jean-Luc", "Garnier", "8bis avenue Jean-Jaurès, Villeurbanne", "69100") == (
        "Jean-Luc GARNIER",
        "8 BIS AVENUE JEAN JAURES",
        "69100 VILLEURBANNE",
    )


def test_the_six_lines_each_in_its_place() -> None:
    address = (
        "Résidence Le Parc, Appartement 24, 3 chemin des Vignes, Lieu-dit Les Granges, "
        "Saint-Didier-au-Mont-d'Or"
    )
    assert lines("Marie", "Durand", address, "69370", civility="Mme") == (
        "Mme Marie DURAND",
        "Appartement 24",  # where in the building: line 2, though typed second
        "Résidence Le Parc",  # which building: line 3
        "3 CHEMIN DES VIGNES",
        "LIEU DIT LES GRANGES",
        "69370 SAINT DIDIER AU MONT D OR",
    )


def test_complements_of_a_kind_share_their_line() -> None:
    address = "chez Mme Roux, Escalier C, Les Jardins de Vaise, Bât. A, 41 quai Pierre Scize"
    assert lines("Paul", "Martin", address, "69009", city="Lyon") == (
        "Paul MARTIN",
        "chez Mme Roux, Escalier C",
        "Les Jardins de Vaise, Bât. A",
        "41 QUAI PIERRE SCIZE",
        "69009 LYON",
    )


def test_a_postal_box() -> None:
    assert lines("Anne", "Lebrun", "Domaine des Chênes, BP 12", "69290", city="Craponne") == (
        "Anne LEBRUN",
        "DOMAINE DES CHENES",
        "BP 12",
        "69290 CRAPONNE",
    )


def test_a_postcode_and_city_written_in_the_address() -> None:
    assert lines("Louis", "Perrin", "5 place Bellecour 69002 Lyon", "") == (
        "Louis PERRIN",
        "5 PLACE BELLECOUR",
        "69002 LYON",
    )
    # The postcode typed in both places, with a space: written once, without the space.
    assert lines("Louis", "Perrin", "5 place Bellecour, 69002, Lyon", "69 002") == (
        "Louis PERRIN",
        "5 PLACE BELLECOUR",
        "69002 LYON",
    )
    # The city given apart and also in the address: once.
    assert lines("Louis", "Perrin", "5 place Bellecour, Lyon", "69002", city="LYON")[-2:] == (
        "5 PLACE BELLECOUR",
        "69002 LYON",
    )


def test_a_rural_address_without_a_number() -> None:
    assert lines("Odile", "Chabert", "Le Mas Rouge, Gordes", "84220") == (
        "Odile CHABERT",
        "LE MAS ROUGE",
        "84220 GORDES",
    )


def test_a_series_of_numbers_keeps_the_first() -> None:
    assert lines("Eve", "Morel", "15-17 rue Mercière", "69002", city="Lyon")[1] == (
        "15 RUE MERCIERE"
    )


def test_a_street_name_up_to_32_characters_is_not_abbreviated() -> None:
    # La Poste's own example: AVENUE DES FLEURS stays whole.
    assert lines("Eve", "Morel", "12 avenue des Fleurs", "69003")[1] == "12 AVENUE DES FLEURS"
    assert lines("Eve", "Morel", "2 boulevard des Belges et des Brotteaux", "69006")[1] == (
        "2 BD DES BELGES ET DES BROTTEAUX"  # 37 characters of name: abbreviated
    )


def test_a_long_street_is_abbreviated_until_it_fits() -> None:
    street = "142 boulevard du Maréchal de Lattre de Tassigny"
    assert lines("Eve", "Morel", street, "69003")[1] == "142 BD DU MAL DE LATTRE DE TASSIGNY"
    street = "7 avenue du Général Leclerc de Hauteclocque Maréchal de France"
    line = lines("Eve", "Morel", street, "69007")[1]
    assert line == "7 AV DU GAL LECLERC DE HAUTECLOCQUE"  # then cut on a word
    assert len(line) <= MAX_WIDTH


def test_a_long_city_is_abbreviated_then_cut_on_a_word() -> None:
    city = "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson"
    assert lines("Eve", "Morel", "1 rue du Lavoir", "51290", city=city)[-1] == (
        "51290 ST REMY EN BOUZEMONT ST GENEST"
    )


def test_a_long_complement_is_abbreviated() -> None:
    address = "Résidence Les Grands Chênes du Parc Floral, 3 place Bellecour"
    assert lines("Eve", "Morel", address, "69002")[1] == "RES LES GRANDS CHENES DU PARC FLORAL"


def test_a_long_name_keeps_the_last_name_whole() -> None:
    assert (
        lines("Jean-Christophe", "de La Rochefoucauld", "1 rue X", "75007", civility="M.")[0]
        == "M. Jean-Christophe DE LA ROCHEFOUCAULD"
    )
    assert (
        lines(
            "Jean-Christophe", "de La Rochefoucauld-Montmorency", "1 rue X", "75007", civility="M."
        )[0]
        == "J.-C. DE LA ROCHEFOUCAULD-MONTMORENCY"
    )
    assert lines("Anne", "", "1 rue X", "75007")[0] == "Anne"


@pytest.mark.parametrize(
    ("first", "last", "address", "postcode", "reason"),
    [
        ("Paul", "Martin", "12 rue des Lilas", "", "no_postcode"),
        ("Paul", "Martin", "Lyon", "69001", "no_street"),  # a city is not an address
        ("Paul", "Martin", "", "69001", "no_address"),
        ("Paul", "Martin", " , ", "69001", "no_address"),
        ("", "", "12 rue des Lilas", "69001", "no_name"),  # an erased guest
    ],
)
def test_why_no_letter_can_go(
    first: str, last: str, address: str, postcode: str, reason: str
) -> None:
    assert address_block(first, last, address, postcode) == Unusable(reason)  # type: ignore[arg-type]


def test_the_reasons_are_told() -> None:
    assert Unusable("no_postcode").message == "the address has no postcode"
    assert Unusable("no_street").message == "the address has no street"


_CAPITALS = re.compile(r"[A-Z0-9]+( [A-Z0-9]+)*")
texts = st.text(st.characters(codec="utf-8"), max_size=120)
words = st.text("aàbcçdeéèêfghijklmnoôpqrstuûvwxyzABCDÉ-' .,0123456789", max_size=60)


@given(st.one_of(words, texts), st.one_of(words, texts), st.one_of(words, texts), words, words)
def test_any_block_fits_the_standard(
    first: str, last: str, address: str, postcode: str, city: str
) -> None:
    block = address_block(first, last, address, postcode, city=city)
    if isinstance(block, Unusable):
        return
    assert 2 <= len(block.lines) <= MAX_LINES
    assert all(line and line == line.strip() for line in block.lines)
    assert all(len(line) <= MAX_WIDTH for line in block.lines)
    assert _CAPITALS.fullmatch(block.lines[-1])  # postcode and CITY
