"""Which column of a till's export holds what: the ticket's date, its party size (couverts), its
amount and its number, and who the guest was (a phone, an email, a name: the guest list's own
header names, from headers.py, with a few a till writes: 'Nom client', 'Téléphone client').

Headers are compared folded, as headers.py compares them ('Nb couverts', 'NB COUVERTS' and
'nb-couverts' are one name). A file of tickets is read as a guest list is (csv_read: encodings,
lines, quotes), except for its header row: the first of the leading rows that names a date and
an amount, read with the delimiter that finds the most columns.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, field

from guestbook.exchange.csv_read import (
    DELIMITERS,
    HEADER_SEARCH_LINES,
    NotAGuestList,
    Table,
    check_is_text,
    decode_lines,
)
from guestbook.exchange.headers import HeaderMap, field_for, header_key
from guestbook.i18n import _, quoted

TICKET_FIELDS = ("date", "party_size", "amount", "ticket")
# Who the guest was: what headers.py calls these columns in a guest list.
GUEST_FIELDS = ("phone", "email", "first_name", "last_name", "full_name")
_MULTI_FIELDS = frozenset({"phone", "email"})
_SAMPLE_LINES = 200

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "date": (
        "date",
        "date du ticket",
        "date ticket",
        "date de vente",
        "date de la vente",
        "date de visite",
        "date visite",
        "date et heure",
        "date heure",
        "jour",
        "day",
        "ticket date",
        "sale date",
        "visit date",
        "business date",
        "date time",
        "datetime",
    ),
    "party_size": (
        "couverts",
        "couvert",
        "nb couverts",
        "nb de couverts",
        "nombre de couverts",
        "nbre couverts",
        "cvts",
        "personnes",
        "nb personnes",
        "nombre de personnes",
        "party size",
        "party",
        "covers",
        "guests",
        "pax",
        "people",
    ),
    "amount": (
        "montant",
        "montant ttc",
        "montant total",
        "montant total ttc",
        "total",
        "total ttc",
        "total a payer",
        "addition",
        "amount",
        "total amount",
        "amount paid",
        "total paid",
        "gross sales",
    ),
    "ticket": (
        "ticket",
        "tickets",
        "n ticket",
        "n° ticket",
        "n° de ticket",
        "nº ticket",
        "no ticket",
        "num ticket",
        "numero ticket",
        "numero de ticket",
        "id ticket",
        "ticket number",
        "ticket no",
        "ticket id",
        "receipt",
        "receipt number",
        "receipt no",
        "n° facture",
        "numero de facture",
        "facture",
        "transaction id",
    ),
    # A till names the guest's columns after the customer.
    "full_name": ("nom client", "nom du client", "customer", "customer name"),
    "first_name": ("prenom client", "prenom du client", "customer first name"),
    "last_name": ("customer last name",),
    "phone": ("telephone client", "tel client", "portable client", "customer phone"),
    "email": ("email client", "e mail client", "mail client", "customer email"),
}
_TABLE = {header_key(name): name_field for name_field, names in _SYNONYMS.items() for name in names}


def ticket_field_for(header: str) -> str | None:
    """The field a ticket file's header names, or None for a column the import does not read."""
    found = _TABLE.get(header_key(header))
    if found is not None:
        return found
    guest_field = field_for(header)
    return guest_field if guest_field in GUEST_FIELDS else None


@dataclass(frozen=True)
class TicketColumns:
    """Column indexes per field (phones and emails may come from several columns), and the
    headers of the columns left aside."""

    columns: dict[str, tuple[int, ...]] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()

    @property
    def has_date_and_amount(self) -> bool:
        return "date" in self.columns and "amount" in self.columns

    @property
    def says_who(self) -> bool:
        """Whether a column says who the guest was (a phone, an email or a name)."""
        return any(name in self.columns for name in GUEST_FIELDS)


def map_ticket_headers(headers: Sequence[str]) -> TicketColumns:
    """Match each header to a field; a second column for a single-valued field is ignored."""
    columns: dict[str, list[int]] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = ticket_field_for(header) if header.strip() else None
        if name is None or (name in columns and name not in _MULTI_FIELDS):
            if header.strip():
                ignored.append(header.strip())
            continue
        columns.setdefault(name, []).append(index)
    return TicketColumns({name: tuple(found) for name, found in columns.items()}, tuple(ignored))


def _leading_rows(texts: list[str], delimiter: str) -> list[tuple[list[str], int]]:
    """The first rows (cells, physical line where the row ends) read with `delimiter`."""
    reader = csv.reader(texts[:_SAMPLE_LINES], delimiter=delimiter)
    rows: list[tuple[list[str], int]] = []
    try:
        for cells in reader:
            rows.append((cells, reader.line_num))
            if len(rows) >= HEADER_SEARCH_LINES:
                break
    except csv.Error:
        pass  # a malformed sample only makes this delimiter less likely
    return rows


def read_ticket_table(data: bytes) -> tuple[Table, TicketColumns]:
    """Decode `data` and find its delimiter and header row; NotAGuestList (whose message says
    why in plain words) when it is not a table of tickets."""
    check_is_text(data)
    lines = decode_lines(data)
    best: tuple[int, str, list[str], int, TicketColumns] | None = None
    for delimiter in DELIMITERS:
        for cells, line in _leading_rows(lines.texts, delimiter):
            found = map_ticket_headers(cells)
            if found.has_date_and_amount:
                score = len(found.columns)
                if best is None or score > best[0]:
                    best = (score, delimiter, cells, line, found)
                break
    if best is None:
        first = next((text for text in lines.texts if text.strip()), "")
        raise NotAGuestList(
            _(
                "no column holds the date and the amount of a ticket (looked for headers such "
                "as Date, Couverts, Montant TTC, Total); its first line is {line}"
            ).format(line=quoted(first.strip()[:80]))
        )
    _score, delimiter, headers, header_line, found = best
    _refuse_garbled_headers(found.ignored)
    if not found.says_who:
        raise NotAGuestList(
            _(
                "no column says who the guest was: a phone, an email or a name (looked for "
                "headers such as Téléphone, Email, Nom, Client)"
            )
        )
    header_map = HeaderMap(found.columns, found.ignored)
    return Table(lines.encoding, delimiter, headers, header_line, header_map, lines), found


def _refuse_garbled_headers(ignored: Sequence[str]) -> None:
    """A header left aside that names a field once its encoding is repaired ('TÃ©lÃ©phone'
    is 'Téléphone' written in UTF-8 and read as Windows-1252): its column would be lost."""
    for header in ignored:
        for codec in ("cp1252", "latin-1"):
            try:
                repaired = header.encode(codec).decode("utf-8")
            except UnicodeError:
                continue
            if repaired != header and ticket_field_for(repaired) is not None:
                raise NotAGuestList(
                    _(
                        "its header {header} is {repaired} in the wrong encoding: save the "
                        "file again as UTF-8"
                    ).format(header=quoted(header), repaired=quoted(repaired))
                )
            break
