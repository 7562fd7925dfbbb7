"""Search text no one types but anyone can paste: the last code point, surrogates."""

from __future__ import annotations

import pytest

from guestbook.bootstrap import Services
from guestbook.services.guests.search import search_guests
from guestbook.storage.sqlite import search
from guestbook.storage.sqlite.search import Found, Terms, find_guests, prefix_end
from tests.builders import add_guest
from tests.database import execute, query

pytestmark = pytest.mark.both_backends


@pytest.fixture
def people(services: Services) -> Services:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78", emails=("helene@example.fr",))
    add_guest(services, "Jean", "Dupuis", phone=False, emails=("jdupuis@mail.example.com",))
    return services


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Dup\U0010ffff", ["Hélène Dupont", "Jean Dupuis"]),  # the name words still match
        ("helene\U0010ffff\U0010ffff", ["Hélène Dupont"]),
        ("hel\U0010ffffdup", []),
        ("\U0010ffff", []),
        ("\U0010ffff@example.fr", []),
        ("jdupuis@\ud7ff", []),
        ("dup\ud800", ["Hélène Dupont", "Jean Dupuis"]),  # a lone surrogate is no text
    ],
)
def test_the_last_code_point_and_surrogates_are_searched_like_any_text(
    people: Services, text: str, found: list[str]
) -> None:
    result = search_guests(people, text)
    assert [row.name for row in result.rows] == found
    assert result.total == len(found)


def test_prefix_end_past_the_last_code_point() -> None:
    assert prefix_end("a\U0010ffff") == "b"
    assert prefix_end("a\U0010ffff\U0010ffff") == "b"
    assert prefix_end("\ud7ff") == "\ue000"
    assert prefix_end("\U0010ffff") == b""  # a BLOB: SQLite sorts it after every text


# --- Below every search: text starting with the last code point ---------------------------------
# Typed text never reaches a range of U+10FFFF only (names fold to letters and digits, an
# address needs a letter), but the storage reads whatever terms it is given. SQLite ends such a
# range with an empty BLOB; PostgreSQL, which compares no text with a BLOB, with no end.

LAST = "\U0010ffff"


@pytest.fixture
def edge(people: Services) -> tuple[Services, int, int]:
    """Hélène has a name word and a number starting with two U+10FFFF, Jean a name word of
    one and an address starting with it; both keep their ordinary rows."""
    helene, jean = (int(row[0]) for row in query(people, "SELECT id FROM guest ORDER BY id"))
    for token, guest in [(LAST * 2 + "z", helene), (LAST, jean), ("zz", jean)]:
        execute(people, "INSERT INTO guest_token (token, guest_id) VALUES (?, ?)", token, guest)
    execute(
        people,
        "INSERT INTO phone (guest_id, e164, digits_reversed, position) VALUES (?, ?, ?, 1)",
        *(helene, LAST * 2 + "1", LAST * 2 + "1"),
    )
    execute(people, "INSERT INTO email (guest_id, address, position) VALUES (?, ?, 1)", jean, LAST)
    return people, helene, jean


def read(services: Services, terms: Terms) -> Found:
    today = services.clock.today()
    return services.read(lambda connection: find_guests(connection, terms, today, 10))


def found(services: Services, terms: Terms) -> tuple[list[int], int, bool]:
    """The guests found (every match shown: by name), how many, whether capped."""
    rows, total, capped = read(services, terms)
    return [row.guest_id for row in rows], total, capped


@pytest.mark.parametrize("broad", [False, True], ids=["narrow", "broad"])
def test_a_range_of_the_last_code_point_only_holds_what_starts_with_it(
    edge: tuple[Services, int, int], monkeypatch: pytest.MonkeyPatch, broad: bool
) -> None:
    services, helene, jean = edge
    if broad:  # every other word probed guest by guest, from a budget of the driver's range
        monkeypatch.setattr(search, "BROAD", 1)
    assert found(services, ((), (LAST,), "")) == ([helene, jean], 2, False)
    assert found(services, ((), (LAST * 2,), "")) == ([helene], 1, False)
    assert found(services, ((), (LAST * 3,), "")) == ([], 0, False)
    assert found(services, ((), (LAST, "dup"), "")) == ([helene, jean], 2, False)  # by name
    assert found(services, ((), (LAST * 2, "jean"), "")) == ([], 0, False)
    assert found(services, ((), ("dup", LAST * 2), "")) == ([helene], 1, False)


def test_a_number_or_an_address_of_the_last_code_point(edge: tuple[Services, int, int]) -> None:
    services, helene, jean = edge
    assert found(services, ((), (), LAST)) == ([jean], 1, False)
    for column in ("e164", "digits_reversed"):
        (row,), total, _ = read(services, (((column, LAST),), (), ""))
        assert (row.guest_id, row.phone, total) == (helene, LAST * 2 + "1", 1)  # the one found
    both = found(services, ((("e164", LAST * 2), ("digits_reversed", "87")), (), LAST))
    assert both == ([helene, jean], 2, False)
    assert found(services, ((("e164", LAST * 3),), (), "")) == ([], 0, False)
