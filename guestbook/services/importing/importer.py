"""Importing a guest list from another system (or from guestbook's own export).

Every row ends up new, merged into a guest, or rejected with all its reasons; rejected rows go
to a rejects file the owner can fix and import again. The whole import is one transaction: an
error or a cancel leaves the database as it was. A dry run takes exactly the same decisions and
writes nothing. What an import did is recorded (import_batch, import_change) so that
`undo_last_import` can take it back.

Made to be called from the CLI or from a Textual thread worker: `progress(done, total)` is
called after each chunk of rows, `cancel()` is checked as often.
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from guestbook.errors import UserError
from guestbook.exchange.csv_read import ENCODING_NAMES
from guestbook.exchange.guest_file import (
    CannotRead,
    GuestFile,
    NotAGuestList,
    SourceRow,
    read_guest_file,
)
from guestbook.exchange.rejects import write_rejects
from guestbook.i18n import _, ngettext, number
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.importing import store
from guestbook.services.importing.guests import GuestState
from guestbook.services.importing.match import Action, Matcher
from guestbook.services.importing.rows import ValidRow, check_row
from guestbook.services.importing.undo import UndoResult, last_import, undo_last_import

__all__ = [
    "ImportResult",
    "RowOutcome",
    "UndoResult",
    "import_file",
    "last_import",
    "undo_last_import",
]

CHUNK_ROWS = 2000


@dataclass(frozen=True, slots=True)
class RowOutcome:
    line: int
    name: str
    action: Action
    guest_id: int | None = None  # the guest created or merged into (would-be id in a dry run)
    merged_into: str = ""  # 'Hélène Dupont (#12)' for a merged row
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportResult:
    file_name: str
    rows: int
    new: int
    merged: int
    rejected: int
    duplicates_flagged: int
    rejects_file: Path | None
    dry_run: bool
    outcomes: tuple[RowOutcome, ...]
    ignored_columns: tuple[str, ...] = ()
    encoding: str = ""
    delimiter: str = ""
    batch_id: int | None = None
    imported_before: str | None = None  # when this very file was last imported, if it was
    lines: int = 0  # a CSV's physical lines (a row may span several)
    odd_lines: int = 0  # rows rejected as written in another encoding than the file's
    odd_encoding: str = ""

    def encoding_note(self) -> str:
        """The sentence saying that some lines were in another encoding than the file's ("" when
        none were), for the terminal and the app alike."""
        if not self.odd_lines:
            return ""
        expected = "cp1252" if self.odd_encoding == "utf-8" else "utf-8"
        return ngettext(
            "The file is in {expected}, but {count} line is in {found}: it is among the "
            "rejected rows.",
            "The file is in {expected}, but {count} lines are in {found}: they are among the "
            "rejected rows.",
            self.odd_lines,
        ).format(
            count=number(self.odd_lines),
            expected=ENCODING_NAMES[expected],
            found=ENCODING_NAMES[self.odd_encoding],
        )

    def to_json(self) -> dict[str, Any]:
        """The `guestbook import --json` object (product.md: new, merged, rejected, …)."""
        return {
            "new": self.new,
            "merged": self.merged,
            "rejected": self.rejected,
            "rows": self.rows,
            "lines": self.lines,
            "rejects_file": str(self.rejects_file) if self.rejects_file else None,
            "duplicates_flagged": self.duplicates_flagged,
            "dry_run": self.dry_run,
            "file": self.file_name,
            "imported_before": self.imported_before,
            "ignored_columns": list(self.ignored_columns),
            "rejects": [
                {"line": o.line, "name": o.name, "reasons": list(o.reasons)}
                for o in self.outcomes
                if o.action == "rejected"
            ],
        }


def import_file(
    services: Services,
    path: Path,
    *,
    dry_run: bool = False,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ImportResult:
    """Import `path`; UserError if it is not a guest list (nothing is written then).

    The rejects file is written to `rejects_path` when rows are rejected (a dry run writes it
    too when asked, so the owner can fix rows before importing).
    """
    with _cycle_collector_paused():
        source = _read(path)
        _check_rejects_path(rejects_path, path)
        try:
            return _import(services, source, dry_run, rejects_path, progress, cancel)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            raise UserError(
                _(
                    "the database is busy with another change (an import or a save in the "
                    "app): nothing was imported, try again in a moment"
                )
            ) from None


def _read(path: Path) -> GuestFile:
    try:
        return read_guest_file(path)
    except CannotRead as error:
        raise UserError(_("cannot read {path}: {reason}").format(path=path, reason=error)) from None
    except NotAGuestList as error:
        raise UserError(
            _("{path} is not a guest list: {reason}").format(path=path, reason=error)
        ) from None


def _check_rejects_path(rejects_path: Path | None, path: Path) -> None:
    if rejects_path is None:
        return
    if rejects_path.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=rejects_path))
    if os.path.realpath(rejects_path) == os.path.realpath(path):
        raise UserError(
            _("the rejects file cannot be the file being imported: choose another name")
        )


@contextlib.contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """An import holds a dozen objects per row until it ends and makes no reference cycles:
    the cycle collector would walk them all, again and again, for nothing (a third of the
    time at 100,000 rows). Reference counting still frees everything as usual."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(
    services: Services,
    source: GuestFile,
    dry_run: bool,
    rejects_path: Path | None,
    progress: Progress | None,
    cancel: CancelCheck | None,
) -> ImportResult:
    if dry_run:
        return services.read(
            lambda connection: _Run(services, connection, source, write=False).run(
                rejects_path, progress, cancel
            )
        )
    return services.write(
        lambda session: _Run(services, session.connection(), source, write=True).run(
            rejects_path, progress, cancel
        )
    )


