"""`guestbook today`: a plain table that fits 80 columns, on a terminal, a pipe or paper."""

from __future__ import annotations

from guestbook.domain.calls import CallStatus
from guestbook.domain.contact import format_phone
from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.describe import describe_reason
from guestbook.settings import Settings

_HEADINGS = {
    CallStatus.OVERDUE: N_("Overdue"),
    CallStatus.TODAY: N_("Today"),
    CallStatus.UPCOMING: N_("Next days"),
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
        details.append(_("invite {partner}").format(partner=call.partner))
    if call.attempts:
        details.append(
            ngettext("{count} attempt", "{count} attempts", call.attempts).format(
                count=number(call.attempts)
            )
        )
    if call.rewards_owed:
        details.append(
            ngettext("{count} reward owed", "{count} rewards owed", call.rewards_owed).format(
                count=number(call.rewards_owed)
            )
        )
    lines = [head.rstrip()]
    if details:
        lines.append(" " * (name_width + 2) + _clip(" · ".join(details), width - name_width - 2))
    return lines


def render_agenda(agenda: Agenda, settings: Settings, *, width: int = 80) -> str:
    lines = [
        _("{restaurant} — calls for {day}").format(
            restaurant=settings.restaurant_name, day=date_text(agenda.date, "long")
        ),
        ngettext(
            "{count} call today, {overdue} overdue",
            "{count} calls today, {overdue} overdue",
            agenda.due_today,
        ).format(count=number(agenda.due_today), overdue=number(agenda.overdue)),
    ]
    for status, heading in _HEADINGS.items():
        calls = agenda.with_status(status)
        if not calls:
            continue
        lines += ["", f"{_(heading)} ({number(len(calls))})", "-" * min(width, 40)]
        for call in calls:
            lines += _row(call, settings, width)
    if not agenda.calls:
        lines += ["", _("Nobody to call. Enjoy the service!")]
    left_out = agenda.left_out_no_phone + agenda.left_out_no_consent
    if left_out:
        lines += [
            "",
            # Translators: the English says "birthday(s)" whatever the count; the French
            # agrees with {no_phone}.
            ngettext(
                "Left out: {no_phone} birthday(s) without a phone number, {no_consent} "
                "without consent to be called.",
                "Left out: {no_phone} birthday(s) without a phone number, {no_consent} "
                "without consent to be called.",
                agenda.left_out_no_phone,
            ).format(
                no_phone=number(agenda.left_out_no_phone),
                no_consent=number(agenda.left_out_no_consent),
            ),
        ]
    return "\n".join(lines)
