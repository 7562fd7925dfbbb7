"""The rejects file: the rows an import refused, as they were, with a reason column added.

The owner opens it, fixes the cells the reason names, and imports it again: so it keeps the
input's columns and delimiter, and the importer ignores the extra column (its header, in the
language of the import, names no field). A JSON rejects file keeps the key "reason"; a vCard
rejects file keeps the cards as they were, each with the reason in one more property.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from guestbook.domain.spreadsheet import neutralise
from guestbook.exchange.atomic import private_text_file
from guestbook.exchange.export_vcard import escape, fold
from guestbook.exchange.guest_file import GuestFile, SourceRow
from guestbook.i18n import N_, _

# Translators: the header of the column a rejects file adds (it must not name a guest's field).
REASON_HEADER = N_("reason")  # the CSV's header, translated when written; the JSON's key


def write_rejects(path: Path, source: GuestFile, rejected: Sequence[tuple[SourceRow, str]]) -> None:
    """Write `rejected` (row, reasons as one line) to `path`, mode 0600, atomically."""
    if source.kind == "json":
        _write_json(path, rejected)
    elif source.kind == "vcard":
        _write_vcard(path, rejected)
    else:
        _write_csv(path, source, rejected)


def _write_csv(path: Path, source: GuestFile, rejected: Sequence[tuple[SourceRow, str]]) -> None:
    width = max([len(source.headers), *(len(row.original) for row, _reasons in rejected)])
    headers = [*source.headers, *([""] * (width - len(source.headers)))]
    reason_header = _(REASON_HEADER)
    if reason_header in headers:
        reason_header = _("guestbook reason")
    # UTF-8 with a BOM whatever the input was, so Excel shows the accents right.
    with private_text_file(path, encoding="utf-8-sig") as handle:
        writer = csv.writer(handle, delimiter=source.delimiter, lineterminator="\r\n")
        writer.writerow([*headers, reason_header])
        for row, reasons in rejected:
            cells = list(row.original) if isinstance(row.original, list) else []
            cells += [""] * (width - len(cells))
            # The input may hold formulas too: the importer undoes this apostrophe on re-import.
            writer.writerow([neutralise(cell) for cell in cells] + [reasons])


def _write_json(path: Path, rejected: Sequence[tuple[SourceRow, str]]) -> None:
    guests = []
    for row, reasons in rejected:
        entry = dict(row.original) if isinstance(row.original, dict) else {}
        entry[REASON_HEADER] = reasons
        guests.append(entry)
    with private_text_file(path) as handle:
        json.dump({"guests": guests}, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


# The reason goes in a property of its own rather than in NOTE: address books keep or skip an
# X- property they do not know (RFC 6350 §6.10, RFC 2426 §3.8; khard, iPhone and Android do,
# vobject reads it), and guestbook reads it as nothing when the card comes back. A NOTE would
# come back into the guest's notes, or be a card's second NOTE, which phones drop.
REASON_PROPERTY = "X-GUESTBOOK-REASON"


def _write_vcard(path: Path, rejected: Sequence[tuple[SourceRow, str]]) -> None:
    # UTF-8 whatever the input was: vCard 3.0 and 4.0 are UTF-8 text, and 2.1's
    # quoted-printable values are plain ASCII.
    with private_text_file(path) as handle:
        for row, reasons in rejected:
            text = row.original if isinstance(row.original, str) else ""
            handle.write(_card_with_reason(text, reasons))


def _card_with_reason(text: str, reasons: str) -> str:
    """The card's text as it was, the reason line added before its END:VCARD. Text that is not
    a whole card (one cut short, lines outside any card) is made one, so that the file reads
    as vCard and the owner sees the reason beside the lines it is about."""
    newline = "\r\n" if "\r\n" in text or not text else "\n"
    lines = list(io.StringIO(text, newline=""))  # split at \r\n, \n or \r only, as CSV lines
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    end = "END:VCARD" + newline
    if lines and lines[-1].strip().upper() == "END:VCARD":
        end = lines.pop()
    begin = [] if lines and lines[0].strip().upper() == "BEGIN:VCARD" else ["BEGIN:VCARD" + newline]
    reason = fold(f"{REASON_PROPERTY}:{escape(reasons)}").replace("\r\n", newline)
    return "".join([*begin, *lines, reason, end])
