"""Folding text for search and sorting: accents, case and punctuation don't matter."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

from guestbook.i18n import _

_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """'Hélène  Łukasz-Øre' → 'helene lukasz ore' (anyascii covers ł, ø, ß, æ that NFKD misses)."""
    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    return " ".join(_NON_WORD.sub(" ", ascii_text).split())


def name_tokens(*names: str) -> set[str]:
    """Every folded word of the names, for word-prefix search ("dup" finds "Le Dupont")."""
    return {token for name in names for token in fold(name).split()}


def name_key(first_name: str, last_name: str) -> str:
    """Sort key of the guest list: last name, then first name, folded."""
    return key_of_folds(fold(first_name), fold(last_name))


def key_of_folds(first_folded: str, last_folded: str) -> str:
    """name_key from names already folded (bulk work folds each name once)."""
    return f"{last_folded} {first_folded}".strip()


def display_name(first_name: str, last_name: str) -> str:
    # Called for every row of every list: kept to plain string operations.
    first, last = first_name.strip(), last_name.strip()
    if first and last:
        return f"{first} {last}"
    return first or last or _("(no name)")
