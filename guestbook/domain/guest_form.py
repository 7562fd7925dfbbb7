"""A guest as staff type them (the guest form, a new guest at checkout), read and checked once.

The form hands over text exactly as typed. `validate_form` reads every field and reports every
problem at once (FieldErrors: field → message), so a screen can show each message next to its
field and keep what was typed; the use case that saves runs the very same check.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from guestbook.domain.birthdays import Birthday, BirthdayError, parse_birthday
from guestbook.domain.contact import ContactError, normalize_email, normalize_phone
from guestbook.domain.text import fold
from guestbook.errors import FieldErrors
from guestbook.i18n import _, ngettext

MAX_NAME = 80
MAX_ADDRESS = 200
_POSTCODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,11}")
_FRENCH_POSTCODE = re.compile(r"\d{5}")
# A foreign guest's postcode as a French address writes it, its country first: B-1000,
# CH-1201, L-1911, D-10115.
_FOREIGN_POSTCODE = re.compile(r"[A-Za-z]{1,3}-[A-Za-z0-9][A-Za-z0-9 ]{1,9}")
_FRENCH_PREFIX = re.compile(r"\d{1,5}")
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
    address: str = ""  # street and town, as many lines as it takes
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
    address: str
    postcode: str
    notes: str
    preferences: str
    allergies: tuple[tuple[str, str], ...]  # (allergen, note)
    consent: Mapping[str, bool | None]


def validate_form(form: GuestForm, *, today: dt.date, region: str) -> ValidGuest:
    """The form read and normalised, or FieldErrors naming every field that is wrong."""
    errors: dict[str, str] = {}
    first, last = form.first_name.strip(), form.last_name.strip()
    if not (first or last):
        errors["first_name"] = _("a guest needs a first or a last name")
    for name, value in (("first_name", first), ("last_name", last)):
        if len(value) > MAX_NAME:
            errors[name] = _at_most(MAX_NAME)
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
    if len(_one_address(form.address)) > MAX_ADDRESS:
        errors["address"] = _at_most(MAX_ADDRESS)
    postcode = form.postcode.strip()
    if problem := postcode_problem(postcode, region):
        errors["postcode"] = problem
    allergies = parse_allergies(form.allergies)
    if errors:
        raise FieldErrors(errors)
    assert not isinstance(phones, str) and not isinstance(emails, str)
    return ValidGuest(
        first_name=first,
        last_name=last,
        phones=phones,
        emails=emails,
        birthday=birthday,
        partner_id=form.partner_id,
        partner_name="" if form.partner_id else form.partner.strip(),
        address=_one_address(form.address),
        postcode=postcode,
        notes=form.notes.strip(),
        preferences=form.preferences.strip(),
        allergies=allergies,
        consent=dict(form.consent),
    )


def postcode_problem(postcode: str, region: str) -> str | None:
    """What is wrong with a guest's postcode, or None (an empty one is fine: it is optional).
    A French restaurant's guests have French postcodes (5 digits), or a foreign one written
    with its country first, as French addresses do (B-1000); elsewhere letters, digits,
    spaces and dashes. The one rule for the guest form and the door at checkout
    (domain.table_form)."""
    postcode = postcode.strip()
    if not postcode:
        return None
    if region.upper() == "FR":
        if _FRENCH_POSTCODE.fullmatch(postcode) or _FOREIGN_POSTCODE.fullmatch(postcode):
            return None
        return _(
            "a French postcode has 5 digits, e.g. 69001 (a foreign one with its country first: B-1000)"
        )
    if _POSTCODE.fullmatch(postcode):
        return None
    return _("letters, digits, spaces or dashes, at most 12")


def postcode_prefix_problem(prefix: str, region: str) -> str | None:
    """What is wrong with the start of a postcode typed to pick guests (an export's filter),
    or None: in France 1 to 5 digits ('ABC' would pick no one, silently), elsewhere what a
    postcode is made of."""
    prefix = prefix.strip()
    if not prefix:
        return None
    if region.upper() != "FR":
        return postcode_problem(prefix, region)
    if _FRENCH_PREFIX.fullmatch(prefix):
        return None
    return _("“{prefix}” is not the start of a postcode (digits, such as 75 or 69003).").format(
        prefix=prefix
    )


def _at_most(characters: int) -> str:
    return ngettext("at most {count} character", "at most {count} characters", characters).format(
        count=characters
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


def _one_address(text: str) -> str:
    """The address on one line: its parts as typed, separated by commas, spaces tidied."""
    parts = (" ".join(part.split()) for part in re.split(r"[\n,]+", text))
    return ", ".join(part for part in parts if part)


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
        allergen, _bracket, note = item.partition("(")
        found.setdefault(fold(allergen), (allergen.strip(), note.rstrip(")").strip()))
    return tuple(found.values())


def format_allergies(allergies: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{allergen} ({note})" if note else allergen for allergen, note in allergies)
