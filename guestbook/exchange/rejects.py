"""The rejects file: the rows an import refused, as they were, with a reason column added.

The owner opens it, fixes the cells the reason names, and imports it again: so it keeps the
input's columns and delimiter, and the importer ignores the extra column (its header, in the
language of the import, names no field). A JSON rejects file keeps the key "reason".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path

from guestbook.domain.spreadsheet import neutralise
from guestbook.exchange.atomic import private_text_file
from guestbook.exchange.guest_file import GuestFile, SourceRow
from guestbook.i18n import N_, _

# Translators: the header of the column a rejects file adds (it must not name a guest's field).
REASON_HEADER = N_("reason")  # the CSV's header, translated when written; the JSON's key


def write_rejects(path: Path, source: GuestFile, rejected: Sequence[tuple[SourceRow, str]]) -> None:
    """Write `rejected` (row, reasons as one line) to `path`, mode 0600, atomically."""
    if source.kind == "json":
        _write_json(path, rejected)
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
