"""The French catalogue writes its apostrophes as French typography does (’, U+2019), never the
typewriter ' that once sat beside it on the same screen ("d'ouvrir" next to "l’un").

The importer does not care which one a header uses: headers are compared folded, punctuation
ignored, so a file written before the change still imports into the same field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from guestbook.exchange.headers import field_for, header_key
from guestbook.i18n import _

PO = Path(__file__).resolve().parents[2] / "guestbook/locale/fr/LC_MESSAGES/guestbook.po"
# A typewriter apostrophe between two letters: an elision ("l'un", "aujourd'hui").
TYPEWRITER_ELISION = re.compile(r"[^\W\d_]'[^\W\d_]")


def _french_strings() -> list[tuple[str, str]]:
    """(msgid, French) for every form of every translated message; msgids are English."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr", domain="guestbook")
    pairs: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        singular = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        pairs.extend((str(singular), str(form)) for form in forms)
    return pairs


def test_the_catalogue_is_read() -> None:
    french = dict(_french_strings())
    assert french["Today"] == "Aujourd’hui"  # the guard below reads the real strings


def test_no_french_string_elides_with_a_typewriter_apostrophe() -> None:
    offending = [
        (message_id, text)
        for message_id, text in _french_strings()
        if TYPEWRITER_ELISION.search(text)
    ]
    assert offending == []


def test_a_header_written_with_either_apostrophe_imports_into_the_same_field() -> None:
    """No header guestbook exports has an apostrophe today; the consent columns it reads do
    ('Consentement d’appel'): an old file with ' and a new one with ’ fill the same field."""
    assert header_key("Chiffre d’affaires") == header_key("Chiffre d'affaires")
    assert field_for("Consentement d'appel") == "consent_call"
    assert field_for("Consentement d’appel") == "consent_call"
    assert field_for("Consentement d'e-mail") == "consent_email"
    assert field_for("Consentement d’e-mail") == "consent_email"


def test_no_message_of_guestbook_quotes_a_value_with_python_repr() -> None:
    """`{value!r}` wrote 'x' in French, beside the « » of the other messages: guestbook's
    messages quote with i18n.quoted (click's own texts are click's)."""
    with PO.open("rb") as handle:
        catalog = read_po(handle, locale="fr", domain="guestbook")
    ours = [
        message.id
        for message in catalog
        if message.id and any(not path.startswith("click/") for path, _line in message.locations)
    ]
    assert len(ours) > 1000  # the guard reads guestbook's own messages
    assert [message_id for message_id in ours if "!r}" in str(message_id)] == []


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize(
    ("message", "name", "said"),
    [
        ("Feedback from {name}", "Anne-Camille Giraud", "Avis d’Anne-Camille Giraud"),
        ("Feedback from {name}", "Hélène Gros", "Avis d’Hélène Gros"),
        ("Feedback from {name}", "Émile Roux", "Avis d’Émile Roux"),
        ("Feedback from {name}", "Marc Petit", "Avis de Marc Petit"),
        ("Feedback from {name}", "Yann Le Goff", "Avis de Yann Le Goff"),
        (
            "Shares a phone with {name}: both kept, flagged as a possible duplicate.",
            "Hélène Bourdon",
            "Même téléphone qu’Hélène Bourdon : les deux sont gardés, signalés comme doublon "
            "possible.",
        ),
    ],
)
def test_french_elides_before_a_name_with_a_vowel(message: str, name: str, said: str) -> None:
    """« Avis de Anne » read wrong to every French eye (a user walk): "de" and "que" elide
    before a vowel or a mute h, as the name is put in."""
    assert _(message).format(name=name) == said


@pytest.mark.usefixtures("french")
def test_only_a_word_before_the_name_elides() -> None:
    assert _("{count} guest is recorded at a table of {party}").format(count=1, party=8) == (
        "1 client est enregistré à une table de 8"
    )
    assert _("Everything {restaurant} holds about you on {date}").format(
        restaurant="Au Bon Accueil", date="1 déc. 2026"
    ) == ("Tout ce qu’Au Bon Accueil conserve sur vous au 1 déc. 2026")
