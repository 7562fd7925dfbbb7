"""Words for an agenda call, shared by the terminal table and the app."""

from __future__ import annotations

from guestbook.domain.calls import Reason
from guestbook.services.agenda.calls import AgendaCall


def describe_reason(call: AgendaCall) -> str:
    """'Birthday Sat 29 Nov, turning 50' / 'Thanks for bringing Léa' / 'Missed: usually every 21 days'."""
    if call.reason is Reason.BIRTHDAY:
        text = f"Birthday {call.event_on:%a %-d %b}"
        if call.turning is not None:
            text += f", turning {call.turning}"
            if call.milestone:
                text += " ◆"
        return text
    if call.reason is Reason.REFERRAL_THANKS:
        return f"Thank them for bringing {call.referred_name or 'a friend'}"
    interval = f"usually every {call.usual_interval_days} days" if call.usual_interval_days else ""
    last = f"last came {call.last_visit_on:%-d %b}" if call.last_visit_on else ""
    return "We miss you: " + ", ".join(part for part in (last, interval) if part)
