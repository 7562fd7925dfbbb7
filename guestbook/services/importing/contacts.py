"""domain.contact's normalisers, with fast paths for the common cases of a big import.

A 100,000-row file spends most of its validation time in `phonenumbers.parse` and in
`email-validator`'s domain checks. The fast paths here give exactly the same results for the
forms they accept and hand everything else (and every error message) to domain.contact;
tests/exchange/test_import_contacts.py holds the two together.
"""

from __future__ import annotations

import functools
import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from guestbook.domain.contact import normalize_email, normalize_phone

_SEPARATORS = str.maketrans("", "", " .-/()\u00a0")


@functools.cache
def _trunk_zero_country(region: str) -> int | None:
    """The country code of `region` if its national numbers are written with a plain leading
    0 that parsing simply drops (FR, BE, CH, DE…), else None."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    if (
        metadata is None
        or metadata.country_code is None
        or metadata.national_prefix != "0"
        or metadata.national_prefix_for_parsing != "0"
        or metadata.national_prefix_transform_rule is not None
    ):
        return None
    return int(metadata.country_code)


@functools.cache
def _number_patterns(region: str) -> tuple[_Desc, tuple[_Desc, ...]] | None:
    """The region's general pattern and those of each kind of number, mobiles and fixed lines
    first (most guests' numbers), as phonenumbers' metadata gives them; None when the country
    code is shared by several regions (then phonenumbers decides which region a number is)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region.upper())
    if metadata is None or metadata.country_code is None:
        return None
    if phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(metadata.country_code) != (region.upper(),):
        return None
    kinds = (metadata.mobile, metadata.fixed_line, metadata.premium_rate, metadata.toll_free,
             metadata.shared_cost, metadata.voip, metadata.personal_number, metadata.pager,
             metadata.uan, metadata.voicemail)  # fmt: skip
    return _desc(metadata.general_desc), tuple(_desc(kind) for kind in kinds if kind is not None)


_Desc = tuple["re.Pattern[str] | None", frozenset[int]]


def _desc(desc: phonenumbers.PhoneNumberDesc | None) -> _Desc:
    if desc is None or desc.national_number_pattern is None:
        return None, frozenset()
    return re.compile(desc.national_number_pattern), frozenset(desc.possible_length or ())


def _matches(national: str, desc: _Desc) -> bool:
    """phonenumbers' own test of a number against one description: its lengths, then its
    pattern, the whole number."""
    pattern, lengths = desc
    if lengths and len(national) not in lengths:
        return False
    return pattern is not None and pattern.fullmatch(national) is not None


def _is_valid(country: int, national: str, region: str) -> bool:
    """phonenumbers.is_valid_number for a national number of `region`, without its general
    machinery: a valid number matches the region's general pattern and one kind's pattern
    (tests/exchange/test_import_contacts.py holds the two together)."""
    patterns = _number_patterns(region)
    if patterns is None:
        number = phonenumbers.PhoneNumber(country_code=country, national_number=int(national))
        return bool(phonenumbers.is_valid_number(number))
    general, kinds = patterns
    return _matches(national, general) and any(_matches(national, kind) for kind in kinds)


def compact_phone(text: str) -> str:
    """The number without the separators people write in it ('06 12.34-56', '(0)6')."""
    return text.translate(_SEPARATORS)


def phone_e164(text: str, region: str) -> str:
    """normalize_phone(text, region), faster for a national number written with digits and
    separators ('06 12 34 56 78', '06.12.34.56.78')."""
    compact = compact_phone(text)
    country = _trunk_zero_country(region)
    if (
        country is not None
        and compact.startswith("0")
        and not compact.startswith("00")
        and compact.isascii()
        and compact.isdigit()
        and 4 <= len(compact) <= 17
    ):
        national = compact[1:]
        if _is_valid(country, national, region):
            return f"+{country}{national}"
    return normalize_phone(text, region)


# A dot-atom local part in ASCII (RFC 5322 atext): what email-validator accepts as it is.
_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_MAX_LOCAL, _MAX_ADDRESS = 64, 254


@functools.lru_cache(maxsize=4096)
def _domain(domain: str) -> str | None:
    """The normalised domain if email-validator accepts it, else None (few domains recur)."""
    try:
        return str(validate_email(f"a@{domain}", check_deliverability=False).domain)
    except EmailNotValidError:
        return None


def email_address(text: str) -> str:
    """normalize_email(text), checking each distinct domain once."""
    address = text.strip()
    local, at, domain = address.rpartition("@")
    if (
        at
        and address.isascii()
        and len(local) <= _MAX_LOCAL
        and len(address) <= _MAX_ADDRESS
        and _LOCAL.fullmatch(local)
        and (normalised := _domain(domain)) is not None
    ):
        return f"{local}@{normalised}".lower()
    return normalize_email(text)
