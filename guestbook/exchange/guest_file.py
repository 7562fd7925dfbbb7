"""An input file as rows of guest values: a CSV/TSV from another system, a vCard file from an
address book (vcard_read), or guestbook's JSON.

Values stay as written (text); checking and normalising them is the importer's job, so that a
row with several problems gets all of them listed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from guestbook.domain.channels import CHANNELS
from guestbook.domain.spreadsheet import unneutralise
from guestbook.domain.text import fold
from guestbook.exchange.csv_read import NotAGuestList, Table, read_table
from guestbook.exchange.date_order import DateOrderChoice, decide_order, month_first_system
from guestbook.exchange.headers import HeaderMap, is_mobile
from guestbook.exchange.regular_file import CannotRead, read_regular_file
from guestbook.exchange.values import split_emails, split_full_name, split_phones
from guestbook.i18n import _, number

__all__ = [
    "CannotRead",
    "GuestFile",
    "NotAGuestList",
    "RowValues",
    "SourceRow",
    "read_guest_file",
]


@dataclass(frozen=True)
class RowValues:
    """One input row's values, as written; consent per channel as written ('' when absent)."""

    first_name: str = ""
    last_name: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    birthday: str = ""
    birthday_from_parts: bool = False  # built from day / month / year columns: day first
    partner: str = ""
    partner_is_name: bool = False  # our JSON says the partner was a name only: never linked
    address: str = ""
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    consent: dict[str, str] = field(default_factory=dict)
    allergies: str = ""
    # An old system's history, as written: how many visits, the last (and first) one's date.
    visit_count: str = ""
    last_visit: str = ""
    first_visit: str = ""
    problems: tuple[str, ...] = ()  # the row itself is unusable (e.g. not a JSON object)


@dataclass(frozen=True)
class SourceRow:
    line: int  # the line in a CSV or of a vCard's BEGIN, the guest's position (from 1) in JSON
    values: RowValues
    # Written back to the rejects file, unchanged: a CSV row's cells, a JSON entry, a card's text.
    original: list[str] | dict[str, Any] | str
    last_line: int = 0  # the line where the row ends: a CSV row's cells may hold line breaks


@dataclass(frozen=True)
class GuestFile:
    name: str
    sha256: str
    kind: Literal["csv", "json", "vcard"]
    rows: list[SourceRow]
    encoding: str = "utf-8"
    delimiter: str = ","
    headers: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    # A CSV in which no column was read as a phone or an email: its guests could never be
    # called nor written to (a header row guestbook does not know yet, most likely).
    no_contact_columns: bool = False
    lines: int = 0  # a CSV's physical lines
    skipped: tuple[int, ...] = ()  # a CSV's lines that hold no row: title, headers, blank
    odd_lines: int = 0  # rows rejected as written in another encoding than the file's
    odd_encoding: str = ""  # that encoding: 'utf-8' or 'cp1252'
    date_order: DateOrderChoice = field(default_factory=DateOrderChoice)


def read_guest_file(path: Path) -> GuestFile:
    """Read `path`; NotAGuestList (with a plain reason) if it is not a guest list."""
    data = read_regular_file(path)
    digest = hashlib.sha256(data).hexdigest()
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start[: len(_VCARD_START)].upper() == _VCARD_START:
        return _vcard_file(path.name, digest, data)
    if start[:1] in (b"{", b"["):
        rows = _json_rows(data)
        if not rows:
            raise NotAGuestList(_('its "guests" list is empty: there is nothing to import'))
        return GuestFile(path.name, digest, "json", rows, date_order=_date_order(rows))
    return _csv_file(path.name, digest, read_table(data))


# A vCard file starts with its first card, whatever its name ends with (.vcf, .vcard, none).
_VCARD_START = b"BEGIN:VCARD"


def _vcard_file(name: str, digest: str, data: bytes) -> GuestFile:
    # Imported here: vcard_read builds this module's rows, so it imports this module.
    from guestbook.exchange.vcard_read import read_vcards

    cards = read_vcards(data)
    return GuestFile(
        name,
        digest,
        "vcard",
        cards.rows,
        encoding=cards.encoding,
        ignored_columns=cards.ignored,
        lines=cards.lines,
        odd_lines=cards.odd_lines,
        odd_encoding=cards.odd_encoding,
        date_order=_date_order(cards.rows),
    )


def _csv_file(name: str, digest: str, table: Table) -> GuestFile:
    reader = _CsvRows(table.fields)
    rows: list[SourceRow] = []
    skipped = list(range(1, table.header_line + 1))
    for record in table.rows():
        if not record.cells and not record.problem:
            skipped.extend(range(record.line, record.end + 1))
            continue
        values = reader.values(record.cells)
        if record.problem:
            values = replace(values, problems=(record.problem,))
        rows.append(SourceRow(record.line, values, record.cells, record.end))
    if not rows:
        raise NotAGuestList(_("it has headers but no rows under them: there is nothing to import"))
    odd = table.lines.odd
    return GuestFile(
        name,
        digest,
        "csv",
        rows,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        ignored_columns=table.fields.ignored,
        no_contact_columns=not ({"phone", "email"} & set(table.fields.columns)),
        lines=len(table.lines.texts),
        skipped=tuple(skipped),
        odd_lines=sum(1 for index in odd if index >= table.header_line),
        odd_encoding=table.lines.odd_encoding,
        date_order=_date_order(rows, month_first_system(table.headers)),
    )


