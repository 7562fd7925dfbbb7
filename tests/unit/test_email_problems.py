"""A refused email says why in the user's language: the validator explains only in English."""

from __future__ import annotations

import pytest

from guestbook.domain.contact import ContactError, normalize_email

CASES = [
    ("camille@roux", "needs a dot", "a besoin d’un point"),
    ("camille roux@example.fr", "no spaces", "pas d’espace"),
    ("camille.example.fr", "exactly one @", "un seul @"),
    ("a@b@example.fr", "exactly one @", "un seul @"),
    ("@example.fr", "before the @ is missing", "avant le @ manque"),
    ("camille..roux@example.fr", "should look like", "ressembler à"),
]


@pytest.mark.parametrize(("typed", "english", "_french"), CASES)
def test_each_refusal_says_why(typed: str, english: str, _french: str) -> None:
    with pytest.raises(ContactError) as refused:
        normalize_email(typed)
    assert english in str(refused.value)
    assert repr(typed) in str(refused.value)


@pytest.mark.parametrize(("typed", "_english", "french_words"), CASES)
def test_each_refusal_says_why_in_french(
    typed: str, _english: str, french_words: str, french: None
) -> None:
    with pytest.raises(ContactError) as refused:
        normalize_email(typed)
    message = str(refused.value)
    assert french_words in message
    assert "@-sign" not in message and "period" not in message


def test_a_good_address_is_kept_lower_case() -> None:
    assert normalize_email(" Camille.Roux@Example.FR ") == "camille.roux@example.fr"
