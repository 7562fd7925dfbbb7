"""vCard files imported whole (issue 14): Google's and iPhone's 3.0, RFC 6350's 4.0, Android's
and Outlook's 2.1, every birthday form. Damaged files are in test_vcard_import_rejects.py,
guestbook's own export read back in test_vcard_import_round_trip.py.

The fixtures are in tests/exchange/data/vcard/, whose README says where each card's shape comes
from. Every card is accounted for, as every CSV row is: new, merged, or rejected with its reason
and written to a rejects .vcf the owner can fix and import again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from tests.exchange.helpers import dump
from tests.exchange.vcard_helpers import (
    VCARDS,
    birthday,
    cards_in,
    guests,
    imported,
    rejected_cards,
)

pytestmark = pytest.mark.both_backends


def test_google_contacts_3_0(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "google-contacts-3.0.vcf"
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 3, 1)
    found = guests(services)
    helene = found["Hélène Marchetti"]
    # TEL;TYPE=CELL comes first though the card writes it second: the chef dials the first.
    assert helene["phones"] == ["+33612345678", "+33478123456"]
    assert helene["emails"] == ["helene@example.fr"]
    assert birthday(helene) == (12, 3, 1970)
    # The home address (the card gives a work address first), street and town on one line.
    assert (helene["address"], helene["postcode"]) == ("12 rue des Lilas, Lyon", "69001")
    assert helene["notes"] == "Table près de la fenêtre, côté jardin\nVient avec sa sœur"
    # Google's yearless birthday has no year; a name only in FN is split as a CSV full name.
    assert birthday(found["François Garçon"]) == (12, 3, None)
    beatrice = found["Béatrice NGUYEN"]
    assert beatrice["phones"] == ["+33472112233"]
    # A street that names its town already does not get it twice (as with a CSV's City column).
    assert (beatrice["address"], beatrice["postcode"]) == ("5 place Bellecour, Lyon 2e", "69002")
    # What guestbook does not import is said, by property name; what it reads is not.
    assert result.ignored_columns == ("NICKNAME", "ORG", "TITLE", "URL", "PHOTO", "CATEGORIES")
    (dupont,) = [outcome for outcome in result.outcomes if outcome.action == "rejected"]
    assert (dupont.line, dupont.name) == (37, "Jean Dupont")
    assert dupont.reasons[0].startswith("email: ")
    (card,) = rejected_cards(result)
    assert card.n.value.family == "Dupont"
    assert card.contents["x-guestbook-reason"][0].value.startswith("email: ")


def test_the_same_cards_twice_merge_and_change_nothing(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "google-contacts-3.0.vcf"
    imported(services, path, tmp_path)
    before = dump(services)
    again = imported(services, path, tmp_path)
    assert (again.rows, again.new, again.merged, again.rejected) == (cards_in(path), 0, 3, 1)
    assert again.imported_before is not None
    assert dump(services) == before


def test_iphone_icloud_3_0(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "iphone-icloud-3.0.vcf"
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 3, 0)
    found = guests(services)
    francoise = found["Françoise Lefèvre"]
    # item2.TEL labelled _$!<Mobile>!$_ comes before item1's landline, though that one is pref.
    assert francoise["phones"] == ["+33621436587", "+33472102030"]
    assert francoise["emails"] == ["francoise@example.fr"]
    assert birthday(francoise) == (14, 7, None)  # X-APPLE-OMIT-YEAR=1604
    assert (francoise["address"], francoise["postcode"]) == (
        "3 place Bellecour, Bât. B, Lyon",
        "69002",
    )
    jerome = found["Jérôme Brisset"]
    # The mobiles first, the preferred one first among them (an iPhone, TYPE=pref), then the
    # others as the card writes them (item1's label 'mobile', TYPE=CELL), then the landline.
    assert jerome["phones"] == ["+33633333333", "+33781234567", "+33622222222", "+33478303030"]
    assert birthday(jerome) == (2, 11, None)  # 1604 without X-APPLE-OMIT-YEAR: no year either
    assert birthday(found["Anaïs Rousseau"]) == (30, 9, 1982)  # BDAY;value=date:
    assert result.ignored_columns == ("ORG", "X-SOCIALPROFILE", "PHOTO", "URL", "X-ABRELATEDNAMES")


def test_vcard_4_0(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "rfc6350-4.0.vcf"
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 2, 0)
    found = guests(services)
    simon = found["Simon Perreault"]
    # TYPE="work,cell,voice,video,text" is a mobile; VALUE=uri numbers lose their 'tel:'.
    assert simon["phones"] == ["+14182626501", "+14186569254"]
    assert birthday(simon) == (3, 2, None)  # --0203
    # A work address, the only one; the folded line read whole.
    assert (simon["address"], simon["postcode"]) == (
        "2875 Laurier, Suite D2-630, Quebec",
        "G1V 2M2",
    )
    zoe = found["Zoé Kœnig"]
    assert zoe["phones"] == ["+33698765432", "+33478987654"]  # TYPE="cell"
    assert zoe["emails"] == ["zoe.koenig@example.fr"]
    assert birthday(zoe) == (4, 7, 1985)  # 19850704
    assert (zoe["address"], zoe["postcode"]) == ("8 rue Mercière, Lyon", "69002")
    assert zoe["notes"] == "Préfère le menu dégustation; jamais de coriandre"
    assert set(result.ignored_columns) == {
        "ANNIVERSARY", "GENDER", "LANG", "ORG", "GEO", "KEY", "TZ", "URL", "KIND",
    }  # fmt: skip


def test_android_2_1_quoted_printable(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "android-2.1.vcf"
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 2, 0)
    found = guests(services)
    celine = found["Céline Lefèvre"]
    assert celine["phones"] == ["+33612121212", "+33240123456"]  # bare TEL;CELL first
    assert celine["emails"] == ["celine@example.fr"]
    assert birthday(celine) == (21, 6, 1975)
    assert (celine["address"], celine["postcode"]) == ("12 rue de la Préfecture, Nantes", "44000")
    # Quoted-printable accents, a comma (2.1 never escapes one) and a soft line break: whole.
    assert celine["notes"] == "Aime le cœur de bœuf, saignant.\nTable au calme s'il vous plaît."
    francois = found["François Garçon"]
    assert francois["phones"] == ["+33781223344", "+33251000000"]
    assert birthday(francois) == (29, 2, 1988)
    assert result.ignored_columns == ("X-ANDROID-CUSTOM", "PHOTO")


def test_a_photo_whose_lines_are_not_indented_is_still_a_photo(
    services: Services, tmp_path: Path
) -> None:
    """Some old phones write vCard 2.1's base64 lines without indenting them: they are the
    photo's up to the blank line, not lines that are no property."""
    path = tmp_path / "old-phone.vcf"
    path.write_bytes(
        b"BEGIN:VCARD\r\nVERSION:2.1\r\nN:Petit;Louis\r\n"
        b"PHOTO;ENCODING=BASE64;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJ\r\n"
        b"CQgKDBQNDAsLDBkSEw8UHRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/wAAL\r\n"
        b"AAAAAAAACf/EABQQAQAAAAAAAAAAAAAAAAAAAAD/2gAIAQEAAD8AKp//2Q==\r\n\r\n"
        b"TEL;CELL:06 05 06 07 08\r\nEND:VCARD\r\n"
    )
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.ignored_columns) == (1, 1, ("PHOTO",))
    assert guests(services)["Louis Petit"]["phones"] == ["+33605060708"]


