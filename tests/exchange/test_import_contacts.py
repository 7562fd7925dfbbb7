"""The importer's fast phone and email paths give exactly domain.contact's results."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guestbook.domain.contact import ContactError, normalize_email, normalize_phone
from guestbook.services.importing.contacts import email_address, phone_e164


def outcome(function: Callable[..., object], *args: str) -> str:
    try:
        return str(function(*args))
    except ContactError as error:
        return f"error: {error}"


_phone_texts = st.one_of(
    st.text(alphabet="0123456789 .-()/+", max_size=20),
    st.builds(
        lambda prefix, digits, sep: prefix + sep.join(digits[i : i + 2] for i in range(0, 9, 2)),
        st.sampled_from(["0", "00", "+33", "0033", ""]),
        st.text(alphabet="0123456789", min_size=8, max_size=11),
        st.sampled_from(["", " ", ".", "-"]),
    ),
)


@settings(max_examples=400)
@given(_phone_texts, st.sampled_from(["FR", "BE", "DE", "GB", "IT", "US", "TR"]))
def test_phone_fast_path_agrees(text: str, region: str) -> None:
    assert outcome(phone_e164, text, region) == outcome(normalize_phone, text, region)


_local = st.text(alphabet="abcXYZ019.!#$%&'*+/=?^_`{|}~-\"(),:;<>[]\\ é", min_size=0, max_size=70)
_domains = st.sampled_from(
    ["example.fr", "EXAMPLE.FR", "gmail.com", "a.b.co.uk", "example", "localhost", "test",
     "x.test", "-bad.fr", "ok-1.fr", "1.2.3.4", "[127.0.0.1]", "xn--bcher-kva.de", "bücher.de",
     "a..b.fr", "a" * 64 + ".fr", ("a" * 60 + ".") * 4 + "fr"]
)  # fmt: skip


@settings(max_examples=600)
@given(_local, _domains, st.sampled_from(["@", "@@", ""]))
def test_email_fast_path_agrees(local: str, domain: str, at: str) -> None:
    text = f"{local}{at}{domain}"
    assert outcome(email_address, text) == outcome(normalize_email, text)


@pytest.mark.parametrize(
    "text", ["06 12 34 56 78", "06.12.34.56.78", "+33 6 12 34 56 78", "0033781223344", "123"]
)
def test_common_phones(text: str) -> None:
    assert outcome(phone_e164, text, "FR") == outcome(normalize_phone, text, "FR")


@pytest.mark.parametrize("region", ["FR", "BE", "CH", "DE", "AT", "NL"])
def test_the_validity_fast_path_agrees_with_phonenumbers(region: str) -> None:
    """Every three-digit start of a national number, at every length from 4 to 12 digits,
    with two different endings: the importer's own test of the region's patterns says valid
    exactly when phonenumbers.is_valid_number does."""
    import phonenumbers

    from guestbook.services.importing.contacts import _is_valid

    country = phonenumbers.country_code_for_region(region)
    disagreements = []
    for start in range(100, 1000):
        for length in range(4, 13):
            for filler in ("0", "7"):
                national = (str(start) + filler * length)[:length]
                number = phonenumbers.PhoneNumber(
                    country_code=country, national_number=int(national)
                )
                if _is_valid(country, national, region) != phonenumbers.is_valid_number(number):
                    disagreements.append(national)
    assert disagreements == []
