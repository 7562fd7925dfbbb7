"""Saving the guest form: a new guest, an edited one, or a new entry added to the guest it
turns out to be. One transaction each, keeping the summary columns, the search tokens and the
consent history in step, and flagging other guests who share a phone or an email.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, delete, insert
from sqlmodel import Session, col, select

from guestbook.domain.contact import reversed_digits as reverse_digits
from guestbook.domain.guest_form import ValidGuest, validate_form
from guestbook.domain.text import fold
from guestbook.errors import FieldErrors, UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.services.guests.consent import record_consent
from guestbook.services.guests.duplicates import (
    DuplicateMatch,
    find_duplicates,
    flag_possible_duplicates,
)
from guestbook.services.guests.form import CONSENT_SOURCE, load_form
from guestbook.services.summaries.refresh import refresh_in_session
from guestbook.settings import Settings
from guestbook.storage.sqlite import guests as sql
from guestbook.storage.tables import Allergy, Email, Guest, Phone


@dataclass(frozen=True)
class SavedGuest:
    guest_id: int
    flagged: tuple[DuplicateMatch, ...]  # guests sharing a phone or email, kept apart


def save_guest(
    session: Session,
    valid: ValidGuest,
    *,
    guest_id: int | None,
    now: dt.datetime,
    settings: Settings,
    staff: str,
    source: str = CONSENT_SOURCE,
) -> SavedGuest:
    """Create (guest_id None) or update a guest in the caller's transaction; consent given or
    withdrawn is filed under `source`.

    Every other guest sharing one of its phones or emails is flagged as a possible duplicate:
    by now the host was warned and chose to keep both.
    """
    guest = (
        Guest(created_at=now, updated_at=now) if guest_id is None else session.get(Guest, guest_id)
    )
    if guest is None:
        raise UserError(_("guest #{id} does not exist (merged or erased?)").format(id=guest_id))
    partner_id = valid.partner_id or find_guest_named(
        session.connection(), valid.partner_name, exclude=guest_id
    )
    if partner_id is not None and partner_id == guest_id:
        raise FieldErrors({"partner": _("a guest cannot be their own partner")})
    _fill(guest, valid, partner_id, now)
    session.add(guest)
    session.flush()
    saved_id = guest.id
    assert saved_id is not None
    _replace_phones(session, saved_id, valid.phones)
    _replace_emails(session, saved_id, valid.emails)
    _replace_allergies(session, saved_id, valid.allergies)
    if partner_id is not None:
        _link_back(session, partner_id, guest)
    refresh_in_session(session, saved_id, settings, visits=False)
    record_consent_changes(session, saved_id, valid, now, settings, staff, source)
    matches = find_duplicates(
        session.connection(),
        (valid.first_name, valid.last_name, valid.birthday),
        valid.phones,
        valid.emails,
        exclude_id=saved_id,
    )
    flag_possible_duplicates(session, saved_id, matches, now=now)
    return SavedGuest(saved_id, matches)


def _fill(guest: Guest, valid: ValidGuest, partner_id: int | None, now: dt.datetime) -> None:
    """The guest row's own columns from the form (the derived ones: services.summaries)."""
    guest.first_name, guest.last_name = valid.first_name, valid.last_name
    birthday = valid.birthday
    guest.birth_day = birthday.day if birthday else None
    guest.birth_month = birthday.month if birthday else None
    guest.birth_year = birthday.year if birthday else None
    guest.partner_id = partner_id
    guest.partner_name = "" if partner_id else valid.partner_name
    guest.address, guest.postcode = valid.address, valid.postcode
    guest.notes, guest.preferences = valid.notes, valid.preferences
    guest.updated_at = now


def record_consent_changes(
    session: Session,
    guest_id: int,
    valid: ValidGuest,
    now: dt.datetime,
    settings: Settings,
    staff: str,
    source: str,
) -> None:
    """An event for each channel whose answer differs from the guest's current state."""
    current = session.get(Guest, guest_id)
    assert current is not None
    for channel, granted in valid.consent.items():
        if granted is not None and granted != getattr(current, f"consent_{channel}"):
            record_consent(
                session,
                guest_id,
                channel,
                granted,
                now=now,
                staff=staff,
                source=source,
                wording=settings.wording(channel),  # what the guest heard, as they heard it
            )


def _replace_phones(session: Session, guest_id: int, phones: Sequence[str]) -> None:
    """Numbers kept keep their row (and a wrong-number flag); new ones are added in order."""
    existing = {
        row.e164: row for row in session.exec(select(Phone).where(Phone.guest_id == guest_id))
    }
    for position, e164 in enumerate(phones):
        row = existing.pop(e164, None) or Phone(
            guest_id=guest_id, e164=e164, digits_reversed=reverse_digits(e164)
        )
        row.position = position
        session.add(row)
    for row in existing.values():
        session.delete(row)