def test_outlook_2_1_in_windows_1252(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "outlook-2.1-windows-1252.vcf"
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")  # the fixture is what it says
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 2, 0)
    assert result.encoding == "cp1252"
    found = guests(services)
    aurelie = found["Aurélie Mercœur"]
    assert aurelie["phones"] == ["+33655443322", "+33478001122"]
    assert aurelie["emails"] == ["aurelie@example.fr"]
    assert birthday(aurelie) == (5, 12, 1978)  # 19781205
    assert (aurelie["address"], aurelie["postcode"]) == (
        "5 quai Saint-Vincent, Escalier C, Lyon",
        "69001",
    )
    # Quoted-printable in Windows-1252 (CHARSET=Windows-1252), its CRLF a line break.
    assert aurelie["notes"] == "Préfère la terrasse\nAime le cœur de bœuf"
    assert found["Jacques Françon"]["phones"] == ["+33666778899"]
    assert result.ignored_columns == ("ORG", "LABEL", "X-MS-OL-DEFAULT-POSTAL-ADDRESS")


def test_every_birthday_form(services: Services, tmp_path: Path) -> None:
    path = VCARDS / "birthdays.vcf"
    result = imported(services, path, tmp_path)
    assert (result.rows, result.new, result.rejected) == (cards_in(path), 8, 1)
    found = {name: birthday(guest) for name, guest in guests(services).items()}
    assert found == {
        "Iso Année": (12, 3, 1970),  # 1970-03-12
        "Rfc Basique": (12, 3, 1970),  # 19700312
        "Basique Sans-Année": (12, 3, None),  # --0312
        "Google Sans-Année": (12, 3, None),  # --03-12
        "Omise Apple": (12, 3, None),  # 1604-03-12 with X-APPLE-OMIT-YEAR=1604
        "Seule Apple": (12, 3, None),  # 1604-03-12 alone
        "Année Zéro": (12, 3, None),  # 0000-03-12
        "Date Horodatée": (12, 3, 1970),  # 1970-03-12T00:00:00Z
    }
    (text,) = [outcome for outcome in result.outcomes if outcome.action == "rejected"]
    assert text.name == "Vers Texte"
    assert text.reasons[0].startswith("birthday 'circa 1800': ")
    (card,) = rejected_cards(result)
    assert card.bday.value == "circa 1800"
