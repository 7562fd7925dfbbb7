"""A vCard file's lines cut into properties, and the properties into cards (vcard_read).

A card that cannot be read, a card cut short, or text outside any card is a piece of its own,
so that each is one row rejected with its reason: never the end of the import, never a card
lost unseen.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

# "[group.]NAME" before the parameters or the value: "item1.TEL;type=pref:…" is a TEL.
_NAME = re.compile(r"(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)[;:]")


@dataclass(frozen=True)
class Property:
    """One property over the file's physical lines `first` to `end` (excluded): a folded line
    goes on on the next one, a quoted-printable one too when it ends with '='."""

    first: int
    end: int
    name: str  # upper-cased, without its group; "" for a line that is not a property
    quoted_printable: bool = False
    blank: bool = False  # a blank line: nothing, but kept in the card's text


@dataclass(frozen=True)
class Piece:
    """A card from its BEGIN to its END, or a card never closed, or text outside any card."""

    properties: list[Property]
    kind: Literal["card", "not closed", "outside"]


def properties_of(texts: Sequence[str]) -> Iterator[Property]:
    """Every property of the file in order (a blank line is a property without a name). A
    property's first line may be indented (as the file's first card may be): only the lines
    after it go on with a space or a tab."""
    index = 0
    while index < len(texts):
        first = index
        head = texts[index].rstrip("\r\n").lstrip(" \t")
        index += 1
        if not head.strip():
            yield Property(first, index, "", blank=True)
            continue
        params = head.partition(":")[0].upper()
        quoted_printable = "QUOTED-PRINTABLE" in params
        # vCard 2.1's base64 (a photo) runs to the next blank line; some phones do not indent
        # its lines, which hold no ':' nor ';' so never look like a property.
        base64 = "BASE64" in params
        last = head
        while index < len(texts) and texts[index].strip():
            following = texts[index]
            folded = following[:1] in (" ", "\t")
            encoded = base64 and not _NAME.match(following)
            if not (folded or encoded or _soft_break(quoted_printable, last)):
                break
            last = following.rstrip("\r\n")
            index += 1
        match = _NAME.match(head)
        name = match[1].upper().replace("_", "-") if match else ""
        yield Property(first, index, name, quoted_printable)


def _soft_break(quoted_printable: bool, line: str) -> bool:
    """vCard 2.1's quoted-printable values break their lines with a final '=' and go on at the
    start of the next line (which may start with a space: it is part of the value)."""
    return quoted_printable and line.endswith("=")


def logical_line(texts: Sequence[str], prop: Property) -> str:
    """The property's line as one: unfolded, its quoted-printable soft breaks joined."""
    logical = texts[prop.first].rstrip("\r\n").lstrip(" \t")
    for text in texts[prop.first + 1 : prop.end]:
        line = text.rstrip("\r\n")
        if _soft_break(prop.quoted_printable, logical):
            logical = logical[:-1] + line
        else:
            logical += line[1:] if line[:1] in (" ", "\t") else line
    return logical


def _is_frame(texts: Sequence[str], prop: Property, name: str) -> bool:
    """Whether the property is BEGIN:VCARD or END:VCARD (any case)."""
    return (
        prop.name == name and logical_line(texts, prop).partition(":")[2].strip().upper() == "VCARD"
    )


def pieces_of(texts: Sequence[str], properties: Iterable[Property]) -> Iterator[Piece]:
    """The cards, in order; a BEGIN:VCARD before the last card's END starts a new card (the
    last one is then never closed); text between cards is a piece of its own, ended by the next
    BEGIN:VCARD or a stray END:VCARD. Blank lines between cards are nothing."""
    card: list[Property] | None = None
    outside: list[Property] = []
    for prop in properties:
        if _is_frame(texts, prop, "BEGIN"):
            if outside:
                yield Piece(outside, "outside")
                outside = []
            if card is not None:
                yield Piece(_trimmed(card), "not closed")
            card = [prop]
        elif card is not None:
            card.append(prop)
            if _is_frame(texts, prop, "END"):
                yield Piece(card, "card")
                card = None
        elif not prop.blank:
            outside.append(prop)
            if _is_frame(texts, prop, "END"):  # a card's end whose BEGIN is missing or misspelt
                yield Piece(outside, "outside")
                outside = []
    if card is not None:
        yield Piece(_trimmed(card), "not closed")
    if outside:
        yield Piece(outside, "outside")


def _trimmed(properties: list[Property]) -> list[Property]:
    """A card never closed, without the blank lines after its last property."""
    while len(properties) > 1 and properties[-1].blank:
        properties = properties[:-1]
    return properties
