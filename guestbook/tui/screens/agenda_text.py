"""The agenda's words: a call's two lines, the day's summary, the birthdays left out."""

from __future__ import annotations

from rich.text import Text

from guestbook.domain.contact import format_phone
from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.describe import describe_reason


def call_prompt(call: AgendaCall, region: str) -> Text:
    line = Text()
    line.append(f"{call.name:<26.26}", style="bold")
    line.append(f" {format_phone(call.phone, region):<18}")
    line.append(describe_reason(call), style="bold" if call.milestone else "")
    details: list[str] = []
    if call.partner:
        details.append(_("invite {name}").format(name=call.partner))
    if call.last_visit_on:
        day = date_text(call.last_visit_on, "day_month_year")
        details.append(_("last visit {day}").format(day=day))
    if call.attempts:
        last = call.last_outcome.label if call.last_outcome else ""
        attempts = ngettext(
            "{count} attempt ({outcome})", "{count} attempts ({outcome})", call.attempts
        )
        details.append(attempts.format(count=number(call.attempts), outcome=last))
    line.append("\n" + " " * 2)
    line.append(" · ".join(details) or _("first call"), style="dim")
    if call.rewards_owed:
        owed = ngettext("{count} reward owed", "{count} rewards owed", call.rewards_owed)
        line.append(f"  ◆ {owed.format(count=number(call.rewards_owed))}", style="bold green")
    return line


def summary(agenda: Agenda, upcoming_days: int) -> str:
    """'5 calls today, 2 overdue · 3 in the next 7 days'."""
    due = ngettext(
        "{count} call today, {overdue} overdue",
        "{count} calls today, {overdue} overdue",
        agenda.due_today,
    ).format(count=number(agenda.due_today), overdue=number(agenda.overdue))
    upcoming = agenda.upcoming
    if not upcoming:
        return due
    coming = ngettext(
        "{count} in the next {days} day", "{count} in the next {days} days", upcoming_days
    ).format(count=number(upcoming), days=upcoming_days)
    return f"{due} · {coming}"


def left_out(agenda: Agenda) -> str:
    """The birthdays no call was made for, and why ('' when none)."""
    if not (agenda.left_out_no_phone or agenda.left_out_no_consent):
        return ""
    return _(
        "Birthdays left out: {no_phone} without a phone number, {no_consent} without "
        "consent to be called — ask at checkout."
    ).format(
        no_phone=number(agenda.left_out_no_phone),
        no_consent=number(agenda.left_out_no_consent),
    )
