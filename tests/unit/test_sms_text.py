"""The SMS counter (domain.sms_text) checked against an independent GSM 03.38 codec (the
`gsm0338` package): which texts are GSM-7, how many septets, and the segments at every edge."""

from __future__ import annotations

import math
import string
import unicodedata

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from guestbook.domain.sms_text import (
    GSM7,
    GSM7_BASIC,
    GSM7_EXTENSION,
    count,
    describe,
    is_gsm7,
    plain_equivalents,
)

CODEC = "gsm03.38"
ESC = "\x1b"


def codec_length(text: str) -> int | None:
    """The codec's encoded length (one byte per septet), or None when it cannot encode."""
    try:
        return len(text.encode(CODEC))
    except UnicodeEncodeError:
        return None


# Any text, GSM-7 characters often enough that whole GSM-7 texts come up. The raw escape (0x1B)
# is left out: the codec takes it for a character, the counter rightly does not (below).
_ANY_CHAR = st.one_of(st.sampled_from(sorted(GSM7)), st.characters()).filter(lambda c: c != ESC)
any_text = st.text(_ANY_CHAR, max_size=400)


def test_the_tables_are_the_codecs() -> None:
    basic = {bytes([code]).decode(CODEC) for code in range(128)} - {""}
    extension = {bytes([0x1B, code]).decode(CODEC, errors="ignore") for code in range(128)}
    assert basic == GSM7_BASIC
    assert extension - {""} == GSM7_EXTENSION
    assert "Ç" in GSM7 and "ç" not in GSM7  # 0x09 is the capital, as the standard draws it


def test_a_raw_escape_is_not_a_character_to_send() -> None:
    # The codec maps U+001B to the escape code itself; sent, it would eat the next character.
    assert codec_length(ESC) == 1
    assert not is_gsm7(ESC)
    assert count("a" + ESC).encoding == "ucs2"


@given(any_text)
@example("\ud800")  # a lone surrogate (a bad terminal byte) is one UTF-16 unit, as counted
def test_gsm7_is_what_the_codec_encodes_and_septets_are_its_bytes(text: str) -> None:
    counted, length = count(text), codec_length(text)
    assert is_gsm7(text) == (length is not None) == counted.is_gsm7
    if length is not None:
        assert counted.units == length
    else:
        # UTF-16 code units, a lone surrogate one of them ("surrogatepass": it has no pair).
        assert counted.units == len(text.encode("utf-16-le", "surrogatepass")) // 2
        assert set(counted.non_gsm) == {c for c in text if codec_length(c) is None}
        assert len(counted.non_gsm) == len(set(counted.non_gsm))


def split(text: str) -> list[str]:
    """The test's own split, by the codec's lengths: fill each segment while the next whole
    character still fits."""
    gsm = codec_length(text) is not None
    single, size = (160, 153) if gsm else (70, 67)

    def units(part: str) -> int:
        length = codec_length(part) if gsm else len(part.encode("utf-16-le")) // 2
        assert length is not None
        return length

    if units(text) <= single:
        return [text] if text else []
    parts, current = [], ""
    for char in text:
        if units(current + char) > size:
            parts.append(current)
            current = ""
        current += char
    return [*parts, current]


@given(any_text)
def test_segments_are_whole_characters_each_within_its_size(text: str) -> None:
    counted, parts = count(text), split(text)
    assert counted.segments == len(parts)
    assert "".join(parts) == text
    if counted.segments > 1:
        assert all(len(part) for part in parts)
        last = parts[-1]
        last_units = codec_length(last) if counted.is_gsm7 else len(last.encode("utf-16-le")) // 2
        assert counted.left == counted.per_segment - (last_units or 0)
    assert counted.segments >= math.ceil(counted.units / counted.per_segment)


