"""The same person entered twice (product.md, "Same person"): the one rule the guest form,
checkout and the import all follow once two entries share a phone or an email."""

from __future__ import annotations

from guestbook.domain.birthdays import Birthday
from guestbook.domain.text import fold


def birthdays_agree(a: Birthday | None, b: Birthday | None) -> bool:
    """Two known birthdays that differ mean two people; an unknown one agrees with anything."""
    if a is None or b is None:
        return True
    if (a.day, a.month) != (b.day, b.month):
        return False
    return a.year is None or b.year is None or a.year == b.year


def same_person_folded(
    first_a: str,
    last_a: str,
    birthday_a: Birthday | None,
    first_b: str,
    last_b: str,
    birthday_b: Birthday | None,
) -> bool:
    """The rule, on names already folded (bulk work folds each name once): the same first name
    ignoring case and accents, or a first name missing on one side and the same last name; and
    no two known birthdays that differ."""
    if first_a and first_b:
        return first_a == first_b and birthdays_agree(birthday_a, birthday_b)
    # Names that fold to nothing (':', '—') are the same on both sides: what makes importing
    # such a row twice change nothing.
    return last_a == last_b and birthdays_agree(birthday_a, birthday_b)


def is_same_person(
    a: tuple[str, str, Birthday | None], b: tuple[str, str, Birthday | None]
) -> bool:
    """(first, last, birthday) of two entries sharing a contact, as typed."""
    (first_a, last_a, birthday_a), (first_b, last_b, birthday_b) = a, b
    return same_person_folded(
        fold(first_a), fold(last_a), birthday_a, fold(first_b), fold(last_b), birthday_b
    )
