"""The feedback table (migrations 0005, 0007), beside tables.py (which is full) and on its
metadata: tables.py is imported first, for its naming convention, and imports this module in
turn, so importing either registers both."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

import guestbook.storage.tables  # noqa: F401  (first: the metadata and the tables referred to)
from guestbook.domain import channels
from guestbook.domain.feedback import FEEDBACK_CHANNELS, low_sql
from guestbook.storage.dialects import partial_index
from guestbook.storage.sqlite.feedback_calls import CALL_BACK_SQL


class Feedback(SQLModel, table=True):
    """A guest's feedback (product.md, "Feedback"): a Customer Effort Score (1-7) and/or a
    satisfaction score (1-5), with a comment and how it was given. A low score puts a
    `feedback` call on the agenda, once per response, until someone spoke to the guest about
    it (called_back_at: the first call attempt on it that reached, booked or declined)."""

    __tablename__ = "feedback"
    __table_args__ = (
        Index("ix_feedback_guest", "guest_id", "at"),
        Index("ix_feedback_at", "at"),
        # The low responses by where they stand (storage.sqlite.feedback_calls): what
        # the agenda reads of this table is one short range of it.
        Index(
            "ix_feedback_to_call",
            text(CALL_BACK_SQL),
            "at",
            "guest_id",
            **partial_index(low_sql()),
        ),
        CheckConstraint("ces IS NULL OR ces BETWEEN 1 AND 7", name="ces"),
        CheckConstraint(
            "satisfaction IS NULL OR satisfaction BETWEEN 1 AND 5", name="satisfaction"
        ),
        CheckConstraint("ces IS NOT NULL OR satisfaction IS NOT NULL", name="a_score"),
        CheckConstraint(
            f"channel IN ({channels.sql_list(FEEDBACK_CHANNELS)})", name="feedback_channel"
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("guest.id", ondelete="CASCADE"), nullable=False)
    )
    at: dt.datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    ces: int | None = None
    satisfaction: int | None = None
    comment: str = ""
    channel: str  # FEEDBACK_CHANNELS
    staff: str = ""
    visit_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("visit.id", ondelete="SET NULL"))
    )
    called_back_at: dt.datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
