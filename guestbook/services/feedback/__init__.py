"""Guests' feedback (product.md, "Feedback"): a response recorded at checkout, after a call or
from the card, and the responses a guest gave, newest first.

A low response (domain.feedback.is_low) needs nothing more here: the agenda finds it among
the responses still to call back about (storage.sqlite.agenda, its feedback arm) and lists
one call for it until someone spoke to the guest about it (services.agenda.log).
"""

from guestbook.services.feedback.record import FeedbackRecorded, record_feedback
from guestbook.services.feedback.responses import (
    FeedbackResponse,
    GuestFeedback,
    guest_feedback,
    read_guest_feedback,
)

__all__ = [
    "FeedbackRecorded",
    "FeedbackResponse",
    "GuestFeedback",
    "guest_feedback",
    "read_guest_feedback",
    "record_feedback",
]
