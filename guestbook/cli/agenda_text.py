"""`guestbook today`: a plain table that fits 80 columns, on a terminal, a pipe or paper."""

from __future__ import annotations

from guestbook.domain.calls import CallStatus
from guestbook.domain.contact import format_phone
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.describe import describe_reason
from guestbook.settings import Settings

_HEADINGS = {
    CallStatus.OVERDUE: "Overdue",
    CallStatus.TODAY: "Today",
    CallStatus.UPCOMING: "Next days",
}


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _row(call: AgendaCall, settings: Settings, width: int) -> list[str]:
    name_width = 22
    phone_width = 17
    rest = max(20, width - name_width - phone_width - 4)
    head = (
        f"{_clip(call.name, name_width):<{name_width}}  "
        f"{format_phone(call.phone, settings.phone_region):<{phone_width}}  "
        f"{_clip(describe_reason(call), rest)}"
    )
    details = []
    if call.partner:
        details.append(f"invite {call.partner}")
    if call.attempts:
        details.append(f"{call.attempts} attempt{'s' if call.attempts > 1 else ''}")
    if call.rewards_owed:
        details.append(f"{call.rewards_owed} reward{'s' if call.rewards_owed > 1 else ''} owed")
    lines = [head.rstrip()]
    if details:
        lines.append(" " * (name_width + 2) + _clip(" · ".join(details), width - name_width - 2))
    return lines


def render_agenda(agenda: Agenda, settings: Settings, *, width: int = 80) -> str:
    lines = [
        f"{settings.restaurant_name} — calls for {agenda.date:%A %d %B %Y}",
        f"{agenda.due_today:,} call{'s' if agenda.due_today != 1 else ''} today, "
        f"{agenda.overdue:,} overdue",
    ]
    for status, heading in _HEADINGS.items():
        calls = agenda.with_status(status)
        if not calls:
            continue
        lines += ["", f"{heading} ({len(calls)})", "-" * min(width, 40)]
        for call in calls:
            lines += _row(call, settings, width)
    if not agenda.calls:
        lines += ["", "Nobody to call. Enjoy the service!"]
    left_out = agenda.left_out_no_phone + agenda.left_out_no_consent
    if left_out:
        lines += [
            "",
            f"Left out: {agenda.left_out_no_phone:,} birthday(s) without a phone number, "
            f"{agenda.left_out_no_consent:,} without consent to be called.",
        ]
    return "\n".join(lines)
