"""Cell values from other systems: yes/no in French or English, several phones in one cell."""

from __future__ import annotations

import re

from guestbook.domain.text import fold
from guestbook.i18n import N_

# Subscription columns say it in their own words: Square's "Email Subscription Status" holds
# subscribed / unsubscribed, Mailchimp-like lists opted in / opted out.
_YES = frozenset(
    {"oui", "o", "yes", "y", "1", "x", "true", "vrai", "ok", "v", "subscribed", "opted in",
     "inscrit", "abonne"}
)  # fmt: skip
_NO = frozenset(
    {"non", "n", "no", "0", "false", "faux", "unsubscribed", "opted out", "desinscrit",
     "desabonne"}
)  # fmt: skip
CONSENT_VALUES = N_("oui/non, yes/no, 1/0 or x")  # what a consent cell may hold (translate it)

# Between numbers: ',', ';', '/', '|', a line break or Google Contacts' ' ::: '; never a space
# (numbers are written with spaces). Between addresses: any of those or a space.
_PHONE_SEPARATORS = re.compile(r"(?:[,;/|\n]|:::)+")
_EMAIL_SEPARATORS = re.compile(r"(?:[,;|\s]|:::)+")


def parse_consent(text: str) -> bool | None:
    """True, False, or None for an empty cell; ValueError for anything else."""
    plain = text.strip().lower()  # the usual 'oui', 'non', 'X', '' without folding
    if not plain:
        return None
    if plain in _YES:
        return True
    if plain in _NO:
        return False
    folded = fold(text)
    if not folded:
        return None
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    raise ValueError(text)


def split_phones(text: str) -> list[str]:
    return [part.strip() for part in _PHONE_SEPARATORS.split(text) if part.strip()]


def split_emails(text: str) -> list[str]:
    return [part for part in _EMAIL_SEPARATORS.split(text) if part]


def split_full_name(text: str) -> tuple[str, str]:
    """'Dupont, Hélène' → ('Hélène', 'Dupont'); 'DUPONT Hélène' → ('Hélène', 'DUPONT');
    otherwise the first word is the first name and the rest the last name."""
    text = " ".join(text.split())
    if "," in text:
        last, _, first = text.partition(",")
        return first.strip(), last.strip()
    words = text.split(" ")
    if len(words) < 2:
        return "", text
    shouting = [word.isupper() and len(word) > 1 for word in words]
    if any(shouting) and not all(shouting):
        first = " ".join(word for word, upper in zip(words, shouting, strict=True) if not upper)
        last = " ".join(word for word, upper in zip(words, shouting, strict=True) if upper)
        return first, last
    return words[0], " ".join(words[1:])
