"""The tables of messages to guests (issue 16, migration 0008), beside tables.py (which is full)
and on its metadata, registered from tables.py like visit_import_tables.

A message is what the owner wrote and for whom (its purpose and its audience's filters); each
guest it reaches has one delivery row, unique per message and guest, so that sending again never
writes to a guest twice, and the row says what happened: queued, sent, failed (retried on the
next send) or skipped, with the reason, the channel and address used, and the legal basis.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Column, DateTime, ForeignKey, Index, Integer, text
from sqlmodel import Field, SQLModel

import guestbook.storage.tables  # noqa: F401  (first: the metadata and the tables referred to)
from guestbook.domain import channels
from guestbook.domain.deliveries import DELIVERY_STATES
from guestbook.domain.purposes import PURPOSES
from guestbook.storage.dialects import partial_index
from guestbook.storage.sqlite.notice_calls import ended_sql, handed_over_sql

LEGAL_BASES: tuple[str, ...] = ("consent", "service notice")


def _moment(*, nullable: bool) -> Column[dt.datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        CheckConstraint(f"purpose IN ({channels.sql_list(PURPOSES)})", name="message_purpose"),
    )
    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(sa_column=_moment(nullable=False))
    staff: str = ""
    purpose: str  # domain.purposes
    subject: str
    body: str
    audience_json: str  # domain.audience.Audience.to_json
    channel_order: str  # the order it was planned with, comma-separated channel keys


class MessageDelivery(SQLModel, table=True):
    __tablename__ = "message_delivery"
    __table_args__ = (
        Index("ix_message_delivery_once", "message_id", "guest_id", unique=True),
        Index("ix_message_delivery_guest", "guest_id", "message_id"),
        # The deliveries handed over by phone, by where their call stands: all the agenda
        # reads of messages (storage.sqlite.notice_calls).
        Index(
            "ix_message_delivery_to_call",
            text(f"({ended_sql()})"),  # PostgreSQL: an expression in brackets
            "due_at",
            **partial_index(handed_over_sql()),
        ),
        # No channel ('') for a guest left out (skipped).
        CheckConstraint(f"channel IN ({channels.sql_list()}, '')", name="delivery_channel"),
        CheckConstraint(f"status IN ({channels.sql_list(DELIVERY_STATES)})", name="status"),
        CheckConstraint(f"legal_basis IN ({channels.sql_list(LEGAL_BASES)})", name="legal_basis"),
    )
    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(
        sa_column=Column(Integer, ForeignKey("message.id", ondelete="CASCADE"), nullable=False)
    )
    guest_id: int = Field(
        sa_column=Column(Integer, ForeignKey("guest.id", ondelete="CASCADE"), nullable=False)
    )
    channel: str  # '' when skipped: no channel reaches the guest
    address: str  # the email, number or postal lines used; emptied when the guest is erased
    status: str
    reason: str = ""  # why it failed or was skipped, in words
    legal_basis: str
    attempts: int = 0
    at: dt.datetime = Field(sa_column=_moment(nullable=False))  # the last change
    due_at: dt.datetime | None = Field(default=None, sa_column=_moment(nullable=True))
