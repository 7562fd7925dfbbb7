"""vCard exports read back by vobject: mobiles marked, every guest a card, UIDs that last."""

from __future__ import annotations

import random
from pathlib import Path

import phonenumbers
import pytest
import vobject  # type: ignore[import-untyped]

from guestbook.bootstrap import Services
from guestbook.domain.contact import is_mobile
from guestbook.services.export import export_guests
from tests.builders import add_guest
from tests.exchange.export_helpers import with_samples

pytestmark = pytest.mark.both_backends


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    return with_samples(services, data_dir)


def test_vcard_marks_mobile_numbers(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Mo", "Bile", phone="+33781000000")
    add_guest(services, "Fixe", "Paris", phone="+33142000029")
    add_guest(services, "Ann", "Arbor", phone="+12015550123")  # fixed line or mobile
    add_guest(services, "Olivia", "Londres", phone="+447911123456")
    path = tmp_path / "out.vcf"
    export_guests(services, path, fmt="vcf")

    cards = {card.fn.value: card for card in vobject.readComponents(path.read_text("utf-8"))}

    def numbers(name: str) -> list[tuple[str, list[str] | None]]:
        return [(tel.value, tel.params.get("TYPE")) for tel in cards[name].contents["tel"]]

    assert numbers("Mo Bile") == [("tel:+33781000000", ["cell"])]
    assert numbers("Fixe Paris") == [("tel:+33142000029", None)]
    assert numbers("Ann Arbor") == [("tel:+12015550123", None)]
    assert numbers("Olivia Londres") == [("tel:+447911123456", ["cell"])]


def test_a_french_number_is_a_mobile_exactly_when_phonenumbers_says_so() -> None:
    """export_vcard tells French mobiles by their first digit: phonenumbers' metadata must
    agree for every valid French number (three of each first three digits, 100 to 999)."""
    rng = random.Random(14)
    checked = 0
    for prefix in range(100, 1000):
        for _ in range(3):
            e164 = f"+33{prefix}{rng.randrange(10**6):06d}"
            number = phonenumbers.parse(e164, None)
            if phonenumbers.is_valid_number(number):
                checked += 1
                mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
                assert is_mobile(e164) == mobile, e164
    assert checked > 1000
    for e164 in ("+447911123456", "+4915123456789", "+32470123456", "+590690001234"):
        assert is_mobile(e164)
    assert not is_mobile("+12015550123") and not is_mobile("+442079460000")


def test_vcard_reads_back(filled: Services, tmp_path: Path) -> None:
    add_guest(filled, "Zoé", "Long", phone="+33612000000", emails=("a@example.fr", "b@example.fr"))
    path = tmp_path / "out.vcf"
    export_guests(filled, path, fmt="vcf")

    text = path.read_bytes().decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cards = {card.fn.value: card for card in vobject.readComponents(text)}
    assert len(cards) == 12
    assert all(card.version.value == "4.0" for card in cards.values())
    marc = cards["Marc Dupont"]
    assert marc.bday.value == "--1105"
    assert [tel.value for tel in marc.contents["tel"]] == ["tel:+33698765432"]
    assert cards["Hélène Dupont"].bday.value == "19700312"
    assert (
        cards["Hélène Dupont"].note.value == "Table près de la fenêtre\n(doublon saisi deux fois)"
    )
    assert [e.value for e in cards["Zoé Long"].contents["email"]] == [
        "a@example.fr",
        "b@example.fr",
    ]
    assert cards["Ömer Çelik"].n.value.family == "Çelik"


def test_every_card_keeps_its_uid_from_one_export_to_the_next(
    filled: Services, tmp_path: Path
) -> None:
    """Issue 14: without a UID khard skipped all 2,000 cards of an export; with one that
    changes, a second export would add every contact again."""

    def uids(path: Path) -> dict[str, str]:
        export_guests(filled, path, fmt="vcf")
        text = path.read_text(encoding="utf-8")
        return {card.fn.value: card.uid.value for card in vobject.readComponents(text)}

    first = uids(tmp_path / "first.vcf")
    add_guest(filled, "Zoé", "Long", phone="+33612000000")
    second = uids(tmp_path / "second.vcf")
    assert len(set(second.values())) == len(second) == len(first) + 1
    assert {name: second[name] for name in first} == first
    assert all(uid.startswith("urn:uuid:") for uid in second.values())
