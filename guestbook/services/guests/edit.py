"""Creating and editing a guest from the card's form, and spotting the same person twice.

The form hands over text exactly as typed. `validate_form` reads every field and reports every
problem at once (field → message), so the form can show each message next to its field and
keep what was typed. `save_guest` writes a valid form in one transaction, keeping the summary
columns, the search tokens and the consent history in step.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, delete, insert, text
from sqlmodel import Session, col, select

from guestbook.domain.birthdays import Birthday, BirthdayError, parse_birthday
from guestbook.domain.contact import ContactError, format_phone, normalize_email, normalize_phone
from guestbook.domain.contact import reversed_digits as reverse_digits
from guestbook.domain.text import display_name, fold, name_key
from guestbook.errors import UserError
from guestbook.services.guests.create import record_consent, write_tokens
from guestbook.services.guests.duplicates import (
    DuplicateMatch,
    find_duplicates,
    flag_possible_duplicates,
)
from guestbook.settings import CHANNELS, Settings
from guestbook.storage.tables import Allergy, Email, Guest, Phone

CONSENT_SOURCE = "card"
MAX_NAME = 80
_POSTCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,11}")
_LIST_SEPARATORS = re.compile(r"[,;\n]+")
_EMAIL_SEPARATORS = re.compile(r"[,;\s]+")


@dataclass(frozen=True)
class GuestForm:
    """The form's fields exactly as typed; lists are comma-separated text."""

    first_name: str = ""
    last_name: str = ""
    phones: str = ""
    emails: str = ""
    birthday: str = ""
    partner: str = ""
    partner_id: int | None = None  # set when the partner was picked among the guests
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    allergies: str = ""
    consent: Mapping[str, bool | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ValidGuest:
    first_name: str
    last_name: str
    phones: tuple[str, ...]  # E.164, primary first
    emails: tuple[str, ...]  # lower-cased
    birthday: Birthday | None
    partner_id: int | None
    partner_name: str
    postcode: str
    notes: str
    preferences: str
    allergies: tuple[tuple[str, str], ...]  # (allergen, note)
    consent: Mapping[str, bool | None]


class FormErrors(UserError):
    """Every invalid field with its message, so the form can show them all at once."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("; ".join(f"{name}: {message}" for name, message in errors.items()))
        self.errors = dict(errors)


def validate_form(form: GuestForm, *, today: dt.date, region: str) -> ValidGuest:
    """The form read and normalised, or FormErrors naming every field that is wrong."""
    errors: dict[str, str] = {}
    first, last = form.first_name.strip(), form.last_name.strip()
    if not (first or last):
        errors["first_name"] = "a guest needs a first or a last name"
    for name, value in (("first_name", first), ("last_name", last)):
        if len(value) > MAX_NAME:
            errors[name] = f"at most {MAX_NAME} characters"
    phones = _each(form.phones, _LIST_SEPARATORS, lambda p: normalize_phone(p, region))
    if isinstance(phones, str):
        errors["phones"] = phones
    emails = _each(form.emails, _EMAIL_SEPARATORS, normalize_email)
    if isinstance(emails, str):
        errors["emails"] = emails
    birthday = None
    if form.birthday.strip():
        try:
            birthday = parse_birthday(form.birthday, today)
        except BirthdayError as error:
            errors["birthday"] = str(error)
    postcode = form.postcode.strip()
    if postcode and not _POSTCODE.fullmatch(postcode):
        errors["postcode"] = "letters, digits, spaces or dashes, at most 12"
    allergies = parse_allergies(form.allergies)
    if errors:
        raise FormErrors(errors)
    assert not isinstance(phones, str) and not isinstance(emails, str)
    return ValidGuest(
        first_name=first,
        last_name=last,
        phones=phones,
        emails=emails,
        birthday=birthday,
        partner_id=form.partner_id,
        partner_name="" if form.partner_id else form.partner.strip(),
        postcode=postcode,
        notes=form.notes.strip(),
        preferences=form.preferences.strip(),
        allergies=allergies,
        consent=dict(form.consent),
    )


def _each(
    text: str, separators: re.Pattern[str], read: Callable[[str], str]
) -> tuple[str, ...] | str:
    """Every item read, without repeats; or one message saying what is wrong with each item
    that is not valid (the normaliser's own words: they say why)."""
    good: list[str] = []
    problems: list[str] = []
    for item in (part.strip() for part in separators.split(text)):
        if not item:
            continue
        try:
            good.append(read(item))
        except ContactError as error:
            problems.append(str(error))
    if problems:
        return "; ".join(problems)
    return tuple(dict.fromkeys(good))


def parse_allergies(text: str) -> tuple[tuple[str, str], ...]:
    """'peanuts (severe), shellfish' → (('peanuts', 'severe'), ('shellfish', '')); commas inside
    the brackets of a note stay in the note."""
    items: list[str] = []
    depth, current = 0, ""
    for char in text:
        depth += (char == "(") - (char == ")")
        if char in ",;\n" and depth <= 0:
            items.append(current)
            current, depth = "", 0
        else:
            current += char
    items.append(current)
    found: dict[str, tuple[str, str]] = {}
    for item in (part.strip() for part in items):
        if not item:
            continue
        allergen, _, note = item.partition("(")
        found.setdefault(fold(allergen), (allergen.strip(), note.rstrip(")").strip()))
    return tuple(found.values())


def format_allergies(allergies: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{allergen} ({note})" if note else allergen for allergen, note in allergies)


# --- Reading a guest back into the form ----------------------------------------------------------


def load_form(connection: Connection, guest_id: int, region: str) -> GuestForm:
    """The form as it should open to edit this guest: every value in a form it accepts back."""
    guest = connection.execute(
        text(
            "SELECT g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year, "
            "g.partner_id, p.first_name, p.last_name, g.partner_name, g.postcode, g.notes, "
            "g.preferences, g.consent_call, g.consent_sms, g.consent_email, g.consent_post "
            "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id WHERE g.id = :id"
        ),
        {"id": guest_id},
    ).one_or_none()
    if guest is None:
        raise UserError(f"guest #{guest_id} does not exist (merged or erased?)")
    values = tuple(guest)

    def column(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), {"id": guest_id})]

    phones = column("SELECT e164 FROM phone WHERE guest_id = :id ORDER BY position, id")
    emails = column("SELECT address FROM email WHERE guest_id = :id ORDER BY position, id")
    allergies = column("SELECT allergen, note FROM allergy WHERE guest_id = :id ORDER BY id")
    day, month, year = values[2:5]
    birthday = ""
    if day is not None:
        birthday = f"{day:02d}/{month:02d}" + (f"/{year}" if year else "")
    partner_id = values[5] if isinstance(values[5], int) else None
    partner = display_name(str(values[6]), str(values[7] or "")) if partner_id else values[8]
    return GuestForm(
        first_name=str(values[0]),
        last_name=str(values[1]),
        phones=", ".join(format_phone(str(e164), region) for (e164,) in phones),
        emails=", ".join(str(address) for (address,) in emails),
        birthday=birthday,
        partner=str(partner or ""),
        partner_id=partner_id,
        postcode=str(values[9]),
        notes=str(values[10]),
        preferences=str(values[11]),
        allergies=format_allergies([(str(a), str(n)) for a, n in allergies]),
        consent={
            channel: None if value is None else bool(value)
            for channel, value in zip(CHANNELS, values[12:16], strict=True)
        },
    )


# --- Saving ------------------------------------------------------------------------------------


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
) -> SavedGuest:
    """Create (guest_id None) or update a guest in the caller's transaction.

    Every other guest sharing one of its phones or emails is flagged as a possible duplicate:
    by now the host was warned and chose to keep both.
    """
    guest = (
        Guest(created_at=now, updated_at=now) if guest_id is None else session.get(Guest, guest_id)
    )
    if guest is None:
        raise UserError(f"guest #{guest_id} does not exist (merged or erased?)")
    partner_id = valid.partner_id or find_guest_named(
        session.connection(), valid.partner_name, exclude=guest_id
    )
    if partner_id is not None and partner_id == guest_id:
        raise FormErrors({"partner": "a guest cannot be their own partner"})
    guest.first_name, guest.last_name = valid.first_name, valid.last_name
    guest.name_key = name_key(valid.first_name, valid.last_name)
    birthday = valid.birthday
    guest.birth_day = birthday.day if birthday else None
    guest.birth_month = birthday.month if birthday else None
    guest.birth_year = birthday.year if birthday else None
    guest.partner_id = partner_id
    guest.partner_name = "" if partner_id else valid.partner_name
    guest.postcode, guest.notes, guest.preferences = valid.postcode, valid.notes, valid.preferences
    guest.primary_phone = valid.phones[0] if valid.phones else None
    guest.primary_email = valid.emails[0] if valid.emails else None
    guest.updated_at = now
    session.add(guest)
    session.flush()
    assert guest.id is not None
    _replace_phones(session, guest.id, valid.phones)
    _replace_emails(session, guest.id, valid.emails)
    _replace_allergies(session, guest.id, valid.allergies)
    write_tokens(session, guest.id, guest.first_name, guest.last_name)
    if partner_id is not None:
        _link_back(session, partner_id, guest)
    for channel, granted in valid.consent.items():
        if granted is not None and granted != getattr(guest, f"consent_{channel}"):
            record_consent(
                session,
                guest.id,
                channel,
                granted,
                now=now,
                staff=staff,
                source=CONSENT_SOURCE,
                wording=settings.consent_wordings.get(channel, ""),
            )
    matches = find_duplicates(
        session.connection(),
        (valid.first_name, valid.last_name, valid.birthday),
        valid.phones,
        valid.emails,
        exclude_id=guest.id,
    )
    flag_possible_duplicates(session, guest.id, matches, now=now)
    return SavedGuest(guest.id, matches)


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
        raise FormErrors({"partner": f"guest #{partner_id} does not exist any more"})
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
    ids = " INTERSECT ".join("SELECT guest_id FROM guest_token WHERE token = ?" for _ in words)
    candidates = connection.exec_driver_sql(
        f"SELECT g.id, g.first_name, g.last_name FROM guest g WHERE g.id IN ({ids}) LIMIT 50",
        tuple(words),
    ).all()
    fits = [
        int(guest_id)
        for guest_id, first, last in candidates
        if guest_id != exclude and sorted(fold(f"{first} {last}").split()) == sorted(words)
    ]
    return fits[0] if len(fits) == 1 else None
