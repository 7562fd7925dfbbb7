"""A vCard file (.vcf) as rows of guest values: one card, one row, as a CSV row is one line.

Address books write vCard 2.1 (old Android phones, Outlook: quoted-printable accents), 3.0
(Google Contacts, iPhone and iCloud) or 4.0 (RFC 6350). The file is cut into cards here
(vcard_cards), so that a card that cannot be read, a card cut short, or text outside any card is
one row rejected with its reason: never the end of the import, never a card lost unseen.

vobject's parser reads each property guestbook imports (vcard_lines), and its value becomes the
guest's (vcard_values), whole. The properties guestbook does not import are not read at all, so
a broken photo never costs a guest; their names are said instead (`ignored`).

Values stay as written, like the CSV and JSON readers': checking them is the importer's job.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from guestbook.exchange.csv_read import Lines, NotAGuestList, decode_lines
from guestbook.exchange.guest_file import RowValues, SourceRow
from guestbook.exchange.rejects import REASON_PROPERTY
from guestbook.exchange.vcard_cards import Piece, Property, pieces_of, properties_of
from guestbook.exchange.vcard_lines import content_lines
from guestbook.exchange.vcard_values import row_values
from guestbook.i18n import _

# What guestbook reads (X-ABLABEL: iPhone's label of a grouped number, "item1.X-ABLabel:
# _$!<Mobile>!$_").
READ = frozenset({"N", "FN", "TEL", "EMAIL", "BDAY", "ADR", "NOTE", "X-ABLABEL"})
# Properties about the card, not the guest: never said to be left aside. CLIENTPIDMAP is vCard
# 4.0's synchronisation bookkeeping, X-ABADR how iPhone lays out the ADR beside it, and
# X-GUESTBOOK-REASON the reason our rejects file gave the card (read as nothing when it comes
# back, as the CSV rejects file's reason column is).
STRUCTURAL = frozenset(
    {"BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "CLIENTPIDMAP", "X-ABADR", REASON_PROPERTY}
)


@dataclass(frozen=True)
class VCards:
    """A vCard file's cards as rows, and what the importer says about the file."""

    rows: list[SourceRow]
    ignored: tuple[str, ...]  # the properties found that guestbook does not import
    encoding: str
    lines: int
    odd_lines: int  # lines of the rejected cards written in another encoding than the file's
    odd_encoding: str


def read_vcards(data: bytes) -> VCards:
    """The cards of a vCard file as rows; NotAGuestList if it holds no complete card."""
    lines = decode_lines(data)  # UTF-8, else Windows-1252, line by line as for a CSV
    pieces = list(pieces_of(lines.texts, properties_of(lines.texts)))
    if not any(piece.kind == "card" for piece in pieces):
        raise NotAGuestList(
            # Translators: BEGIN:VCARD and END:VCARD are written so in the file: keep them.
            _(
                "it starts like a vCard file but holds no complete card (BEGIN:VCARD … "
                "END:VCARD): it may have been cut short"
            )
        )
    ignored = dict.fromkeys(
        prop.name
        for piece in pieces
        if piece.kind != "outside"
        for prop in piece.properties
        if prop.name and prop.name not in READ and prop.name not in STRUCTURAL
    )
    rows = [_row(piece, lines) for piece in pieces]
    odd = {
        index
        for piece, row in zip(pieces, rows, strict=True)
        if row.values.problems
        for index in _read_lines(piece)
        if index in lines.odd
    }
    return VCards(
        rows,
        tuple(ignored),
        lines.encoding,
        len(lines.texts),
        len(odd),
        lines.odd_encoding if odd else "",
    )


def _read(piece: Piece) -> list[Property]:
    """The properties guestbook reads, and the lines that are no property at all (the card is
    rejected for them: one may be a note's second line, written without folding)."""
    return [prop for prop in piece.properties if prop.name in READ or not (prop.name or prop.blank)]


def _read_lines(piece: Piece) -> Iterator[int]:
    properties = piece.properties if piece.kind == "outside" else _read(piece)
    for prop in properties:
        yield from range(prop.first, prop.end)


# --- one card, one row ---------------------------------------------------------------------


def _row(piece: Piece, lines: Lines) -> SourceRow:
    texts = lines.texts
    first, end = piece.properties[0].first, piece.properties[-1].end
    problems: list[str] = []
    if piece.kind == "not closed":
        problems.append(
            _("this card has no END:VCARD line: the file may have been cut short or edited")
        )
    elif piece.kind == "outside":
        problems.append(_("these lines are outside any card (BEGIN:VCARD … END:VCARD)"))
    # A line guestbook reads that cannot be trusted (another encoding than the file's, a NUL
    # character) rejects its card, as it rejects a CSV row; a photo's line is not read.
    problems += [
        _("line {line}: {problem}").format(line=index + 1, problem=lines.problems[index])
        for index in _read_lines(piece)
        if index in lines.problems
    ]
    values = RowValues()
    if piece.kind != "outside":
        properties, unreadable = content_lines(texts, _read(piece))
        problems += unreadable
        values = row_values(properties)  # a card rejected still shows its name in the summary
    original = "".join(texts[first:end])
    return SourceRow(first + 1, replace(values, problems=tuple(problems)), original, end)
