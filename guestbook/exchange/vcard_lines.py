"""The properties of a vCard card that guestbook reads, parsed (vcard_read).

vobject's parser reads each property guestbook imports: its group, its parameters (however
2.1, 3.0 and 4.0 write them) and its value, whose quoted-printable is decoded in its charset as
vobject does. The value's escapes are undone later (vcard_values) rather than by vobject's card
reader, which keeps only what comes before the first comma of a text (2.1 never escapes commas,
and many 3.0 writers forget to): a note must come whole.
"""

from __future__ import annotations

import quopri
import re
from collections.abc import Sequence
from dataclasses import dataclass

import vobject  # type: ignore[import-untyped]

from guestbook.exchange.vcard_cards import Property, logical_line
from guestbook.i18n import _

# A content line's grammar as vobject's parser has it (RFC 6350 §3.3): [group.]NAME, parameters
# (';' a name, then '=' or ',' and a value, quoted or not), ':' and the value. vobject's own
# pattern backtracks exponentially on a line without its ':' (25 parameters take half a minute):
# each line is checked against this one first, written so that it cannot backtrack.
_GRAMMAR = re.compile(
    r"(?:[A-Za-z0-9_-]++\.)?[A-Za-z0-9_-]++;?"
    r'(?:;[A-Za-z0-9_-]++(?:[=,](?:"[^"]*+"|[^";:,]*+))*+)*+:'
)


@dataclass(frozen=True, slots=True)
class ParsedLine:
    """One property as vobject's line parser reads it, its quoted-printable value decoded."""

    name: str
    group: str  # '' when none: iPhone's 'item1' of 'item1.TEL'
    params: dict[str, list[str]]  # by upper-cased name: TYPE=CELL;TYPE=VOICE → ['CELL', 'VOICE']
    bare: list[str]  # 2.1's parameters written alone: TEL;CELL;VOICE → ['CELL', 'VOICE']
    value: str  # its escapes (\n, \,) still in: N and ADR are split at the unescaped ';'


def _parsed(logical: str, line: int) -> ParsedLine:
    """vobject's parser (not its ContentLine, five times slower for what is read here), and the
    quoted-printable decoding ContentLine does: in the CHARSET given, else UTF-8."""
    name, written, value, group = vobject.base.parseLine(logical, line)
    params: dict[str, list[str]] = {}
    bare: list[str] = []
    for param in written:
        if len(param) == 1:
            bare.append(param[0])
        else:
            params.setdefault(param[0].upper(), []).extend(param[1:])
    encodings = {text.upper() for text in (*params.get("ENCODING", ()), *bare)}
    if "QUOTED-PRINTABLE" in encodings:
        charset = (params.get("CHARSET") or ["utf-8"])[0]
        value = quopri.decodestring(value.encode()).decode(charset)
    return ParsedLine(str(name).upper(), str(group or ""), params, bare, value)


def content_lines(
    texts: Sequence[str], properties: Sequence[Property]
) -> tuple[dict[str, list[ParsedLine]], list[str]]:
    """The properties read, by name; and the reasons for the lines that cannot be read."""
    by_name: dict[str, list[ParsedLine]] = {}
    problems: list[str] = []
    for prop in properties:
        line = prop.first + 1
        logical = logical_line(texts, prop)
        if not (prop.name and _GRAMMAR.match(logical)):
            problems.append(
                # Translators: NAME:value is how a vCard line is written (e.g. TEL:0612345678);
                # {text} is the line's beginning, as written.
                _("line {line} is not a vCard property (NAME:value): {text}").format(
                    line=line, text=logical.strip()[:80]
                )
            )
            continue
        try:
            parsed = _parsed(logical, line)
        # A line vobject cannot parse, a charset Python does not know, bytes that are not in
        # that charset or are no quoted-printable: the card is rejected with the reason.
        except (vobject.base.VObjectError, LookupError, ValueError) as error:
            reason = str(getattr(error, "msg", "") or error)
            problems.append(
                # Translators: {error} is the vCard reader's own message, in English.
                _("line {line} cannot be read as vCard: {error}").format(line=line, error=reason)
            )
            continue
        by_name.setdefault(prop.name, []).append(parsed)
    return by_name, problems
