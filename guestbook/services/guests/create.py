"""Creating a guest from what a test or a bulk tool gives. The derived columns (name key, search
tokens, primary contacts, consent state) are written by services.summaries, from the rows
written here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from guestbook.domain.birthdays import Birthday
from guestbook.domain.contact import normalize_email, normalize_phone, reversed_digits
from guestbook.errors import UserError
from guestbook.services.guests.consent import add_consent_event
from guestbook.services.summaries.guest_row import refresh_row
from guestbook.storage.tables import Email, Guest, Phone


@dataclass(frozen=True)
class GuestInput:
    """What a checkout or a test gives for a new guest (phones and emails as typed)."""

    first_name: str = ""
    last_name: str = ""
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    birthday: Birthday | None = None
    partner_id: int | None = None
    partner_name: str = ""
    address: str = ""
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    consent: dict[str, bool] = field(default_factory=dict)


def create_guest(
    session: Session,
    data: GuestInput,
    *,
    now: dt.datetime,
    region: str,
    staff: str = "",
    source: str = "",
    wordings: dict[str, str] | None = None,
) -> int:
    """Insert a guest with phones, emails and consent; returns the new id."""
    if not (data.first_name.strip() or data.last_name.strip()):
        raise UserError("a guest needs a first or a last name")
    phones = list(dict.fromkeys(normalize_phone(p, region) for p in data.phones if p.strip()))
    emails = list(dict.fromkeys(normalize_email(e) for e in data.emails if e.strip()))
    birthday = data.birthday
    guest = Guest(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        birth_day=birthday.day if birthday else None,
        birth_month=birthday.month if birthday else None,
        birth_year=birthday.year if birthday else None,
        partner_id=data.partner_id,
        partner_name="" if data.partner_id else data.partner_name.strip(),
        address=data.address.strip(),
        postcode=data.postcode.strip(),
        notes=data.notes.strip(),
        preferences=data.preferences.strip(),
        created_at=now,
        updated_at=now,
    )
    session.add(guest)
    session.flush()
    guest_id = guest.id
    assert guest_id is not None
    _add_contacts(session, guest_id, phones, emails)
    for channel, granted in data.consent.items():
        add_consent_event(
            session,
            guest_id,
            channel,
            granted,
            now=now,
            staff=staff,
            source=source,
            wording=(wordings or {}).get(channel, ""),
        )
    session.flush()
    refresh_row(session.connection(), guest_id)
    session.expire_all()
    return guest_id


def _add_contacts(session: Session, guest_id: int, phones: list[str], emails: list[str]) -> None:
    for position, e164 in enumerate(phones):
        session.add(
            Phone(
                guest_id=guest_id,
                e164=e164,
                digits_reversed=reversed_digits(e164),
                position=position,
            )
        )
    for position, address in enumerate(emails):
        session.add(Email(guest_id=guest_id, address=address, position=position))