def _replace_emails(session: Session, guest_id: int, emails: Sequence[str]) -> None:
    existing = {
        row.address: row for row in session.exec(select(Email).where(Email.guest_id == guest_id))
    }
    for position, address in enumerate(emails):
        row = existing.pop(address, None) or Email(guest_id=guest_id, address=address)
        row.position = position
        session.add(row)
    for row in existing.values():
        session.delete(row)


def _replace_allergies(
    session: Session, guest_id: int, allergies: Sequence[tuple[str, str]]
) -> None:
    session.execute(delete(Allergy).where(col(Allergy.guest_id) == guest_id))
    if allergies:
        session.execute(
            insert(Allergy),
            [{"guest_id": guest_id, "allergen": a, "note": n} for a, n in allergies],
        )


def _link_back(session: Session, partner_id: int, guest: Guest) -> None:
    """A partner with no partner of their own (or only this guest's name) gets linked back, so
    both cards and both birthday calls know each other."""
    partner = session.get(Guest, partner_id)
    if partner is None:
        raise FieldErrors(
            {"partner": _("guest #{id} does not exist any more").format(id=partner_id)}
        )
    named_here = fold(partner.partner_name) in ("", fold(f"{guest.first_name} {guest.last_name}"))
    if partner.partner_id is None and named_here:
        partner.partner_id, partner.partner_name = guest.id, ""
        session.add(partner)


def find_guest_named(connection: Connection, name: str, *, exclude: int | None) -> int | None:
    """The one guest whose first and last names are exactly these words, if exactly one is.

    A first name alone is never enough: "Marie" is a hundred guests.
    """
    words = fold(name).split()
    if len(words) < 2:
        return None
    candidates = sql.named_with_every_word(connection, words)
    fits = [
        int(guest_id)
        for guest_id, first, last in candidates
        if guest_id != exclude and sorted(fold(f"{first} {last}").split()) == sorted(words)
    ]
    return fits[0] if len(fits) == 1 else None


def add_to_guest(
    session: Session,
    guest_id: int,
    entered: ValidGuest,
    *,
    today: dt.date,
    now: dt.datetime,
    settings: Settings,
    staff: str,
) -> int:
    """Merge a form's values into an existing guest instead of creating a second one.

    product.md: existing values win, new phones and emails are added, notes are appended,
    empty fields are filled. Consent the guest just gave or withdrew is recorded.
    """
    stored = load_form(session.connection(), guest_id, settings.phone_region)
    # A postcode stored before today's rule (an import's "B-1000") stays as it is: the guest's
    # own values are never refused, only what was just typed.
    current = validate_form(replace(stored, postcode=""), today=today, region=settings.phone_region)
    notes = current.notes
    if entered.notes and fold(entered.notes) not in fold(notes):
        notes = f"{notes}\n{entered.notes}".strip()
    preferences = current.preferences
    if entered.preferences and fold(entered.preferences) not in fold(preferences):
        preferences = f"{preferences}\n{entered.preferences}".strip()
    allergies = {fold(a): (a, n) for a, n in (*entered.allergies, *current.allergies)}
    has_partner = current.partner_id is not None or bool(current.partner_name)
    merged = ValidGuest(
        first_name=current.first_name or entered.first_name,
        last_name=current.last_name or entered.last_name,
        phones=tuple(dict.fromkeys((*current.phones, *entered.phones))),
        emails=tuple(dict.fromkeys((*current.emails, *entered.emails))),
        birthday=current.birthday or entered.birthday,
        partner_id=current.partner_id if has_partner else entered.partner_id,
        partner_name=current.partner_name if has_partner else entered.partner_name,
        address=current.address or entered.address,
        postcode=stored.postcode.strip() or entered.postcode,
        notes=notes,
        preferences=preferences,
        allergies=tuple(allergies.values()),
        consent=entered.consent,
    )
    return save_guest(
        session, merged, guest_id=guest_id, now=now, settings=settings, staff=staff
    ).guest_id


def save_entry(
    services: Services,
    valid: ValidGuest,
    *,
    guest_id: int | None,
    merge_with: int | None = None,
) -> SavedGuest:
    """Save the form: create (guest_id None) or update a guest. With `merge_with`, a new entry
    goes into that guest instead; an edited one is saved and keeps its flags of others, but
    not of the guest it is about to be merged with."""
    today, now, settings, staff = (
        services.clock.today(),
        services.clock.now(),
        services.settings,
        services.staff,
    )

    def work(session: Session) -> SavedGuest:
        if merge_with is not None and guest_id is None:
            kept = add_to_guest(
                session, merge_with, valid, today=today, now=now, settings=settings, staff=staff
            )
            return SavedGuest(kept, ())
        saved = save_guest(
            session, valid, guest_id=guest_id, now=now, settings=settings, staff=staff
        )
        return SavedGuest(
            saved.guest_id, tuple(m for m in saved.flagged if m.guest_id != merge_with)
        )

    return services.write(work)
