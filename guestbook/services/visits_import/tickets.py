"""A file of tickets from the till, as rows of values written as they were (text): checking them
is check.py's job, so that a ticket with several problems gets all of them listed.

Read as a guest list is read (exchange.csv_read: UTF-8 or Windows-1252, ';' ',' tab or '|',
a title above the headers, cells with line breaks), with the ticket columns of
exchange.ticket_headers. The order of the file's all-digit dates is decided once, for the whole
file (exchange.date_order).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guestbook.domain.spreadsheet import unneutralise
from guestbook.errors import UserError
from guestbook.exchange.csv_read import NotAGuestList
from guestbook.exchange.date_order import DateOrderChoice, decide_order
from guestbook.exchange.regular_file import CannotRead, read_regular_file
from guestbook.exchange.ticket_headers import TicketColumns, read_ticket_table
from guestbook.exchange.values import split_emails, split_full_name, split_phones
from guestbook.i18n import _

# The time a till writes after the date ('22/11/2026 20:15', '2026-11-22T20:15:00+01:00'):
# a visit is a day, so the time is left out.
_TIME = re.compile(
    r"[ T,]+(?:a |à )?\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?\s*(?:z|[+-]\d{2}:?\d{2})?",
    re.IGNORECASE,
)


def date_part(text: str) -> str:
    """The date of a date and time as a till writes it, the time left out."""
    text = text.strip()
    match = _TIME.search(text)
    return text[: match.start()] if match and match.end() == len(text) else text


@dataclass(frozen=True, slots=True)
class TicketValues:
    """One ticket's values as written (the date without its time)."""

    date: str = ""
    party_size: str = ""
    amount: str = ""
    ticket: str = ""
    first_name: str = ""
    last_name: str = ""
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    full_name: bool = False  # the name came from one column: its order is not known


@dataclass(frozen=True, slots=True)
class TicketRow:
    line: int  # the physical line where the ticket's row starts
    values: TicketValues
    cells: list[str]  # as read: the rejects file writes them back unchanged
    problem: str = ""  # the row cannot be trusted whatever it holds (csv_read says why)


@dataclass(frozen=True)
class TicketFile:
    name: str
    sha256: str
    rows: list[TicketRow]
    encoding: str = "utf-8"
    delimiter: str = ";"
    headers: list[str] = field(default_factory=list)
    ignored_columns: tuple[str, ...] = ()
    lines: int = 0  # physical lines
    has_party_size: bool = True
    has_ticket_number: bool = False
    date_order: DateOrderChoice = field(default_factory=DateOrderChoice)


def read_ticket_file(path: Path) -> TicketFile:
    """The tickets of `path`; UserError saying why when it cannot be read or holds none."""
    try:
        data = read_regular_file(path)
        table, columns = read_ticket_table(data)
    except CannotRead as error:
        raise UserError(_("cannot read {path}: {reason}").format(path=path, reason=error)) from None
    except NotAGuestList as error:
        raise UserError(
            _("{path} is not a file of tickets: {reason}").format(path=path, reason=error)
        ) from None
    reader = _Cells(columns)
    rows = [
        TicketRow(record.line, reader.values(record.cells), record.cells, record.problem)
        for record in table.rows()
        if record.cells or record.problem
    ]
    if not rows:
        raise UserError(
            _("{path} is not a file of tickets: {reason}").format(
                path=path,
                reason=_("it has headers but no rows under them: there is nothing to import"),
            )
        )
    return TicketFile(
        name=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        rows=rows,
        encoding=table.encoding,
        delimiter=table.delimiter,
        headers=table.headers,
        ignored_columns=columns.ignored,
        lines=len(table.lines.texts),
        has_party_size="party_size" in columns.columns,
        has_ticket_number="ticket" in columns.columns,
        date_order=decide_order(row.values.date for row in rows if not row.problem),
    )


class _Cells:
    """Turns a row's cells into TicketValues; which column holds what is worked out once."""

    def __init__(self, columns: TicketColumns) -> None:
        found = columns.columns

        def first(name: str) -> int:
            return found[name][0] if name in found else -1

        self.date, self.party_size = first("date"), first("party_size")
        self.amount, self.ticket = first("amount"), first("ticket")
        self.first_name, self.last_name = first("first_name"), first("last_name")
        self.full_name = first("full_name")
        self.phones: Sequence[int] = found.get("phone", ())
        self.emails: Sequence[int] = found.get("email", ())
        self.width = max((i for indexes in found.values() for i in indexes), default=0) + 1

    def values(self, cells: Sequence[str]) -> TicketValues:
        # Each cell stripped and un-neutralised (a rejects file neutralises '-12' and '+33…'),
        # padded so that a field without a column (index -1) reads the last "".
        plain = [unneutralise(t) if t[:1] == "'" else t for t in map(str.strip, cells)]
        plain += [""] * (self.width - len(plain) + 1) if len(plain) <= self.width else [""]
        first, last = plain[self.first_name], plain[self.last_name]
        full = not (first or last) and bool(plain[self.full_name])
        if full:
            first, last = split_full_name(plain[self.full_name])
        return TicketValues(
            date=date_part(plain[self.date]),
            party_size=plain[self.party_size],
            amount=plain[self.amount],
            ticket=plain[self.ticket],
            first_name=first,
            last_name=last,
            phones=tuple(part for i in self.phones for part in split_phones(plain[i])),
            emails=tuple(part for i in self.emails for part in split_emails(plain[i])),
            full_name=full,
        )
