"""vCard 4.0 export (RFC 6350): one card per guest, every phone and email, a birthday without
a year written as BDAY:--MMDD, lines folded at 75 octets with CRLF. Each card has a UID that
stays with its guest from one export to the next (address books such as khard skip a card
without one, and use it to update a contact rather than add a second one).

A mobile number (domain.contact.is_mobile) is written TEL;VALUE=uri;TYPE=cell (the phone's
contacts app offers it for texts); any other number has no TYPE, as nothing says whether it
rings at home or at work.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import IO

from guestbook.domain.contact import is_mobile
from guestbook.domain.records import GuestRecord
from guestbook.domain.text import display_name

_FOLD_OCTETS = 75
# The namespace of guests' card UIDs (uuid5 of a URL of ours): a guest's number, never reused
# (migration 0003), gives the same UID at every export.
_GUEST_NAMESPACE = uuid.UUID("1161d45a-4127-5809-86b4-d7dfa1405f76")


def tel(e164: str) -> str:
    """The TEL content line's text for a number stored in E.164."""
    kind = ";TYPE=cell" if is_mobile(e164) else ""
    return f"TEL;VALUE=uri{kind}:tel:{e164}"


def card_uid(guest_id: int) -> str:
    return f"urn:uuid:{uuid.uuid5(_GUEST_NAMESPACE, str(guest_id))}"


def escape(text: str) -> str:
    """Text value escaping (RFC 6350 §3.4): backslash, comma, semicolon, newline."""
    return (
        text.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets, never inside a UTF-8 sequence."""
    if line.isascii():  # a character an octet: cut by length (most lines, and much faster)
        if len(line) <= _FOLD_OCTETS:
            return line + "\r\n"
        rest = range(_FOLD_OCTETS, len(line), _FOLD_OCTETS - 1)
        cut = [line[:_FOLD_OCTETS], *(line[start : start + _FOLD_OCTETS - 1] for start in rest)]
        return "\r\n ".join(cut) + "\r\n"
    if len(line.encode("utf-8")) <= _FOLD_OCTETS:
        return line + "\r\n"
    parts: list[str] = []
    current: list[str] = []
    size, limit = 0, _FOLD_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, _FOLD_OCTETS - 1  # continuation lines start with a space
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts) + "\r\n"


def card(record: GuestRecord) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:{card_uid(record.id)}",
        f"FN:{escape(display_name(record.first_name, record.last_name))}",
        f"N:{escape(record.last_name)};{escape(record.first_name)};;;",
    ]
    lines += [tel(phone) for phone in record.phones]
    lines += [f"EMAIL:{escape(email)}" for email in record.emails]
    if record.birthday is not None:
        birthday = record.birthday
        year = "--" if birthday.year is None else f"{birthday.year:04d}"
        lines.append(f"BDAY:{year}{birthday.month:02d}{birthday.day:02d}")
    if record.partner:
        lines.append(f"RELATED;TYPE=spouse;VALUE=text:{escape(record.partner)}")
    if record.address or record.postcode:
        lines.append(f"ADR:;;{escape(record.address)};;;{escape(record.postcode)};")
    if record.notes:
        lines.append(f"NOTE:{escape(record.notes)}")
    lines.append("END:VCARD")
    return "".join(fold(line) for line in lines)


def write_vcard(
    batches: Iterable[list[GuestRecord]],
    handle: IO[str],
    *,
    on_batch: Callable[[int], None],
) -> int:
    written = 0
    for batch in batches:
        handle.write("".join(card(record) for record in batch))
        written += len(batch)
        on_batch(written)
    return written
