"""Guest feedback (product.md, "Feedback"): the two scores, how they were given, and what is low.

A Customer Effort Score runs from 1 to 7 ("Chez Nous made it easy for me to…": 7 is easy), a
satisfaction score from 1 to 5. A CES of 3 or less, or a satisfaction of 2 or less, is low: it
shows on the card and puts a `feedback` call on the agenda (the owner phones back), once per
response.
"""

from __future__ import annotations

from guestbook.i18n import N_

CES_RANGE = (1, 7)
SATISFACTION_RANGE = (1, 5)
LOW_CES = 3  # this or less is low
LOW_SATISFACTION = 2  # this or less is low

# How the feedback was given; stored as the key, shown as the label (translated where shown).
FEEDBACK_CHANNELS: tuple[str, ...] = ("in_person", "phone", "paper", "email")
FEEDBACK_CHANNEL_LABELS = {
    "in_person": N_("in person"),
    "phone": N_("by phone"),
    "paper": N_("on paper"),
    "email": N_("by email"),
}


def is_low(ces: int | None, satisfaction: int | None) -> bool:
    """Whether a response asks for the owner's call back."""
    return (ces is not None and ces <= LOW_CES) or (
        satisfaction is not None and satisfaction <= LOW_SATISFACTION
    )
