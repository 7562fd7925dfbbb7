"""The same person entered twice: product.md "Same person", for the card's form and imports.

Two entries sharing a normalised phone or email are the same person when their names are
compatible and their birthdays do not disagree; otherwise (a couple's landline, a family
address) both are kept and the pair is flagged as a possible duplicate for someone to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlmodel import Session, select

from guestbook.domain.birthdays import Birthday
from guestbook.domain.text import display_name, fold
from guestbook.storage.tables import PossibleDuplicate


@dataclass(frozen=True)
class DuplicateMatch:
    """Another guest sharing a phone or an email with the one being entered."""

    guest_id: int
    name: str
    kind: str  # what they share: "phone" or "email"
    value: str  # the E.164 number or the address

    @property
    def shared(self) -> str:
        return f"{self.kind} {self.value}"

    same_person: bool  # compatible names and birthdays: offer to merge


def is_same_person(
    a: tuple[str, str, Birthday | None], b: tuple[str, str, Birthday | None]
) -> bool:
    """product.md "Same person": (first, last, birthday) of two entries sharing a contact.

    The same first name ignoring case and accents, or a first name missing on one side and the
    same last name. Two known birthdays that differ, or two different first names, mean two
    people (a couple's landline, a family address).
    """
    (first_a, last_a, birthday_a), (first_b, last_b, birthday_b) = a, b
    if birthday_a and birthday_b:
        if (birthday_a.day, birthday_a.month) != (birthday_b.day, birthday_b.month):
            return False
        if birthday_a.year and birthday_b.year and birthday_a.year != birthday_b.year:
            return False
    if fold(first_a) and fold(first_b):
        return fold(first_a) == fold(first_b)
    return bool(fold(last_a)) and fold(last_a) == fold(last_b)


def find_duplicates(
    connection: Connection,
    person: tuple[str, str, Birthday | None],
    phones: Sequence[str],
    emails: Sequence[str],
    *,
    exclude_id: int | None = None,
) -> tuple[DuplicateMatch, ...]:
    """Guests sharing one of these phones or emails (through ix_phone_e164 and
    ix_email_address), the likely same person first."""
    shared: dict[int, tuple[str, str]] = {}
    for table, column, values, label in (
        ("phone", "e164", phones, "phone"),
        ("email", "address", emails, "email"),
    ):
        if not values:
            continue
        marks = ", ".join("?" * len(values))
        for guest_id, value in connection.exec_driver_sql(
            f"SELECT guest_id, {column} FROM {table} WHERE {column} IN ({marks}) ORDER BY id",
            tuple(values),
        ):
            if guest_id != exclude_id:
                shared.setdefault(int(guest_id), (label, str(value)))
    if not shared:
        return ()
    marks = ", ".join("?" * len(shared))
    rows = connection.exec_driver_sql(
        "SELECT id, first_name, last_name, birth_day, birth_month, birth_year FROM guest "
        f"WHERE id IN ({marks}) AND erased_at IS NULL",
        tuple(shared),
    ).all()
    matches = [
        DuplicateMatch(
            guest_id=int(guest_id),
            name=display_name(str(first), str(last)),
            kind=shared[int(guest_id)][0],
            value=shared[int(guest_id)][1],
            same_person=is_same_person(
                person,
                (str(first), str(last), Birthday(day, month, year) if day is not None else None),
            ),
        )
        for guest_id, first, last, day, month, year in rows
    ]
    return tuple(sorted(matches, key=lambda m: (not m.same_person, m.name, m.guest_id)))


def flag_possible_duplicates(
    session: Session, guest_id: int, matches: Sequence[DuplicateMatch], *, now: dt.datetime
) -> None:
    """One possible_duplicate row per pair (lower id first), never twice for the same pair."""
    for match in matches:
        low, high = sorted((guest_id, match.guest_id))
        exists = session.exec(
            select(PossibleDuplicate.id).where(
                PossibleDuplicate.guest_a_id == low, PossibleDuplicate.guest_b_id == high
            )
        ).first()
        if exists is None:
            session.add(
                PossibleDuplicate(
                    guest_a_id=low, guest_b_id=high, reason=f"same {match.shared}", found_at=now
                )
            )
