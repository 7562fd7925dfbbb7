"""Phones and emails: validated and normalised the same way everywhere."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

import phonenumbers

from guestbook.i18n import _, quoted


class ContactError(ValueError):
    """A phone or email that cannot be used; the message says why."""


def normalize_phone(text: str, region: str = "FR") -> str:
    """Any written form ('06 12 34 56 78', '0033 6…', '+33 6…') to E.164, or ContactError."""
    cleaned = text.strip()
    if cleaned.startswith("00"):
        cleaned = "+" + cleaned[2:]
    try:
        number = phonenumbers.parse(cleaned, region)
    except phonenumbers.NumberParseException:
        raise ContactError(
            _("{text} is not a phone number").format(text=quoted(text.strip()))
        ) from None
    if not phonenumbers.is_valid_number(number):
        raise ContactError(
            _("{text} is not a valid phone number").format(text=quoted(text.strip()))
        )
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def format_phone(e164: str, region: str = "FR") -> str:
    """For dialling: national format for the restaurant's country, international otherwise."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    if phonenumbers.region_code_for_number(number) == region.upper():
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))


def normalize_email(text: str) -> str:
    """A syntactically valid address (no DNS lookup), lower-cased whole, or ContactError."""
    # Imported here: it costs ~40 ms, and opening the app never validates an email.
    from email_validator import EmailNotValidError, validate_email

    try:
        result = validate_email(text.strip(), check_deliverability=False)
    except EmailNotValidError:
        raise ContactError(
            _("{text} is not a valid email: {reason}").format(
                text=quoted(text.strip()), reason=email_problem(text.strip())
            )
        ) from None
    return str(result.normalized).lower()


def email_problem(text: str) -> str:
    """Why an address the validator refused is wrong, in the user's language (the library
    explains only in English): the common slips first, then the general shape."""
    if " " in text:
        return _("an email has no spaces")
    if text.count("@") != 1:
        return _("an email has exactly one @")
    name, domain = text.split("@")
    if not name:
        return _("the name before the @ is missing")
    if "." not in domain.strip("."):
        return _("the part after the @ needs a dot, as in name@example.fr")
    return _("it should look like name@example.fr")


def reversed_digits(e164: str) -> str:
    return e164.lstrip("+")[::-1]


_DIGITS = re.compile(r"\D+")


class PhoneQuery(NamedTuple):
    """What a typed phone fragment can match: E.164 prefixes, or the last digits."""

    e164_prefixes: tuple[str, ...]
    last_digits: str | None


@functools.cache
def _country_code(region: str) -> int:
    return int(phonenumbers.country_code_for_region(region.upper()))


def phone_query(text: str, region: str = "FR") -> PhoneQuery | None:
    """Read a fragment such as '06 12', '+33 6 12', '612' or '5678'; None if it has no digits.

    Run on every keystroke in a search box, so kept to a few string operations."""
    stripped = text.strip()
    digits = _DIGITS.sub("", stripped)
    if len(digits) < 2:
        return None
    if stripped[0] == "+":
        return PhoneQuery(("+" + digits,), None)
    if stripped.startswith("00"):
        return PhoneQuery(("+" + digits[2:],), None)
    national = digits[1:] if digits[0] == "0" else digits
    prefixes = (f"+{_country_code(region)}{national}",) if national else ()
    return PhoneQuery(prefixes, digits if len(digits) >= 4 else None)


# Which numbers are mobiles (a text message reaches them; the vCard export marks them
# TYPE=cell). phonenumbers.number_type costs ~40 µs a number (5.7 s for the 119,540 numbers of
# the 100,000-guest demo), so a French number is told by its first digit, as the ARCEP
# numbering plan allots them: 06 and 07 are mobiles, 01-05 and 09 fixed lines, 08 services.
# phonenumbers' metadata agrees for every valid French number (its FR mobile pattern starts 6 or
# 7, and nothing else does), and guestbook stores valid numbers only (normalize_phone); a test
# holds the two together. Other countries' numbers, rare in a French restaurant, still go
# through phonenumbers; one it calls FIXED_LINE_OR_MOBILE (the US, Canada) is not a mobile.
# SQL that needs the rule (a message's plan) reads these prefixes and calls is_mobile for others.
FRENCH_PREFIX = "+33"
FRENCH_MOBILE_PREFIXES: tuple[str, ...] = ("+336", "+337")


def is_mobile(e164: str) -> bool:
    """Whether the number, stored in E.164, is a mobile's."""
    if e164.startswith(FRENCH_PREFIX):
        return e164.startswith(FRENCH_MOBILE_PREFIXES)
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE)
