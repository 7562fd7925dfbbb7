"""Why the chef calls a guest: the one list of call reasons, with what names them and whether
the call is canvassing (it then needs the guest's recorded consent to be called, since the
law of 11 August 2026; a service call does not).

Adding a reason: an entry here, the statement arm that finds its calls
(storage.sqlite.agenda, or a small statement of its own merged in, as feedback_calls and
notice_calls are), how a call for it is described, and a migration for the CHECK
constraint. Nothing else lists the reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from guestbook.i18n import N_


class Reason(StrEnum):
    BIRTHDAY = "birthday"
    REFERRAL_THANKS = "referral_thanks"
    WINBACK = "winback"
    FEEDBACK = "feedback"
    NOTICE = "notice"

    @property
    def info(self) -> ReasonInfo:
        return REGISTRY[self]


@dataclass(frozen=True)
class ReasonInfo:
    label: str  # what staff call it (English, marked: shown through `_`)
    canvassing: bool  # commercial: only to guests who agreed to be called


REGISTRY: dict[Reason, ReasonInfo] = {
    Reason.BIRTHDAY: ReasonInfo(N_("Birthday"), canvassing=True),
    Reason.REFERRAL_THANKS: ReasonInfo(N_("Thank-you"), canvassing=True),
    Reason.WINBACK: ReasonInfo(N_("We miss you"), canvassing=True),
    # A low score (domain.feedback.is_low): the owner calls back about what went wrong, a
    # service call, not canvassing (product.md, "Data rights": feedback calls need no consent).
    Reason.FEEDBACK: ReasonInfo(N_("Feedback"), canvassing=False),
    # A message sent by phone (issue 16): its recipients to call are read the message, a
    # service call when the message is an incident notice (consent is the message's own rule:
    # the plan only picks a channel the message may use).
    Reason.NOTICE: ReasonInfo(N_("Notice"), canvassing=False),
}

REASONS: tuple[str, ...] = tuple(reason.value for reason in Reason)
