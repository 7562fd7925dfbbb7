"""Which column holds what: header names from other systems, French or English.

Headers are compared folded (no case, accents, spaces or punctuation), so 'Téléphone',
'TELEPHONE' and 'tele-phone' are one name, and a number ('Phone 2', 'Email2', Google's
'Phone 1 - Value', Outlook's 'E-mail 2 Address') is ignored so that several phone or email
columns all count.

The names of the systems restaurants leave are here, from their export's header row: Google
Contacts (current: 'First Name', 'Last Name', 'E-mail 1 - Value', 'Phone 1 - Value', 'Address 1
- Street', 'Address 1 - Postal Code'; legacy: 'Given Name', 'Family Name'), Outlook in English
('E-mail Address', 'Mobile Phone', 'Home Phone', 'Home Street', 'Home Postal Code', 'Spouse')
and in French ('Adresse de messagerie', 'Téléphone mobile', 'Téléphone (domicile)', 'Rue
(domicile)', 'Code postal (domicile)', 'Conjoint(e)'), Square ('Surname', 'Email Address',
'Phone Number', 'Street Address 1', 'Memo', 'Transaction Count', 'Email Subscription Status'),
TheFork ('birthDay' beside 'birthMonth'), Now Book It ('Additional Phone', 'Suburb',
'BirthdayDate', 'Subscribed'; its Customer Importer Guide). A city joins the street's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from guestbook.domain.channels import REGISTRY
from guestbook.domain.text import fold

# Fields an input row can give. phone and email may come from several columns.
FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "phone",
    "email",
    "birthday",
    "birth_day",
    "birth_month",
    "birth_year",
    "partner",
    "address",
    "city",
    "postcode",
    "notes",
    "preferences",
    "allergies",
    "visit_count",
    "last_visit",
    "first_visit",
    *(f"consent_{channel.key}" for channel in REGISTRY),
)
MULTI_FIELDS = frozenset({"phone", "email", "notes", "allergies"})
NAME_FIELDS = ("first_name", "last_name", "full_name")

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "first_name": (
        "prenom",
        "prenoms",
        "first name",
        "firstname",
        "first",
        "given name",
        "forename",
        "prenom usuel",
    ),
    "last_name": (
        "nom",
        "nom de famille",
        "last name",
        "lastname",
        "surname",
        "family name",
        "last",
        "nom de naissance",
    ),
    "full_name": ("name", "full name", "nom complet", "nom et prenom", "client", "guest"),
    "phone": (
        "telephone",
        "tel",
        "portable",
        "mobile",
        "phone",
        "phones",
        "telephones",
        "phone number",
        "numero",
        "numero de telephone",
        "telephone portable",
        "telephone mobile",
        "tel portable",
        "tel mobile",
        "telephone fixe",
        "tel fixe",
        "fixe",
        "gsm",
        "cell",
        "cell phone",
        "mobile phone",
        "home phone",
        "work phone",
        "landline",
        # Google's numbered columns, their number taken out: 'Phone 1 - Value'.
        "phone value",
        # Outlook's, in English and in French.
        "business phone",
        "primary phone",
        "other phone",
        "car phone",
        "telephone domicile",
        "telephone bureau",
        "telephone principal",
        "autre telephone",
        "telephone voiture",
        "telephone de la societe",
        "additional phone",  # Now Book It
    ),
    "email": (
        "email",
        "emails",
        "e mail",
        "mail",
        "courriel",
        "mel",
        "adresse email",
        "adresse mail",
        "adresse e mail",
        "email address",
        "e mail address",
        "e mail value",
        "email value",
        "adresse de messagerie",
    ),
    "birthday": (
        "date de naissance",
        "naissance",
        "anniversaire",
        "birthday",
        "date of birth",
        "birth date",
        "birthdate",
        "birthday date",  # Now Book It's 'BirthdayDate' is the day, beside 'BirthdayMonth'
        "dob",
        "ddn",
        "date naissance",
    ),
    # A birthday in three columns, as guestbook's CSV writes it (a spreadsheet turns '12/03'
    # into a date of this year) and as some systems keep it.
    "birth_day": (
        "day of birth",
        "jour de naissance",
        "jour naissance",
        "birth day of month",
        "birthday day",
        "dob day",
    ),
    "birth_month": (
        "month of birth",
        "mois de naissance",
        "mois naissance",
        "birth month",
        "birthday month",
        "dob month",
    ),
    "birth_year": (
        "year of birth",
        "annee de naissance",
        "annee naissance",
        "birth year",
        "birthyear",
        "birthday year",
        "dob year",
    ),
    "partner": (
        "conjoint",
        "conjointe",
        "conjoint e",
        "partner",
        "partenaire",
        "spouse",
        "epoux",
        "epouse",
        "compagnon",
        "compagne",
    ),
    "address": (
        "adresse",
        "address",
        "adresse postale",
        "rue",
        "street",
        "street address",
        "address street",
        "home street",
        "rue domicile",
    ),
    # Joined to the street: guestbook keeps one address line and the postcode.
    "city": (
        "city",
        "ville",
        "town",
        "commune",
        "localite",
        "locality",
        "suburb",  # Now Book It
        "address city",
        "home city",
        "ville domicile",
    ),
    "postcode": (
        "code postal",
        "cp",
        "postcode",
        "postal code",
        "zip",
        "zip code",
        "zipcode",
        "address postal code",
        "home postal code",
        "code postal domicile",
    ),
    "notes": (
        "notes",
        "note",
        "remarques",
        "remarque",
        "commentaire",
        "commentaires",
        "comments",
        "memo",
    ),
    "preferences": ("preferences", "preference", "gouts"),
    "allergies": (
        "allergies",
        "allergie",
        "allergy",
        "allergenes",
        "allergene",
        "allergens",
        "allergen",
        "intolerances",
        "intolerance",
        "intolerances alimentaires",
        "allergies et intolerances",
        "food allergies",
    ),
    # An old system's history: its regulars stay known (the visits are imported as history).
    "visit_count": (
        "visits",
        "visites",
        "nombre de visites",
        "nb visites",
        "nb de visites",
        "visit count",
        "number of visits",
        "nombre de venues",
        "venues",
        "passages",
        "nombre de passages",
        "transaction count",
        "nombre de transactions",
    ),
    "last_visit": (
        "last visit",
        "derniere visite",
        "date de derniere visite",
        "derniere venue",
        "dernier passage",
        "last visit date",
        "last seen",
    ),
    "first_visit": (
        "first visit",
        "premiere visite",
        "date de premiere visite",
        "premiere venue",
        "premier passage",
        "client depuis",
        "customer since",
        "guest since",
    ),
}

# Consent columns: a consent word and a channel word, in either order ('Opt-in SMS',
# 'consent email', 'SMS opt-in', 'Consentement courrier'), and in French with a little word
# between them ('Consentement aux appels', 'Accord par SMS', 'Consentement pour les e-mails'):
# whatever words guestbook's own French export writes, the import reads them back.
_CONSENT_WORDS = (
    "opt in",
    "optin",
    "consent",
    "consentement",
    "accord",
    "accepte",
    "subscription",
    "subscription status",
    "abonnement",
)
_BETWEEN = ("", "a", "au", "aux", "par", "pour", "pour les", "de", "des", "du", "d", "en", "les")
_CHANNEL_WORDS: dict[str, tuple[str, ...]] = {
    channel.key: channel.import_words for channel in REGISTRY
}


def header_key(text: str) -> str:
    return fold(text).replace(" ", "")


def _build() -> dict[str, str]:
    table = {header_key(name): field for field, names in _SYNONYMS.items() for name in names}
    for channel, words in _CHANNEL_WORDS.items():
        plurals = tuple(f"{word}s" for word in words if not word.endswith(("s", "x")))
        for consent in _CONSENT_WORDS:
            for word in (*words, *plurals):
                for between in _BETWEEN:
                    table[header_key(f"{consent} {between} {word}")] = f"consent_{channel}"
                table[header_key(f"{word} {consent}")] = f"consent_{channel}"
    # Now Book It's 'Subscribed' is to its marketing emails (synced to Mailchimp).
    table[header_key("subscribed")] = "consent_email"
    return table


_TABLE = _build()
_NUMBER = re.compile(r"\d+")


def field_for(header: str) -> str | None:
    """The field a header names, or None for a column guestbook does not keep."""
    key = header_key(header)
    return _TABLE.get(key) or _TABLE.get(_NUMBER.sub("", key))


# A phone column or label that says mobile: its number comes first, as the one the chef dials.
_MOBILE = re.compile(r"mobile|portable|cell|gsm|iphone")
# Google's label of a numbered phone column: 'Phone 1 - Label' (or '- Type') for 'Phone 1 - Value'.
_PHONE_LABEL = re.compile(r"phone(\d+)(?:label|type)")
_PHONE_VALUE = re.compile(r"phone(\d+)value")


def is_mobile(text: str) -> bool:
    """Whether a header or a label names a mobile phone ('Mobile Phone', 'Téléphone mobile',
    'Portable', Google's label 'Mobile')."""
    return bool(_MOBILE.search(header_key(text)))


@dataclass(frozen=True)
class HeaderMap:
    """Column indexes per field, and the headers of the columns left aside. Phone columns
    come mobile first; `phone_labels` pairs a phone column with the column of its label, when
    the file labels each number (Google Contacts)."""

    columns: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()
    phone_labels: dict[int, int] = field(default_factory=dict)

    @property
    def has_name(self) -> bool:
        return any(name in self.columns for name in NAME_FIELDS)


def map_headers(headers: Sequence[str]) -> HeaderMap:
    """Match each header to a field; a second column for a single-valued field is ignored."""
    columns: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = field_for(header) if header.strip() else None
        if name is None or (name in columns and name not in MULTI_FIELDS):
            if header.strip():
                ignored.append(header.strip())
            continue
        columns.setdefault(name, []).append(index)
    if "birth_month" in columns and "birthday" in columns and "birth_day" not in columns:
        # TheFork's 'birthDay' beside 'birthMonth' is the day of the month, not the birthday.
        columns["birth_day"] = columns.pop("birthday")
    if "phone" in columns:  # stable: the file's order among mobiles, then among the others
        columns["phone"].sort(key=lambda index: not is_mobile(headers[index]))
    labels = _phone_labels(headers, columns.get("phone", []))
    kept = tuple(header for header in ignored if header_key(header) not in labels.keys_folded)
    return HeaderMap(
        {name: tuple(found) for name, found in columns.items()}, kept, labels.by_column
    )


@dataclass(frozen=True)
class _Labels:
    by_column: dict[int, int]
    keys_folded: frozenset[str]  # the label headers: read, so not said to be left aside


def _phone_labels(headers: Sequence[str], phones: Sequence[int]) -> _Labels:
    label_of = {
        match[1]: index
        for index, header in enumerate(headers)
        if (match := _PHONE_LABEL.fullmatch(header_key(header)))
    }
    by_column = {
        index: label_of[match[1]]
        for index in phones
        if (match := _PHONE_VALUE.fullmatch(header_key(headers[index]))) and match[1] in label_of
    }
    return _Labels(by_column, frozenset(header_key(headers[index]) for index in by_column.values()))
