"""`guestbook today --json`: the stable contract of shared/product.md, field for field."""

from __future__ import annotations

from typing import Any

from guestbook.services.agenda import Agenda, AgendaCall


def call_to_json(call: AgendaCall) -> dict[str, Any]:
    return {
        "guest_id": call.guest_id,
        "name": call.name,
        "phone": call.phone,
        "reason": call.reason.value,
        "due_on": call.due_on.isoformat(),
        "event_on": call.event_on.isoformat(),
        "status": call.status.value,
        "partner": call.partner,
        "turning": call.turning,
        "attempts": call.attempts,
        "rewards_owed": call.rewards_owed,
        # More than the contract asks, for scripts that want it.
        "milestone": call.milestone,
        "last_outcome": call.last_outcome.value if call.last_outcome else None,
        "last_visit_on": call.last_visit_on.isoformat() if call.last_visit_on else None,
        "referred": call.referred_name,
    }


def agenda_to_json(agenda: Agenda) -> dict[str, Any]:
    return {
        "date": agenda.date.isoformat(),
        "calls": [call_to_json(call) for call in agenda.calls],
        "left_out": {
            "no_phone": agenda.left_out_no_phone,
            "no_consent": agenda.left_out_no_consent,
        },
    }