@pytest.mark.parametrize(
    ("text", "encoding", "units", "segments", "left"),
    [
        ("", "gsm7", 0, 0, 160),
        ("a" * 160, "gsm7", 160, 1, 0),
        ("a" * 161, "gsm7", 161, 2, 145),
        ("a" * 306, "gsm7", 306, 2, 0),
        ("a" * 307, "gsm7", 307, 3, 152),
        ("a" * 459, "gsm7", 459, 3, 0),
        ("€" * 80, "gsm7", 160, 1, 0),  # an extension character is two septets
        ("a" * 159 + "€", "gsm7", 161, 2, 145),
        # The euro would straddle the first boundary: it opens the second segment, and the
        # last "a" needs a third (306 septets, yet 3 segments).
        ("a" * 152 + "€" + "a" * 152, "gsm7", 306, 3, 152),
        ("a" * 151 + "€" + "a" * 153, "gsm7", 306, 2, 0),  # it fits exactly: no loss
        ("ê" * 70, "ucs2", 70, 1, 0),
        ("ê" * 71, "ucs2", 71, 2, 63),
        ("ê" * 134, "ucs2", 134, 2, 0),
        ("ê" * 135, "ucs2", 135, 3, 66),
        ("😀" * 35, "ucs2", 70, 1, 0),  # an emoji is two UTF-16 units
        ("😀" * 36, "ucs2", 72, 2, 61),  # 33 emojis fill 66 units: the 34th opens segment 2
        ("ê" * 66 + "😀" + "ê" * 66, "ucs2", 134, 3, 66),  # the pair is never split
        ("ê" * 65 + "😀" + "ê" * 67, "ucs2", 134, 2, 0),
    ],
)
def test_segments_at_the_edges(
    text: str, encoding: str, units: int, segments: int, left: int
) -> None:
    counted = count(text)
    assert (counted.encoding, counted.units, counted.segments, counted.left) == (
        encoding,
        units,
        segments,
        left,
    )


def test_the_characters_at_fault_are_named_once_in_order() -> None:
    counted = count("« Une fête ! » dit-elle, « une fête… »")
    assert counted.non_gsm == ("«", "ê", "»", "…")
    assert count("Merci, à bientôt").non_gsm == ("ô",)
    assert count("Ça c'est élégant à 12 € [sic]").non_gsm == ()


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("L’été", "L'été"),
        ("« Bonjour »", '"Bonjour"'),
        ("«\u00a0Bonjour\u00a0»", '"Bonjour"'),
        ("“Hello”", '"Hello"'),
        ("Et puis…", "Et puis..."),
        ("12–14 h — réservez", "12-14 h - réservez"),
        ("Merci\u202f!", "Merci !"),
        ("12\u00a0€", "12 €"),
        ("Un bœuf, une Œuvre", "Un boeuf, une OEuvre"),
        ("Maître, fête, île, hôte, flûte", "Maitre, fete, ile, hote, flute"),
        ("Noël, naïf, L’Haÿ-les-Roses", "Noel, naif, L'Hay-les-Roses"),
        ("ÀÂÈÊËÎÏÔÛÙŸ", "AAEEEIIOUUY"),
        ("Garçon, Ça", "Garcon, Ça"),  # the capital is GSM-7; the small one loses its cedilla
        ("é è ù à É æ Æ ü", "é è ù à É æ Æ ü"),  # already GSM-7: kept
        ("e\u0301te\u0301", "été"),  # decomposed accents are composed first
        ("le 1ᵉʳ mai", "le 1er mai"),
        ("client·e·s", "client.e.s"),
        ("Rendez-vous 😀", "Rendez-vous 😀"),  # no natural equivalent: stays
    ],
)
def test_plain_equivalents(typed: str, plain: str) -> None:
    assert plain_equivalents(typed) == plain


def test_what_stays_is_still_reported() -> None:
    assert count(plain_equivalents("Bon appétit 🍷 à bientôt")).non_gsm == ("🍷",)


_FRENCH_LETTERS = string.ascii_letters + "àâäçéèêëîïôöùûüÿœæÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸŒÆ"
_FRENCH_PUNCTUATION = string.punctuation + "’‘“”«»…–—‐‑·•€"
_SPACES = " \n\u00a0\u202f\u2009"
french_text = st.text(
    st.sampled_from(_FRENCH_LETTERS + string.digits + _FRENCH_PUNCTUATION + _SPACES),
    max_size=200,
)


@given(french_text, st.sampled_from(["NFC", "NFD"]))
def test_french_text_comes_out_gsm7(text: str, form: str) -> None:
    plain = plain_equivalents(unicodedata.normalize(form, text))  # type: ignore[arg-type]
    assert codec_length(plain) is not None
    assert count(plain).non_gsm == ()
    assert plain_equivalents(plain) == plain


@given(st.text(st.sampled_from(sorted(GSM7)), max_size=200))
def test_a_gsm7_text_is_left_as_it_is(text: str) -> None:
    assert plain_equivalents(text) == text


def test_invisible_characters_are_named() -> None:
    assert describe("\u00a0") == "non-breaking space"
    assert describe("\u202f") == "narrow non-breaking space"
    assert describe("\u2003") == "special space"
    assert describe("\u200e") == "U+200E"
    assert describe("ê") == "ê"
