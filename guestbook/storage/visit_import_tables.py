"""The tables of the visits import (`guestbook import-visits`, migration 0006), beside
tables.py (which is full) and on its metadata: tables.py is imported first, for its naming
convention, and imports this module in turn, so importing either registers both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, DateTime, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

import guestbook.storage.tables  # noqa: F401  (first: the metadata and the tables referred to)


class VisitImport(SQLModel, table=True):
    """A till's file of tickets imported as visits: what it did, and what undoing it needs
    besides its visits (the referrals they settled, with the rewards issued: undo_json)."""

    __tablename__ = "visit_import"
    id: int | None = Field(default=None, primary_key=True)
    file_name: str
    file_sha256: str = Field(index=True)
    at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    staff: str = ""
    tickets: int = 0
    recorded_count: int = 0
    already_count: int = 0
    rejected_count: int = 0
    undo_json: str = ""
    undone_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )


class VisitImportTicket(SQLModel, table=True):
    """The ticket a visit was recorded from: its import, and its key (the ticket's date and
    number; None when the file numbers none), so that no ticket is recorded twice."""

    __tablename__ = "visit_import_ticket"
    __table_args__ = (
        Index("ix_visit_import_ticket_batch", "batch_id"),
        Index("ix_visit_import_ticket_visit", "visit_id"),
        Index("ix_visit_import_ticket_key", "ticket_key", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(
        sa_column=Column(Integer, ForeignKey("visit_import.id", ondelete="CASCADE"), nullable=False)
    )
    visit_id: int = Field(
        sa_column=Column(Integer, ForeignKey("visit.id", ondelete="CASCADE"), nullable=False)
    )
    ticket_key: str | None = None
    line: int = 0  # the ticket's line in its file


# A table's seats by visit: undo deletes visits by the thousand, and deleting one deletes its
# seats; a guest's seat counts the known guests at the same table. Without it both read the
# whole of visit_guest.
_SEATS = SQLModel.metadata.tables["visit_guest"]
Index("ix_visit_guest_visit", _SEATS.c.visit_id, _SEATS.c.guest_id)
