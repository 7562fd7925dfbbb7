"""An input file as rows of guest values: a CSV/TSV from another system, or guestbook's JSON.

Values stay as written (text); checking and normalising them is the importer's job, so that a
row with several problems gets all of them listed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from guestbook.domain.channels import CHANNELS
from guestbook.domain.spreadsheet import unneutralise
from guestbook.exchange.csv_read import NotAGuestList, read_table
from guestbook.exchange.headers import HeaderMap
from guestbook.exchange.values import split_emails, split_full_name, split_phones
from guestbook.i18n import _

__all__ = ["GuestFile", "NotAGuestList", "RowValues", "SourceRow", "read_guest_file"]


@dataclass(frozen=True)
class RowValues:
    """One input row's values, as written; consent per channel as written ('' when absent)."""

    first_name: str = ""
    last_name: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    birthday: str = ""
    partner: str = ""
    address: str = ""
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    consent: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()  # the row itself is unusable (e.g. not a JSON object)


@dataclass(frozen=True)
class SourceRow:
    line: int  # the line in a CSV, the guest's position (from 1) in a JSON list
    values: RowValues
    original: list[str] | dict[str, Any]  # written back to the rejects file, unchanged


@dataclass(frozen=True)
class GuestFile:
    name: str
    sha256: str
    kind: Literal["csv", "json"]
    rows: list[SourceRow]
    encoding: str = "utf-8"
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()


def read_guest_file(path: Path) -> GuestFile:
    """Read `path`; NotAGuestList (with a plain reason) if it is not a guest list."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise NotAGuestList(_("it is a folder, not a file")) from None
    except FileNotFoundError:
        raise NotAGuestList(_("there is no such file")) from None
    except OSError as error:
        raise NotAGuestList(error.strerror or str(error)) from None
    digest = hashlib.sha256(data).hexdigest()
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):
        return GuestFile(path.name, digest, "json", _json_rows(data))
    table = read_table(data)
    reader = _CsvRows(table.fields)
    return GuestFile(
        path.name,
        digest,
        "csv",
        [SourceRow(line, reader.values(cells), cells) for line, cells in table.rows()],
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        ignored_columns=table.fields.ignored,
    )


# --- CSV -----------------------------------------------------------------------------------


class _CsvRows:
    """Turns a table's rows into RowValues; which column holds what is worked out once, as
    a hundred thousand rows go through here."""

    def __init__(self, fields: HeaderMap) -> None:
        columns = fields.columns

        def first(name: str) -> int:
            return columns[name][0] if name in columns else -1

        self.first_name, self.last_name = first("first_name"), first("last_name")
        self.full_name = first("full_name")
        self.birthday, self.partner = first("birthday"), first("partner")
        self.address, self.postcode = first("address"), first("postcode")
        self.preferences = first("preferences")
        self.consent = [(channel, first(f"consent_{channel}")) for channel in CHANNELS]
        self.phones = columns.get("phone", ())
        self.emails = columns.get("email", ())
        self.notes = columns.get("notes", ())
        self.width = max((i for found in columns.values() for i in found), default=0) + 1

    def values(self, cells: Sequence[str]) -> RowValues:
        # Every cell stripped and un-neutralised once, padded to the widest column used, and
        # one "" more at the end: a field without a column has index -1 and reads that "".
        plain = [unneutralise(t) if t[:1] == "'" else t for t in map(str.strip, cells)]
        plain += [""] * (self.width - len(plain) + 1) if len(plain) <= self.width else [""]
        first, last = plain[self.first_name], plain[self.last_name]
        if not (first or last):
            first, last = split_full_name(plain[self.full_name])
        return RowValues(
            first_name=first,
            last_name=last,
            phones=tuple(part for i in self.phones for part in split_phones(plain[i])),
            # Our CSV export neutralises each address of a list, not just the first.
            emails=tuple(
                unneutralise(part) for i in self.emails for part in split_emails(plain[i])
            ),
            birthday=plain[self.birthday],
            partner=plain[self.partner],
            address=plain[self.address],
            postcode=plain[self.postcode],
            notes="\n".join(text for i in self.notes if (text := plain[i])),
            preferences=plain[self.preferences],
            consent={channel: plain[index] for channel, index in self.consent},
        )


# --- guestbook's own JSON export -----------------------------------------------------------


def _json_rows(data: bytes) -> list[SourceRow]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotAGuestList(
            _("it looks like JSON but cannot be read: {error}").format(error=error)
        ) from None
    guests = document.get("guests") if isinstance(document, dict) else document
    if not isinstance(guests, list):
        raise NotAGuestList(_('it is JSON without a "guests" list (guestbook exports one)'))
    return [SourceRow(number, _json_values(guest), _as_dict(guest)) for number, guest in
            enumerate(guests, 1)]  # fmt: skip


def _as_dict(guest: object) -> dict[str, Any]:
    return guest if isinstance(guest, dict) else {"value": guest}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value).strip()
    return json.dumps(value, ensure_ascii=False)


def _texts(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(text for item in value if (text := _text(item)))
    text = _text(value)
    return (text,) if text else ()


def _json_values(guest: object) -> RowValues:
    if not isinstance(guest, dict):
        return RowValues(problems=(_("this entry is not a guest (a JSON object)"),))
    consent = guest.get("consent")
    consent = consent if isinstance(consent, dict) else {}
    return RowValues(
        first_name=_text(guest.get("first_name")),
        last_name=_text(guest.get("last_name")),
        phones=_texts(guest.get("phones", guest.get("phone"))),
        emails=_texts(guest.get("emails", guest.get("email"))),
        birthday=_text(guest.get("birthday")),
        partner=_text(guest.get("partner")),
        address=_text(guest.get("address")),
        postcode=_text(guest.get("postcode")),
        notes=_text(guest.get("notes")),
        preferences=_text(guest.get("preferences")),
        consent={channel: _text(consent.get(channel)) for channel in CHANNELS},
    )
