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
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from guestbook.domain.dates import DateOrder
from guestbook.errors import UserError
from guestbook.exchange.guest_file import (
    CannotRead,
    GuestFile,
    NotAGuestList,
    SourceRow,
    read_guest_file,
)
from guestbook.exchange.rejects import write_rejects
from guestbook.i18n import _
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.importing import store
from guestbook.services.importing.guests import GuestState
from guestbook.services.importing.match import Action, Matcher
from guestbook.services.importing.result import ImportResult, RowOutcome
from guestbook.services.importing.rows import ValidRow, check_row
from guestbook.services.importing.undo import UndoResult, last_import, undo_last_import
from guestbook.services.rights import audit

__all__ = [
    "ImportResult",
    "RowOutcome",
    "UndoResult",
    "import_file",
    "last_import",
    "undo_last_import",
]

CHUNK_ROWS = 2000


def import_file(
    services: Services,
    path: Path,
    *,
    dry_run: bool = False,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
    date_order: DateOrder | None = None,
    before_writing: Callable[[GuestFile], None] | None = None,
) -> ImportResult:
    """Import `path`; UserError if it is not a guest list (nothing is written then).

    The rejects file is written to `rejects_path` when rows are rejected (a dry run writes it
    too when asked, so the owner can fix rows before importing). `date_order` overrides the
    order the file's all-digit dates were found to be in (exchange.date_order).
    `before_writing` sees the file once read, before anything is written (a real import only):
    it may raise UserError to stop (the CLI asks about a file without phone nor email columns).
    """
    with cycle_collector_paused():
        source = _read(path)
        if date_order is not None and date_order != source.date_order.order:
            source = replace(source, date_order=source.date_order.switched(date_order))
        check_rejects_path(rejects_path, path)
        if before_writing is not None and not dry_run:
            before_writing(source)
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


def check_rejects_path(rejects_path: Path | None, path: Path) -> None:
    if rejects_path is None:
        return
    if rejects_path.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=rejects_path))
    if os.path.realpath(rejects_path) == os.path.realpath(path):
        raise UserError(
            _("the rejects file cannot be the file being imported: choose another name")
        )


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
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
        self.at = services.clock.now()
        self.now = store.stamp(self.at)
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
        # Translators: the note of an allergy an import found in a guest's notes (on the card).
        self.matcher = Matcher(self.connection, self.ids["guest"], _("from the notes: to check"))
        total = len(source.rows)
        for start in range(0, total, CHUNK_ROWS):
            check_cancel(cancel)
            self._chunk(source.rows[start : start + CHUNK_ROWS])
            report(progress, min(start + CHUNK_ROWS, total), total)
        check_cancel(cancel)
        flagged, duplicates = self._finish(batch_id)
        counts = {action: 0 for action in ("new", "merged", "rejected")}
        for outcome in self.outcomes:
            counts[outcome.action] += 1
        written_rejects = self._write_rejects(rejects_path)
        if batch_id is not None:
            store.finish_batch(
                self.connection, batch_id, counts["new"], counts["merged"], counts["rejected"]
            )
            self._audit(counts)
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
            no_contact_columns=source.no_contact_columns,
            encoding=source.encoding,
            delimiter=source.delimiter,
            batch_id=batch_id,
            imported_before=imported_before,
            lines=source.lines,
            odd_lines=source.odd_lines,
            odd_encoding=source.odd_encoding,
            duplicates=duplicates,
            date_order=source.date_order,
        )

    def _audit(self, counts: dict[str, int]) -> None:
        """The import in the audit, in the import's transaction: the guests it wrote to."""
        new, merged, rejected = counts["new"], counts["merged"], counts["rejected"]
        audit.record(
            self.connection,
            "import",
            at=self.at,
            staff=self.services.staff,
            guests=new + merged,
            detail=audit.import_detail(self.source.name, new, merged, rejected),
        )

    def _write_rejects(self, rejects_path: Path | None) -> Path | None:
        """The rejects file, when there are rejects and a place for them: its path, or None."""
        if not self.rejected or rejects_path is None:
            return None
        try:
            write_rejects(rejects_path, self.source, self.rejected)
        except (OSError, UserError) as error:  # then nothing is imported: no row is lost
            reason = error.strerror if isinstance(error, OSError) else None
            raise UserError(
                _("cannot write the rejects file {path}: {error}").format(
                    path=rejects_path, error=reason or error
                )
            ) from None
        return rejects_path

    def _chunk(self, rows: list[SourceRow]) -> None:
        order = self.source.date_order.order
        checked: list[tuple[SourceRow, ValidRow | list[str]]] = [
            (
                row,
                check_row(row.line, row.values, today=self.today, region=self.region, order=order),
            )
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
            self.outcomes.append(self._outcome(valid, placement.action, guest))
        if self.write:
            store.insert_guests(self.connection, created, self.now)
            for guest in created:
                guest.dirty = False  # the row just written holds its current values
            touched = list(placed.values())
            store.insert_contacts(self.connection, touched, self.ids)
            store.insert_allergies(self.connection, touched, self.ids)
            store.insert_history(
                self.connection,
                touched,
                self.ids,
                at=self.now,
                occasions=self.occasions,
                settings=self.services.settings,
            )

    def _outcome(self, row: ValidRow, action: Action, guest: GuestState) -> RowOutcome:
        merged = action == "merged"
        brings_history = bool(row.visits) and guest.history_line == row.line
        return RowOutcome(
            row.line,
            row.name,
            action,
            guest.id if self.write or not guest.is_new else None,
            guest.label if merged else "",
            into_row=guest.line if merged and guest.is_new else 0,
            allergy_notes=row.allergy_notes,
            visits=len(row.visits) if brings_history else 0,
        )

    @property
    def occasions(self) -> tuple[str, str]:
        """The occasion of a visit imported as history, on the card: its date known, or
        estimated."""
        name = self.source.name
        return (
            _("history imported from {file}").format(file=name),
            _("history imported from {file}, date estimated").format(file=name),
        )

    def _reject(self, row: SourceRow, reasons: list[str]) -> None:
        values = row.values
        name = " ".join(part for part in (values.first_name, values.last_name) if part)
        self.outcomes.append(RowOutcome(row.line, name, "rejected", reasons=tuple(reasons)))
        self.rejected.append((row, "; ".join(reasons)))

    def _finish(self, batch_id: int | None) -> tuple[int, tuple[str, ...]]:
        """Partner links, then (when writing) every pending change. Returns the number of
        pairs flagged, and the pairs named."""
        matcher = self.matcher
        matcher.link_partners()
        touched = list(matcher.touched.values())
        known = store.known_pairs(self.connection, matcher.pairs)
        fresh = [pair for pair in matcher.pairs if pair not in known]
        named = tuple(self._pair_named(pair) for pair in fresh)
        if not self.write or batch_id is None:
            return len(fresh), named
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
        return len(written), named

    def _pair_named(self, pair: store.Pair) -> str:
        states = self.matcher.states
        reason, _guest = self.matcher.pairs[pair]
        kind, _space, shared = reason.removeprefix("same ").partition(" ")
        first, second = states[pair[0]].name, states[pair[1]].name
        if kind == "phone":
            return _("{first} and {second} (same phone {phone})").format(
                first=first, second=second, phone=shared
            )
        return _("{first} and {second} (same email {email})").format(
            first=first, second=second, email=shared
        )
