"""A consent's source in words (a user walk read "SMS retiré par Thomas (phone)" on a French
card): the sources guestbook writes are translated, an imported file's name is kept."""

from __future__ import annotations

import pytest

from guestbook.domain.consent_sources import source_text


def test_sources_in_english() -> None:
    assert [source_text(s) for s in ("card", "checkout", "merge", "phone")] == [
        "card",
        "checkout",
        "merge of two cards",
        "on the phone",
    ]
    assert source_text("clients-2019.csv") == "clients-2019.csv"


@pytest.mark.usefixtures("french")
def test_sources_in_french() -> None:
    assert source_text("phone") == "au téléphone"
    assert source_text("merge") == "fusion de deux fiches"
    assert source_text("clients-2019.csv") == "clients-2019.csv"