def _date_order(rows: Sequence[SourceRow], system: str = "") -> DateOrderChoice:
    """The order of the file's all-digit dates, from its birthdays and visit dates together
    (a birthday made of day / month / year columns says nothing: its parts are named)."""
    texts = (
        text
        for row in rows
        for text in (
            "" if row.values.birthday_from_parts else row.values.birthday,
            row.values.last_visit,
            row.values.first_visit,
        )
    )
    return decide_order(texts, system)


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
        self.city = first("city")
        self.preferences = first("preferences")
        self.birth_parts = [first(name) for name in ("birth_day", "birth_month", "birth_year")]
        self.has_birth_parts = any(index >= 0 for index in self.birth_parts)
        self.visit_count, self.last_visit = first("visit_count"), first("last_visit")
        self.first_visit = first("first_visit")
        self.allergies = columns.get("allergies", ())
        self.consent = [(channel, first(f"consent_{channel}")) for channel in CHANNELS]
        self.phones = columns.get("phone", ())
        self.phone_labels = fields.phone_labels
        self.emails = columns.get("email", ())
        self.notes = columns.get("notes", ())
        self.width = max((i for found in columns.values() for i in found), default=0) + 1

    def _phones_in_order(self, plain: Sequence[str]) -> Sequence[int]:
        """The phone columns, those this row labels mobile first (Google labels each number)."""
        if not self.phone_labels:
            return self.phones
        labels = self.phone_labels
        return sorted(self.phones, key=lambda i: not (i in labels and is_mobile(plain[labels[i]])))

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
            phones=tuple(
                part for i in self._phones_in_order(plain) for part in split_phones(plain[i])
            ),
            # Our CSV export neutralises each address of a list, not just the first.
            emails=tuple(
                unneutralise(part) for i in self.emails for part in split_emails(plain[i])
            ),
            birthday=plain[self.birthday] or _birthday_of_parts(plain, self.birth_parts),
            birthday_from_parts=self.has_birth_parts and not plain[self.birthday],
            partner=plain[self.partner],
            address=_with_city(plain[self.address], plain[self.city]),
            postcode=plain[self.postcode],
            notes="\n".join(text for i in self.notes if (text := plain[i])),
            preferences=plain[self.preferences],
            consent={channel: plain[index] for channel, index in self.consent},
            allergies=", ".join(text for i in self.allergies if (text := plain[i])),
            visit_count=plain[self.visit_count],
            last_visit=plain[self.last_visit],
            first_visit=plain[self.first_visit],
        )


def _with_city(street: str, city: str) -> str:
    """One address line: '12 rue des Lilas, Lyon' (the city alone when there is no street; a
    street that already names its city is left as it is)."""
    if not city or fold(city) in fold(street):
        return street
    return f"{street}, {city}" if street else city


def _birthday_of_parts(plain: Sequence[str], columns: Sequence[int]) -> str:
    """A birthday kept in three columns (day, month, year) as one text the birthday reader
    reads ('12 3 1970', '12 mars'); '' when the day and the month are both empty."""
    day, month, year = (plain[index] for index in columns)
    if not (day or month):
        return ""
    return " ".join(part for part in (day or "?", month or "?", year) if part)


# --- guestbook's own JSON export -----------------------------------------------------------


# Guests' values are names, numbers and dates: a longer number is not one of them (and Python
# refuses to turn more than 4,300 digits into an int).
MAX_JSON_DIGITS = 100


class _NumberTooLong(ValueError):
    pass


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_JSON_DIGITS:
        raise _NumberTooLong(digits)
    return int(digits)


def _json_rows(data: bytes) -> list[SourceRow]:
    try:
        document = json.loads(data.decode("utf-8-sig"), parse_int=_int)
        guests = document.get("guests") if isinstance(document, dict) else document
        if not isinstance(guests, list):
            raise NotAGuestList(_('it is JSON without a "guests" list (guestbook exports one)'))
        rows = [SourceRow(place, _json_values(guest), _as_dict(guest)) for place, guest in
                enumerate(guests, 1)]  # fmt: skip
        if b"\\u0000" in data:  # a NUL character never goes into a name or a note
            rows = [_without_nul(row) for row in rows]
        return rows
    except RecursionError:
        raise NotAGuestList(_("its JSON is nested too deeply to be a guest list")) from None
    except _NumberTooLong as error:
        raise NotAGuestList(
            _("it holds a number {count} digits long, too long to be a guest's value").format(
                count=number(len(str(error).lstrip("-")))
            )
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise NotAGuestList(
            _("it looks like JSON but cannot be read: {error}").format(error=error)
        ) from None


def _without_nul(row: SourceRow) -> SourceRow:
    if "\x00" not in json.dumps(row.original, ensure_ascii=False):
        return row
    problems = (_("this entry holds a NUL character"),)
    return replace(row, values=replace(row.values, problems=problems))


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
    values = RowValues(
        first_name=_text(guest.get("first_name")),
        last_name=_text(guest.get("last_name")),
        phones=_texts(guest.get("phones", guest.get("phone"))),
        emails=_texts(guest.get("emails", guest.get("email"))),
        birthday=_text(guest.get("birthday")),
        partner=_text(guest.get("partner")),
        partner_is_name=guest.get("partner_is_guest") is False,
        address=_text(guest.get("address")),
        postcode=_text(guest.get("postcode")),
        notes=_text(guest.get("notes")),
        preferences=_text(guest.get("preferences")),
        consent={channel: _text(consent.get(channel)) for channel in CHANNELS},
        visit_count=_text(guest.get("visit_count")),
        last_visit=_text(guest.get("last_visit_on")),
        first_visit=_text(guest.get("first_visit_on")),
    )
    return values
