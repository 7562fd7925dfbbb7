"""Creating guests and recording their consent, keeping the summary columns in step."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, insert
from sqlmodel import Session, col

from guestbook.domain.birthdays import Birthday
from guestbook.domain.contact import normalize_email, normalize_phone, reversed_digits
from guestbook.domain.text import name_key, name_tokens
from guestbook.errors import UserError
from guestbook.settings import CHANNELS
from guestbook.storage.tables import ConsentEvent, Email, Guest, GuestToken, Phone


@dataclass(frozen=True)
class GuestInput:
    """What a form or an import row gives for a new guest (phones and emails as typed)."""

    first_name: str = ""
    last_name: str = ""
    phones: Sequence[str] = ()
    emails: Sequence[str] = ()
    birthday: Birthday | None = None
    partner_id: int | None = None
    partner_name: str = ""
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
    """Insert a guest with phones, emails, search tokens and consent; returns the new id."""
    if not (data.first_name.strip() or data.last_name.strip()):
        raise UserError("a guest needs a first or a last name")
    phones = list(dict.fromkeys(normalize_phone(p, region) for p in data.phones if p.strip()))
    emails = list(dict.fromkeys(normalize_email(e) for e in data.emails if e.strip()))
    birthday = data.birthday
    guest = Guest(
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        name_key=name_key(data.first_name, data.last_name),
        birth_day=birthday.day if birthday else None,
        birth_month=birthday.month if birthday else None,
        birth_year=birthday.year if birthday else None,
        partner_id=data.partner_id,
        partner_name="" if data.partner_id else data.partner_name.strip(),
        postcode=data.postcode.strip(),
        notes=data.notes.strip(),
        preferences=data.preferences.strip(),
        created_at=now,
        updated_at=now,
        primary_phone=phones[0] if phones else None,
        primary_email=emails[0] if emails else None,
    )
    session.add(guest)
    session.flush()
    assert guest.id is not None
    for position, e164 in enumerate(phones):
        session.add(
            Phone(
                guest_id=guest.id,
                e164=e164,
                digits_reversed=reversed_digits(e164),
                position=position,
            )
        )
    for position, address in enumerate(emails):
        session.add(Email(guest_id=guest.id, address=address, position=position))
    write_tokens(session, guest.id, guest.first_name, guest.last_name)
    for channel, granted in data.consent.items():
        record_consent(
            session,
            guest.id,
            channel,
            granted,
            now=now,
            staff=staff,
            source=source,
            wording=(wordings or {}).get(channel, ""),
        )
    return guest.id


def write_tokens(session: Session, guest_id: int, first_name: str, last_name: str) -> None:
    session.execute(delete(GuestToken).where(col(GuestToken.guest_id) == guest_id))
    tokens = sorted(name_tokens(first_name, last_name))
    if tokens:
        session.execute(
            insert(GuestToken), [{"token": token, "guest_id": guest_id} for token in tokens]
        )


def record_consent(
    session: Session,
    guest_id: int,
    channel: str,
    granted: bool,
    *,
    now: dt.datetime,
    staff: str = "",
    source: str = "",
    wording: str = "",
) -> None:
    """Store a consent event and make it the current state of that channel (latest wins)."""
    if channel not in CHANNELS:
        raise UserError(f"unknown consent channel {channel!r}: use one of {', '.join(CHANNELS)}")
    session.add(
        ConsentEvent(
            guest_id=guest_id,
            channel=channel,
            granted=granted,
            at=now,
            staff=staff,
            source=source,
            wording=wording,
        )
    )
    guest = session.get(Guest, guest_id)
    if guest is None:
        raise UserError(f"guest #{guest_id} does not exist")
    setattr(guest, f"consent_{channel}", granted)
    guest.updated_at = now
    session.add(guest)


def record_objection(
    session: Session, guest_id: int, *, now: dt.datetime, staff: str = "", source: str = ""
) -> None:
    """Objection stops everything at once: a withdrawal on every channel."""
    for channel in CHANNELS:
        record_consent(
            session,
            guest_id,
            channel,
            False,
            now=now,
            staff=staff,
            source=source,
            wording="The guest objected to any contact.",
        )
