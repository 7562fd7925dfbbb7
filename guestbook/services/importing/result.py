"""What an import did, row by row and in all: what the CLI and the app show, and what
`guestbook import --json` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guestbook.exchange.csv_read import ENCODING_NAMES
from guestbook.exchange.date_order import DateOrderChoice
from guestbook.i18n import _, ngettext, number
from guestbook.services.importing.match import Action


@dataclass(frozen=True, slots=True)
class RowOutcome:
    line: int
    name: str
    action: Action
    # The guest created or merged into; None for a guest a dry run would create (the number
    # is given when the guest is written: the preview promises none).
    guest_id: int | None = None
    merged_into: str = ""  # 'Hélène Dupont (#12)', or 'Hélène Dupont' for a row above
    reasons: tuple[str, ...] = ()
    into_row: int = 0  # merged into the guest a row above in this file created: its line
    allergy_notes: tuple[str, ...] = ()  # parts of its notes about an allergy (to check)
    visits: int = 0  # visits it brought as history

    def target(self) -> str:
        """Where a merged row went, in words: 'Hélène Dupont (#12)', or the row above in the
        same file that made the guest."""
        if self.into_row:
            return _("the guest of line {line} above ({guest})").format(
                line=number(self.into_row), guest=self.merged_into
            )
        return self.merged_into


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
    no_contact_columns: bool = False
    encoding: str = ""
    delimiter: str = ""
    batch_id: int | None = None
    imported_before: str | None = None  # when this very file was last imported, if it was
    lines: int = 0  # a CSV's physical lines (a row may span several)
    odd_lines: int = 0  # rows rejected as written in another encoding than the file's
    odd_encoding: str = ""
    # The pairs of guests flagged as possible duplicates: 'Hélène Dupont and Marc Dupont
    # (same phone +33612345678)'.
    duplicates: tuple[str, ...] = ()
    date_order: DateOrderChoice = field(default_factory=DateOrderChoice)

    @property
    def merged_into_rows(self) -> int:
        """Rows merged into a guest a row above in the same file created."""
        return sum(1 for outcome in self.outcomes if outcome.into_row)

    @property
    def allergy_notes(self) -> tuple[RowOutcome, ...]:
        """The rows whose notes spoke of an allergy: moved to allergies, to check."""
        return tuple(outcome for outcome in self.outcomes if outcome.allergy_notes)

    @property
    def visits(self) -> int:
        """Visits imported as history."""
        return sum(outcome.visits for outcome in self.outcomes)

    def history_note(self) -> str:
        """The sentence about the visits brought as history ("" when none were)."""
        if not self.visits:
            return ""
        return ngettext(
            "Visit history: {count} visit, so the agenda knows the regulars.",
            "Visit history: {count} visits, so the agenda knows the regulars.",
            self.visits,
        ).format(count=number(self.visits))

    def allergy_note(self) -> str:
        """The sentence about notes that spoke of an allergy ("" when none did)."""
        rows = len(self.allergy_notes)
        if not rows:
            return ""
        return ngettext(
            "{count} row has notes about an allergy: they go to allergies (never exported), "
            "to check on the card.",
            "{count} rows have notes about an allergy: they go to allergies (never exported), "
            "to check on the card.",
            rows,
        ).format(count=number(rows))

    def column_notes(self) -> list[str]:
        """What the file's columns leave out, said loudly in the preview and the summary: the
        warning when no phone nor email column was found, then the columns not imported."""
        notes = [self.contact_warning()] if self.no_contact_columns else []
        if self.ignored_columns:
            notes.append(
                _("Columns not imported: {columns}.").format(
                    columns=", ".join(self.ignored_columns)
                )
            )
        return notes

    def contact_warning(self) -> str:
        """The warning for a file in which no phone nor email column was found ("" otherwise):
        said in the preview, before anything is written."""
        if not self.no_contact_columns:
            return ""
        return _(
            "Warning: no column of this file was read as a phone or an email, so none of its "
            "guests could be called or written to. Check the columns not imported below."
        )

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
            "no_contact_columns": self.no_contact_columns,
            "date_order": self.date_order.to_json(),
            "merged_into_rows": self.merged_into_rows,
            "visits": self.visits,
            "duplicates": list(self.duplicates),
            "allergy_notes": [
                {"line": o.line, "name": o.name, "notes": list(o.allergy_notes)}
                for o in self.allergy_notes
            ],
            "rejects": [
                {"line": o.line, "name": o.name, "reasons": list(o.reasons)}
                for o in self.outcomes
                if o.action == "rejected"
            ],
        }
