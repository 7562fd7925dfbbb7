"""A vCard card's parsed properties as guest values (vcard_read).

The values' escapes are undone here rather than by vobject's card reader, which keeps only what
comes before the first comma of a text (2.1 never escapes commas, and many 3.0 writers forget
to): a note must come whole. Values stay as written otherwise: checking them is the importer's
job.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from guestbook.domain.text import fold
from guestbook.exchange.guest_file import RowValues
from guestbook.exchange.headers import is_mobile
from guestbook.exchange.values import split_full_name
from guestbook.exchange.vcard_lines import ParsedLine

# A backslash escape in a value (RFC 6350 §3.4, RFC 2426 §4): \n is a line break.
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# Dates: 1970-03-12, 19700312, and either with a time (4.0's date-time, 1970-03-12T00:00:00Z,
# whose date is the birthday as written); without a year: --03-12, --0312.
_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})(?:T[0-9:.+Z-]*)?", re.IGNORECASE)
_YEARLESS = re.compile(r"--(\d{2})-?(\d{2})")
# ADR's parts, in order (RFC 6350 §6.3.1).
_ADR = ("box", "extended", "street", "locality", "region", "code", "country")


def row_values(by_name: dict[str, list[ParsedLine]]) -> RowValues:
    """The guest values of a card's properties read, by name."""
    first, last = _name(by_name)
    address, postcode = _address(by_name.get("ADR", []))
    return RowValues(
        first_name=first,
        last_name=last,
        phones=_phones(by_name.get("TEL", []), _labels(by_name.get("X-ABLABEL", []))),
        emails=tuple(
            email
            for line in by_name.get("EMAIL", [])
            if (email := _without_scheme(_text(line), "mailto:"))
        ),
        birthday=_birthday(by_name["BDAY"][0]) if "BDAY" in by_name else "",
        address=address,
        postcode=postcode,
        notes="\n".join(note for line in by_name.get("NOTE", []) if (note := _text(line))),
    )


def _unescaped(text: str) -> str:
    """A value with its escapes undone: \\n a line break, \\, \\; \\: \\\\ the character; an
    unknown escape (a 2.1 card's 'C:\\temp') kept as written."""
    return _ESCAPE.sub(
        lambda match: "\n" if match[1] in "nN" else match[1] if match[1] in ",;:\\" else match[0],
        text,
    )


def _text(line: ParsedLine) -> str:
    """A text value, whole (its commas kept), line breaks as '\\n'."""
    text = _unescaped(line.value)
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _fields(text: str, separator: str) -> list[str]:
    """`text` split at each `separator` not escaped by a backslash; the parts stay escaped."""
    if "\\" not in text:
        return text.split(separator)
    parts = [""]
    index = 0
    while index < len(text):
        if text[index] == "\\":
            parts[-1] += text[index : index + 2]
            index += 2
            continue
        if text[index] == separator:
            parts.append("")
        else:
            parts[-1] += text[index]
        index += 1
    return parts


def _structured(line: ParsedLine, count: int, joiner: str) -> list[str]:
    """The `count` parts of N or ADR (';' between parts); the values a part lists (',' between
    them: 'N:Dupont;Jean,Paul;;;') joined by `joiner`."""
    parts = _fields(line.value, ";")
    parts += [""] * (count - len(parts))
    return [
        joiner.join(value for item in _fields(part, ",") if (value := _unescaped(item).strip()))
        for part in parts[:count]
    ]


def _without_scheme(text: str, scheme: str) -> str:
    """'tel:+33612345678' → '+33612345678': vCard 4.0 writes numbers as URIs."""
    return text[len(scheme) :].strip() if text.lower().startswith(scheme) else text


def _types(line: ParsedLine) -> set[str]:
    """A property's types, lower-cased, however the version writes them: 2.1 'TEL;CELL',
    3.0 'TYPE=CELL;TYPE=VOICE' or 'type=cell,voice', 4.0 'TYPE="cell,voice"'; PREF=1 (4.0) is
    'pref' as 3.0's TYPE=pref is."""
    written = [*line.params.get("TYPE", ()), *line.bare]
    types = {part.strip().strip('"').lower() for text in written for part in text.split(",")}
    if "PREF" in line.params:
        types.add("pref")
    return types


def _name(by_name: dict[str, list[ParsedLine]]) -> tuple[str, str]:
    """(first name, last name) from N; from FN when N is missing or empty."""
    if "N" in by_name:
        last, first = _structured(by_name["N"][0], 2, " ")
        if first or last:
            return first, last
    if "FN" in by_name:
        return split_full_name(_text(by_name["FN"][0]))
    return "", ""


def _labels(lines: Sequence[ParsedLine]) -> dict[str, str]:
    """iPhone's labels by group: 'item2.X-ABLabel:_$!<Mobile>!$_' names item2's number."""
    return {line.group.lower(): _text(line) for line in lines if line.group}


def _phones(lines: Sequence[ParsedLine], labels: dict[str, str]) -> tuple[str, ...]:
    """Every number, the mobiles first (the chef dials the first), the preferred first among
    them; otherwise in the card's order."""

    def mobile(line: ParsedLine) -> bool:
        label = labels.get(line.group.lower(), "") if line.group else ""
        return any(is_mobile(kind) for kind in _types(line)) or is_mobile(label)

    ordered = sorted(lines, key=lambda line: (not mobile(line), "pref" not in _types(line)))
    return tuple(number for line in ordered if (number := _without_scheme(_text(line), "tel:")))


def _birthday(line: ParsedLine) -> str:
    """BDAY in a form the birthday reader reads ('1970-03-12', '--03-12'); a text that is no
    date ('BDAY;VALUE=text:circa 1800') as written, for the importer to refuse with its
    reason. Apple writes a birthday without its year as 1604-03-12 with X-APPLE-OMIT-YEAR=1604
    (1604 and 0000 alone mean no year to the birthday reader too)."""
    text = _text(line)
    if "text" in {kind.lower() for kind in line.params.get("VALUE", ())}:
        return text
    if yearless := _YEARLESS.fullmatch(text):
        return f"--{yearless[1]}-{yearless[2]}"
    if date := _DATE.fullmatch(text):
        year, month, day = date.groups()
        if year in line.params.get("X-APPLE-OMIT-YEAR", ()):
            return f"--{month}-{day}"
        return f"{year}-{month}-{day}"
    return text


def _address(lines: Sequence[ParsedLine]) -> tuple[str, str]:
    """The home address, else the first: street, extended part, post box and town on one line
    ('12 rue des Lilas, Bât. B, Lyon', as the guest form keeps an address, and as the CSV reader
    adds a City column: not when the street already names the town), and the postcode. Region
    and country have no field: a guest's address is for a card sent nearby."""
    if not lines:
        return "", ""
    chosen = next((line for line in lines if "home" in _types(line)), lines[0])
    parts = dict(zip(_ADR, _structured(chosen, len(_ADR), ", "), strict=True))
    kept = [parts[name] for name in ("street", "extended", "box")]
    if not any(fold(parts["locality"]) in fold(part) for part in kept):
        kept.append(parts["locality"])
    # iPhone writes a street over two lines ('3 place Bellecour\nBât. B'): one line here too.
    address = (" ".join(line.split()) for part in kept for line in part.splitlines())
    return ", ".join(line for line in address if line), parts["code"]
