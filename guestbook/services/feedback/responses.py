"""A guest's responses, newest first: for the card (the latest few, and how many more), and
whole for the access bundle."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.feedback import is_low, low_sql
from guestbook.services.context import Services
from guestbook.storage.sqlite.raw import as_moment

RECENT = 3  # the responses a card lists; "n more" counts the rest


@dataclass(frozen=True)
class FeedbackResponse:
    feedback_id: int
    at: dt.datetime  # UTC
    ces: int | None
    satisfaction: int | None
    comment: str
    channel: str  # domain.feedback.FEEDBACK_CHANNELS
    staff: str
    visit_id: int | None
    called_back_at: dt.datetime | None  # when someone first spoke to the guest about it

    @property
    def low(self) -> bool:
        return is_low(self.ces, self.satisfaction)

    @property
    def to_call_back(self) -> bool:
        """Low, and nobody spoke to the guest about it yet."""
        return self.low and self.called_back_at is None


@dataclass(frozen=True)
class GuestFeedback:
    responses: tuple[FeedbackResponse, ...]  # newest first: the latest `recent`
    total: int  # every response the guest gave
    to_call_back: int  # of all of them, the low ones nobody spoke to the guest about yet

    @property
    def more(self) -> int:
        """The responses not listed."""
        return self.total - len(self.responses)


def guest_feedback(services: Services, guest_id: int, *, recent: int = RECENT) -> GuestFeedback:
    """`guest_id`'s latest `recent` responses, newest first, and the counts of all of them."""
    return services.read(lambda connection: read_guest_feedback(connection, guest_id, recent))


def read_guest_feedback(connection: Connection, guest_id: int, recent: int) -> GuestFeedback:
    """guest_feedback in the caller's connection (the access bundle reads them all)."""
    params = {"id": guest_id, "recent": recent}
    rows = connection.execute(
        text(
            "SELECT id, at, ces, satisfaction, comment, channel, staff, visit_id, called_back_at "
            "FROM feedback WHERE guest_id = :id ORDER BY at DESC, id DESC LIMIT :recent"
        ),
        params,
    ).all()
    total, open_low = connection.execute(
        text(
            "SELECT count(*), coalesce(sum(CASE WHEN"
            f" {low_sql()} AND called_back_at IS NULL THEN 1 ELSE 0 END), 0) "
            "FROM feedback WHERE guest_id = :id"
        ),
        params,
    ).one()
    responses = tuple(
        FeedbackResponse(
            int(id_),
            stored_moment(at),
            ces,
            satisfaction,
            str(comment),
            str(channel),
            str(staff),
            visit,
            None if called is None else stored_moment(called),
        )
        for id_, at, ces, satisfaction, comment, channel, staff, visit, called in rows
    )
    return GuestFeedback(responses, int(total), int(open_low))


def stored_moment(value: object) -> dt.datetime:
    """A stored timestamp (naive UTC text on SQLite) as an aware UTC datetime."""
    return as_moment(value).astimezone(dt.UTC)
