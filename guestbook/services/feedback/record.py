"""Recording one response: its scores checked, its guest a guest who is still there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import text

from guestbook.domain.feedback import check_response, is_low
from guestbook.errors import UserError
from guestbook.i18n import _, date_text
from guestbook.services.context import Services
from guestbook.services.feedback.responses import stored_moment

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True)
class FeedbackRecorded:
    feedback_id: int
    low: bool  # domain.feedback.is_low: the owner is to call back
    call_planned: bool  # low, and a number to call: a feedback call is on the agenda


def record_feedback(
    services: Services,
    guest_id: int,
    *,
    ces: int | None = None,
    satisfaction: int | None = None,
    comment: str = "",
    channel: str = "in_person",
    visit_id: int | None = None,
    staff: str | None = None,
) -> FeedbackRecorded:
    """Record what `guest_id` said, in one transaction. FieldErrors for scores off their
    scale, no score at all or an unknown channel (domain.feedback.check_response); UserError
    for a guest who does not exist or was erased, or a visit that is not theirs. `staff`: who
    recorded it (the session's staff name when not given)."""
    check_response(ces, satisfaction, channel)
    now = services.clock.now()
    who = services.staff if staff is None else staff

    def work(session: Session) -> FeedbackRecorded:
        # The ORM table is imported on the first write, as every write path does.
        from guestbook.storage.feedback_tables import Feedback

        phone = _callable_guest(session, guest_id)
        if visit_id is not None:
            _check_visit(session, guest_id, visit_id)
        response = Feedback(
            guest_id=guest_id,
            at=now,
            ces=ces,
            satisfaction=satisfaction,
            comment=comment.strip(),
            channel=channel,
            staff=who,
            visit_id=visit_id,
        )
        session.add(response)
        session.flush()
        assert response.id is not None
        low = is_low(ces, satisfaction)
        return FeedbackRecorded(response.id, low, low and phone is not None)

    return services.write(work)


def _callable_guest(session: Session, guest_id: int) -> str | None:
    """The guest's number to call (None: none), or UserError for a guest who does not exist
    or was erased (in the words the access bundle refuses them with)."""
    found = session.connection().execute(
        text("SELECT primary_phone, erased_at FROM guest WHERE id = :id"), {"id": guest_id}
    )
    row = found.first()
    if row is None:
        raise UserError(_("guest #{id} does not exist").format(id=guest_id))
    phone, erased = row
    if erased is not None:
        day = date_text(stored_moment(erased).astimezone().date(), "day_month_year")
        raise UserError(
            _("guest #{id} was erased on {day}: nothing is kept about them any more").format(
                id=guest_id, day=day
            )
        )
    return None if phone is None else str(phone)


def _check_visit(session: Session, guest_id: int, visit_id: int) -> None:
    seated = session.connection().execute(
        text("SELECT 1 FROM visit_guest WHERE visit_id = :visit AND guest_id = :guest"),
        {"visit": visit_id, "guest": guest_id},
    )
    if seated.first() is None:
        raise UserError(
            _("visit #{visit} is not one of guest #{id}'s visits").format(
                visit=visit_id, id=guest_id
            )
        )
