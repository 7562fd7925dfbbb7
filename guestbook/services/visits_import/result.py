"""What a visits import did, ticket by ticket and in all: what `guestbook import-visits` shows
and prints with --json. Every ticket is accounted for: recorded, already imported, or rejected
with its reasons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from guestbook.exchange.date_order import DateOrderChoice

Fate = Literal["recorded", "already", "rejected"]


@dataclass(frozen=True, slots=True)
class TicketOutcome:
    line: int
    fate: Fate
    ticket: str = ""  # the ticket's number, "" when the file has none
    guest_id: int | None = None
    guest: str = ""  # 'Hélène Dupont (#12)'
    who: str = ""  # who the ticket names, as written: a name, else its phone or email
    visited_on: dt.date | None = None
    party_size: int = 0
    amount_cents: int = 0
    reasons: tuple[str, ...] = ()
    same_as_line: int = 0  # already imported by a line above in this same file

    def to_json(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "fate": "already_imported" if self.fate == "already" else self.fate,
            "ticket": self.ticket or None,
            "guest_id": self.guest_id,
            "who": self.who,
            "date": self.visited_on.isoformat() if self.visited_on else None,
            "party_size": self.party_size or None,
            "amount_cents": self.amount_cents if self.visited_on else None,
            "reasons": list(self.reasons),
            "same_as_line": self.same_as_line or None,
        }


@dataclass(frozen=True)
class VisitsImportResult:
    file_name: str
    tickets: int
    recorded: int
    already: int
    rejected: int
    dry_run: bool
    outcomes: tuple[TicketOutcome, ...]
    guests: int = 0  # guests with a visit recorded (or to be)
    spend_cents: int = 0  # the recorded tickets' amounts, in all
    rejects_file: Path | None = None
    batch_id: int | None = None
    imported_before: str | None = None  # when this same file was last imported, if it was
    sponsor_rewards: int = 0  # referrals the recorded visits settled (a reward each)
    lines: int = 0
    encoding: str = ""
    delimiter: str = ""
    ignored_columns: tuple[str, ...] = ()
    has_party_size: bool = True
    date_order: DateOrderChoice = field(default_factory=DateOrderChoice)

    def to_json(self) -> dict[str, Any]:
        """The `guestbook import-visits --json` object: the counts, then every ticket."""
        return {
            "file": self.file_name,
            "tickets": self.tickets,
            "recorded": self.recorded,
            "already_imported": self.already,
            "rejected": self.rejected,
            "dry_run": self.dry_run,
            "guests": self.guests,
            "spend_cents": self.spend_cents,
            "rejects_file": str(self.rejects_file) if self.rejects_file else None,
            "batch_id": self.batch_id,
            "imported_before": self.imported_before,
            "sponsor_rewards": self.sponsor_rewards,
            "lines": self.lines,
            "ignored_columns": list(self.ignored_columns),
            "party_size_column": self.has_party_size,
            "date_order": self.date_order.to_json(),
            "outcomes": [outcome.to_json() for outcome in self.outcomes],
        }


@dataclass(frozen=True)
class VisitsImportInfo:
    """The visits import an undo would take back."""

    batch_id: int
    file_name: str
    at: str  # UTC, 'YYYY-MM-DD HH:MM:SS.ffffff'
    tickets: int
    recorded: int
    already: int
    rejected: int

    def to_json(self) -> dict[str, Any]:
        return {
            "batch_id": self.batch_id,
            "file": self.file_name,
            "at": self.at,
            "tickets": self.tickets,
            "recorded": self.recorded,
            "already_imported": self.already,
            "rejected": self.rejected,
        }


@dataclass(frozen=True)
class VisitsUndoResult:
    batch_id: int
    file_name: str
    visits: int  # visits removed
    guests: int  # guests whose visit summaries were recomputed
    sponsor_rewards: int = 0  # sponsor rewards the import had issued, withdrawn

    def to_json(self) -> dict[str, Any]:
        return {
            "undone": self.file_name,
            "batch_id": self.batch_id,
            "visits": self.visits,
            "guests": self.guests,
            "sponsor_rewards": self.sponsor_rewards,
        }
