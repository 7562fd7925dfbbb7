"""The same person entered twice: product.md "Same person", for the card's form and imports.

Two entries sharing a normalised phone or email are the same person when their names are
compatible and their birthdays do not disagree; otherwise (a couple's landline, a family
address) both are kept and the pair is flagged as a possible duplicate for someone to look at.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlmodel import Session, select

if TYPE_CHECKING:
    from guestbook.domain.guest_form import ValidGuest

from guestbook.domain.birthdays import Birthday
from guestbook.domain.people import is_same_person
from guestbook.domain.text import display_name
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.storage.sqlite import guests as sql
from guestbook.storage.sqlite.raw import as_moment
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
        """'phone +33612345678', in guestbook's language."""
        if self.kind == "phone":
            return _("phone {number}").format(number=self.value)
        return _("email {address}").format(address=self.value)

    @property
    def reason(self) -> str:
        """Why the pair is flagged: 'same phone +33612345678', in guestbook's language (the
        possible duplicate keeps it as written)."""
        if self.kind == "phone":
            return _("same phone {number}").format(number=self.value)
        return _("same email {address}").format(address=self.value)

    same_person: bool  # compatible names and birthdays: offer to merge


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
    for guest_id, kind, value in sql.contact_owners(connection, phones, emails):
        if guest_id != exclude_id:
            shared.setdefault(guest_id, (kind, value))
    if not shared:
        return ()
    rows = sql.people(connection, list(shared))
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


def duplicates_of(
    services: Services, valid: ValidGuest, *, exclude_id: int | None = None
) -> tuple[DuplicateMatch, ...]:
    """Guests sharing a phone or an email with the form's guest, the likely same person first."""
    person = (valid.first_name, valid.last_name, valid.birthday)
    return services.read(
        lambda connection: find_duplicates(
            connection, person, valid.phones, valid.emails, exclude_id=exclude_id
        )
    )


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
                    guest_a_id=low, guest_b_id=high, reason=match.reason, found_at=now
                )
            )


# --- The possible duplicates still to look at ---------------------------------------------------

SHOWN_PAIRS = 500  # a longer list is read from its newest: the rest waits for these


@dataclass(frozen=True)
class FlaggedPair:
    """Two guests flagged as possibly one person, still to look at (the first is the older
    entry: the one a merge keeps)."""

    pair_id: int
    first_id: int
    first_name: str
    second_id: int
    second_name: str
    reason: str  # "same phone +33612345678", as written when flagged
    found_on: dt.date


@dataclass(frozen=True)
class OpenPairs:
    pairs: tuple[FlaggedPair, ...]  # the newest first, at most SHOWN_PAIRS
    total: int


_OPEN_PAIRS = """
SELECT d.id, a.id, a.first_name, a.last_name, b.id, b.first_name, b.last_name, d.reason,
       d.found_at
FROM possible_duplicate d
JOIN guest a ON a.id = d.guest_a_id
JOIN guest b ON b.id = d.guest_b_id
WHERE d.resolved_at IS NULL AND a.erased_at IS NULL AND b.erased_at IS NULL
"""


def open_possible_duplicates(services: Services, *, limit: int = SHOWN_PAIRS) -> OpenPairs:
    """Every pair flagged as a possible duplicate and not looked at yet, the newest first."""

    def work(connection: Connection) -> OpenPairs:
        rows = connection.execute(
            text(f"{_OPEN_PAIRS} ORDER BY d.found_at DESC, d.id DESC LIMIT :n"), {"n": limit}
        ).all()
        total = connection.execute(
            text(f"SELECT count(*) FROM ({_OPEN_PAIRS}) AS open_pairs")
        ).scalar()
        pairs = tuple(
            FlaggedPair(
                pair_id=int(pair_id),
                first_id=int(a_id),
                first_name=display_name(str(a_first), str(a_last)),
                second_id=int(b_id),
                second_name=display_name(str(b_first), str(b_last)),
                reason=str(reason),
                found_on=_day(found_at),
            )
            for pair_id, a_id, a_first, a_last, b_id, b_first, b_last, reason, found_at in rows
        )
        return OpenPairs(pairs, int(total or 0))

    return services.read(work)


def _day(value: object) -> dt.date:
    return as_moment(value).astimezone().date()


def not_the_same_person(services: Services, pair_id: int) -> None:
    """Someone looked at the pair: two people (a couple's landline, a family address). The
    flag is kept, resolved, so it is never raised again for the same two guests."""
    now = services.clock.now()

    def work(session: Session) -> None:
        pair = session.get(PossibleDuplicate, pair_id)
        if pair is not None and pair.resolved_at is None:
            pair.resolved_at = now
            session.add(pair)

    services.write(work)
