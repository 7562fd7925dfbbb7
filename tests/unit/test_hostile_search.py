"""Search text no one types but anyone can paste: the last code point, surrogates."""

from __future__ import annotations

import pytest

from guestbook.bootstrap import Services
from guestbook.services.guests.search import search_guests
from guestbook.storage.sqlite.search import prefix_end
from tests.builders import add_guest


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
