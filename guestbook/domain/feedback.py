"""Guest feedback (product.md, "Feedback"): the two scores, how they were given, and what is low.

A Customer Effort Score runs from 1 to 7 ("Chez Nous made it easy for me to…": 7 is easy), a
satisfaction score from 1 to 5. A CES of 3 or less, or a satisfaction of 2 or less, is low: it
shows on the card and puts a `feedback` call on the agenda (the owner phones back), once per
response.
"""

from __future__ import annotations

from guestbook.errors import FieldErrors
from guestbook.i18n import N_, _, quoted

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


def low_sql(alias: str = "") -> str:
    """`is_low` as an SQL condition on a feedback row (`alias.` before each column when
    given): the agenda's statement and the partial index of the responses to call back about
    share it, word for word, so SQLite can tell that the index serves the statement."""
    column = f"{alias}." if alias else ""
    return f"({column}ces <= {LOW_CES} OR {column}satisfaction <= {LOW_SATISFACTION})"


def check_response(ces: int | None, satisfaction: int | None, channel: str) -> None:
    """FieldErrors naming every wrong part of a response: a score off its scale, no score at
    all (either may be left out, not both), a channel that is not one of FEEDBACK_CHANNELS."""
    problems: dict[str, str] = {}
    for key, score, (low, high) in (
        ("ces", ces, CES_RANGE),
        ("satisfaction", satisfaction, SATISFACTION_RANGE),
    ):
        if score is not None and not low <= score <= high:
            problems[key] = _("{score} is not on the scale: from {low} to {high}").format(
                score=score, low=low, high=high
            )
    if ces is None and satisfaction is None:
        problems["scores"] = _("give a score: the effort, the satisfaction, or both")
    if channel not in FEEDBACK_CHANNELS:
        problems["channel"] = _("{channel} is not a way feedback is given").format(
            channel=quoted(channel)
        )
    if problems:
        raise FieldErrors(problems)


def scores_text(ces: int | None, satisfaction: int | None) -> str:
    """'effort 2/7 · satisfaction 1/5' (the scores given), in guestbook's language."""
    parts = []
    if ces is not None:
        parts.append(_("effort {score}/{top}").format(score=ces, top=CES_RANGE[1]))
    if satisfaction is not None:
        parts.append(
            _("satisfaction {score}/{top}").format(score=satisfaction, top=SATISFACTION_RANGE[1])
        )
    return " · ".join(parts)