class _Run:
    def __init__(
        self, services: Services, connection: Connection, source: GuestFile, *, write: bool
    ) -> None:
        self.services = services
        self.connection = connection
        self.source = source
        self.write = write
        self.now = store.stamp(services.clock.now())
        self.today = services.clock.today()
        self.region = services.settings.phone_region
        self.outcomes: list[RowOutcome] = []
        self.rejected: list[tuple[SourceRow, str]] = []

    def run(
        self, rejects_path: Path | None, progress: Progress | None, cancel: CancelCheck | None
    ) -> ImportResult:
        source = self.source
        imported_before = store.imported_before(self.connection, source.sha256)
        batch_id = None
        if self.write:
            batch_id = store.insert_batch(
                self.connection, source.name, source.sha256, self.now, self.services.staff
            )
        self.ids = store.next_ids(self.connection)
        self.matcher = Matcher(self.connection, self.ids["guest"])
        total = len(source.rows)
        for start in range(0, total, CHUNK_ROWS):
            check_cancel(cancel)
            self._chunk(source.rows[start : start + CHUNK_ROWS])
            report(progress, min(start + CHUNK_ROWS, total), total)
        check_cancel(cancel)
        flagged = self._finish(batch_id)
        counts = {action: 0 for action in ("new", "merged", "rejected")}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        written_rejects = None
        if self.rejected and rejects_path is not None:
            try:
                write_rejects(rejects_path, source, self.rejected)
            except (OSError, UserError) as error:  # then nothing is imported: no row is lost
                reason = error.strerror if isinstance(error, OSError) else None
                raise UserError(
                    _("cannot write the rejects file {path}: {error}").format(
                        path=rejects_path, error=reason or error
                    )
                ) from None
            written_rejects = rejects_path
        if batch_id is not None:
            store.finish_batch(
                self.connection, batch_id, counts["new"], counts["merged"], counts["rejected"]
            )
        check_cancel(cancel)  # the last moment a cancel still leaves the database untouched
        report(progress, total, total)
        return ImportResult(
            file_name=source.name,
            rows=total,
            new=counts["new"],
            merged=counts["merged"],
            rejected=counts["rejected"],
            duplicates_flagged=flagged,
            rejects_file=written_rejects,
            dry_run=not self.write,
            outcomes=tuple(self.outcomes),
            ignored_columns=source.ignored_columns,
            encoding=source.encoding,
            delimiter=source.delimiter,
            batch_id=batch_id,
            imported_before=imported_before,
            lines=source.lines,
            odd_lines=source.odd_lines,
            odd_encoding=source.odd_encoding,
        )

    def _chunk(self, rows: list[SourceRow]) -> None:
        checked: list[tuple[SourceRow, ValidRow | list[str]]] = [
            (row, check_row(row.line, row.values, today=self.today, region=self.region))
            for row in rows
        ]
        self.matcher.prefetch([valid for _, valid in checked if isinstance(valid, ValidRow)])
        created: list[GuestState] = []
        placed: dict[int, GuestState] = {}
        for row, valid in checked:
            if not isinstance(valid, ValidRow):
                self._reject(row, valid)
                continue
            placement = self.matcher.place(valid)
            guest = placement.guest
            if guest is None:
                self._reject(row, [placement.reason])
                continue
            placed[guest.id] = guest
            if placement.action == "new":
                created.append(guest)
            merged_into = guest.label if placement.action == "merged" else ""
            self.outcomes.append(
                RowOutcome(valid.line, valid.name, placement.action, guest.id, merged_into)
            )
        if self.write:
            store.insert_guests(self.connection, created, self.now)
            for guest in created:
                guest.dirty = False  # the row just written holds its current values
            store.insert_contacts(self.connection, list(placed.values()), self.ids)

    def _reject(self, row: SourceRow, reasons: list[str]) -> None:
        values = row.values
        name = " ".join(part for part in (values.first_name, values.last_name) if part)
        self.outcomes.append(RowOutcome(row.line, name, "rejected", reasons=tuple(reasons)))
        self.rejected.append((row, "; ".join(reasons)))

    def _finish(self, batch_id: int | None) -> int:
        """Partner links, then (when writing) every pending change. Returns pairs flagged."""
        matcher = self.matcher
        matcher.link_partners()
        touched = list(matcher.touched.values())
        if not self.write or batch_id is None:
            known = store.known_pairs(self.connection, matcher.pairs)
            return sum(1 for pair in matcher.pairs if pair not in known)
        connection = self.connection
        reasons = {pair: reason for pair, (reason, _) in matcher.pairs.items()}
        written = store.insert_duplicates(connection, reasons, self.now, self.ids)
        for pair, duplicate_id in written.items():
            target = matcher.states[matcher.pairs[pair][1]]
            if not target.is_new:  # a new guest's flags go when undo removes it
                target.added.setdefault("possible_duplicate", []).append(duplicate_id)
                target.changed = target.dirty = True
        store.update_guests(connection, [g for g in touched if g.dirty], self.now)
        store.insert_consent(
            connection,
            touched,
            self.ids,
            at=self.now,
            staff=self.services.staff,
            source=self.source.name,
        )
        store.insert_changes(connection, batch_id, [g for g in touched if g.changed])
        return len(written)
