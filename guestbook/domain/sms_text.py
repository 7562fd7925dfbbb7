"""What an SMS costs: its encoding, its length and its segments, counted the way the network
counts them (3GPP TS 23.038, "GSM 03.38"), and plain equivalents for the characters that make a
French text expensive (shared/product.md, "Messages" → "Text").

A text made only of GSM-7 characters travels in 7-bit septets: 160 in one SMS, 153 per segment
once it is split (the other 7 septets carry the header that joins the parts). One character
outside GSM-7 (’ « » … û ê œ, a non-breaking space, an emoji) sends the whole text in UCS-2:
70 UTF-16 code units in one SMS, 67 per segment. The composer shows `count(text)` live and
offers `plain_equivalents` in one key.

Splitting: a segment never ends in the middle of a character. An extension character (€ [ ] …)
is an escape septet and its own septet, and a character beyond the Basic Multilingual Plane (an
emoji) is a surrogate pair: when only one unit is left in a segment, such a character starts the
next one and the unit is lost. This is what the 3GPP concatenation rules require of a sender and
what real counters (Twilio's segment calculator, gateways' pricing) count; counting the raw
units / 153 would promise one segment too few at those edges.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from guestbook.i18n import N_, _

Encoding = Literal["gsm7", "ucs2"]

# The GSM 03.38 default alphabet, code 0x00 to 0x7F in order (TS 23.038, 6.2.1). 0x1B is the
# escape to the extension table, not a character: it is listed for its place and left out of
# GSM7_BASIC (a raw ESC in a text would swallow the next character). 0x09 is the capital Ç, as
# the standard draws it; the small ç is in no table a French phone uses, so it forces UCS-2.
_BASIC_TABLE = (
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ"
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà"
)
assert len(_BASIC_TABLE) == 128
GSM7_BASIC: frozenset[str] = frozenset(_BASIC_TABLE) - {"\x1b"}
# The extension table: each is sent as ESC then its code, two septets.
GSM7_EXTENSION: frozenset[str] = frozenset("\f^{}\\[~]|€")
GSM7: frozenset[str] = GSM7_BASIC | GSM7_EXTENSION

SINGLE = {"gsm7": 160, "ucs2": 70}  # units in an SMS sent whole
PER_SEGMENT = {"gsm7": 153, "ucs2": 67}  # units per segment of a split SMS

ENCODING_LABELS: dict[Encoding, str] = {  # shown through `_`
    "gsm7": N_("GSM-7 (plain text)"),
    "ucs2": N_("Unicode (UCS-2)"),
}


@dataclass(frozen=True)
class SmsCount:
    encoding: Encoding
    units: int  # septets (GSM-7, an extension character is 2) or UTF-16 code units (UCS-2)
    segments: int  # SMS billed; 0 for an empty text
    left: int  # units still free in the current (last) segment
    per_segment: int  # the current segment's size: 160 or 153, 70 or 67
    non_gsm: tuple[str, ...]  # the characters that force UCS-2, each once, in order of appearance

    @property
    def is_gsm7(self) -> bool:
        return self.encoding == "gsm7"


def is_gsm7(text: str) -> bool:
    return all(char in GSM7 for char in text)


def septets(text: str) -> int:
    """The length of a GSM-7 text in septets (the text must be GSM-7)."""
    return sum(2 if char in GSM7_EXTENSION else 1 for char in text)


def count(text: str) -> SmsCount:
    """The text's encoding, length and segments, exactly as written (no normalisation: what is
    counted is what is sent)."""
    non_gsm = tuple(dict.fromkeys(char for char in text if char not in GSM7))
    encoding: Encoding = "ucs2" if non_gsm else "gsm7"
    if encoding == "gsm7":
        sizes = [2 if char in GSM7_EXTENSION else 1 for char in text]
    else:
        sizes = [2 if ord(char) > 0xFFFF else 1 for char in text]
    units = sum(sizes)
    single, per_segment = SINGLE[encoding], PER_SEGMENT[encoding]
    if units <= single:
        return SmsCount(encoding, units, 1 if units else 0, single - units, single, non_gsm)
    segments, used = 1, 0
    for size in sizes:
        if used + size > per_segment:  # a character is never split: it starts the next one
            segments, used = segments + 1, 0
        used += size
    return SmsCount(encoding, units, segments, per_segment - used, per_segment, non_gsm)


# Characters with a plain equivalent a French reader takes for the same thing. Letters with an
# accent GSM-7 lacks (â ê î ô û ë ï ÿ, capitals with any accent but É) lose the accent through
# their Unicode decomposition, below; so does ç, which becomes c: GSM-7 has only the capital Ç,
# which some phones show as ç and others as Ç, and "garÇon" reads worse than "garcon".
_EQUIVALENTS: dict[str, str] = {
    **dict.fromkeys("’‘‚‛′‹›`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    "…": "...",
    "œ": "oe",
    "Œ": "OE",
    "−": "-",  # the minus sign
    "•": "-",
    "·": ".",  # the point médian of inclusive writing: "client·e·s" → "client.e.s"
    "\t": " ",
    "\u2028": "\n",
    "\u2029": "\n",
    "×": "x",
}
# Invisible characters that only shape how a text breaks or joins: dropped.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
# French quotes hold their words between non-breaking spaces: « Bonjour » → "Bonjour".
_OPENING_QUOTE = re.compile(r"«[^\S\r\n]*")
_CLOSING_QUOTE = re.compile(r"[^\S\r\n]*»")


def plain_equivalents(text: str) -> str:
    """The text with each character that forces UCS-2 replaced by its GSM-7 equivalent where a
    natural one exists; any other stays (an emoji, Cyrillic…) and `count` still reports it. A
    French text of letters, digits and punctuation comes out GSM-7 whole; a GSM-7 text comes
    out unchanged."""
    text = unicodedata.normalize("NFC", text)
    text = _CLOSING_QUOTE.sub('"', _OPENING_QUOTE.sub('"', text))
    return "".join(_plain(char) for char in text)


def _plain(char: str) -> str:
    if char in GSM7:
        return char
    if char in _EQUIVALENTS:
        return _EQUIVALENTS[char]
    if char in _INVISIBLE:
        return ""
    category = unicodedata.category(char)
    if category == "Zs":  # every space: non-breaking, narrow, thin…
        return " "
    if category == "Pd":  # every dash: – — ‐ ‑ …
        return "-"
    if category == "Mn":  # an accent left on its own after a letter that has no accented form
        return ""
    # 'ê' → 'e', 'ç' → 'c', 'Ÿ' → 'Y', 'ﬁ' → 'fi', 'ᵉʳ' → 'er': the letters under the accents.
    bare = "".join(
        part for part in unicodedata.normalize("NFKD", char) if unicodedata.category(part) != "Mn"
    )
    return bare if bare and is_gsm7(bare) else char


# Characters a screen cannot show as themselves: named instead (shown through `_`).
_NAMES: dict[str, str] = {
    "\u00a0": N_("non-breaking space"),
    "\u202f": N_("narrow non-breaking space"),
    "\u2009": N_("thin space"),
    "\t": N_("tab"),
    "\u00ad": N_("soft hyphen"),
    "\u200b": N_("zero-width space"),
    "\ufeff": N_("zero-width no-break space"),
}


def describe(char: str) -> str:
    """How to name a character at fault on screen: itself, or a name when it is invisible or a
    space that looks like any other."""
    if char in _NAMES:
        return _(_NAMES[char])
    category = unicodedata.category(char)
    if category == "Zs":
        return _("special space")
    if category in ("Cc", "Cf", "Zl", "Zp", "Mn") or not char.isprintable():
        return f"U+{ord(char):04X}"
    return char
