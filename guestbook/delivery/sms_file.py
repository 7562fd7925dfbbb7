"""SMS as a file for any gateway's upload (setting `[sms] provider = "file"`): a CSV in UTF-8
with a header row and one SMS a row: the number in E.164 (+33612345678), the text, and how many
segments it takes (the caller's count, from its SMS counter: this module does not count).

Comma-separated, no byte order mark, CRLF line ends (RFC 4180): what upload forms take; a text
with a line break or a comma is quoted as CSV quotes it. The file is for a gateway, not for a
spreadsheet: cells are written as they are sent (no "'" before a leading "+" or "="). The
header's words follow the interface's language, like every export header.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from guestbook.delivery.files import written_aside
from guestbook.i18n import N_, _

HEADER = (N_("Phone number"), N_("Text"), N_("Segments"))


@dataclass(frozen=True)
class SmsLine:
    number_e164: str
    text: str
    segments: int


def write_sms_file(
    path: Path, lines: Iterable[SmsLine], on_progress: Callable[[int], None] | None = None
) -> int:
    """Write the SMS to `path` (written aside, then renamed); returns how many rows it holds.
    `on_progress` gets the rows written so far, every 1,000 rows and at the end; raising in it
    stops the run and leaves no file."""
    written = 0
    with written_aside(path) as binary:
        handle = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([_(word) for word in HEADER])
        for line in lines:
            writer.writerow([line.number_e164, line.text, line.segments])
            written += 1
            if on_progress is not None and written % 1000 == 0:
                on_progress(written)
        handle.flush()
        handle.detach()  # the file is closed by written_aside, after its fsync
    if on_progress is not None:
        on_progress(written)
    return written
