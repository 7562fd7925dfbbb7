"""`guestbook today`: a plain table that fits 80 columns, on a terminal, a pipe or paper.

Nothing is cut: a long name or reason wraps within its column (the interval of a win-back is
often the point of the call)."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from itertools import zip_longest

from guestbook.domain.calls import CallStatus
from guestbook.domain.contact import format_phone
from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.describe import attempts_text, describe_reason
from guestbook.services.agenda.missed import LeftOutGuest
from guestbook.settings import Settings

_HEADINGS = {
    CallStatus.OVERDUE: N_("Overdue"),
    CallStatus.TODAY: N_("Today"),
    CallStatus.UPCOMING: N_("Next days"),
}
_MISSING = {  # English, marked: shown through `_`
    "no_phone": N_("no phone number"),
    "no_consent": N_("no consent to be called"),
}
NAME_WIDTH = 22
PHONE_WIDTH = 17
LEFT_OUT_LISTED = 30  # the guests left out named here; `today --json` lists them all


# A day and its month ("17 sept.", "17 Sep") stay on one line: glued for the wrap only.
_DAY_MONTH = re.compile(r"\b(\d{1,2}) (?=[^\W\d_])")
_GLUE = "\u00a0"  # textwrap breaks at ASCII whitespace only


def _wrap(text: str, width: int, *, hyphens: bool = False) -> list[str]:
    glued = _DAY_MONTH.sub(rf"\1{_GLUE}", text)
    lines = textwrap.wrap(glued, width, break_on_hyphens=hyphens) or [""]
    return [line.replace(_GLUE, " ") for line in lines]


def _row(call: AgendaCall, settings: Settings, width: int) -> list[str]:
    reason_width = max(20, width - NAME_WIDTH - PHONE_WIDTH - 4)
    names = _wrap(call.name, NAME_WIDTH, hyphens=True)  # Marie-Bérénice-|Alexandrine
    phones = [format_phone(call.phone, settings.phone_region)]
    reasons = _wrap(describe_reason(call), reason_width)
    lines = [
        f"{name:<{NAME_WIDTH}}  {phone:<{PHONE_WIDTH}}  {reason}".rstrip()
        for name, phone, reason in zip_longest(names, phones, reasons, fillvalue="")
    ]
    details = []
    if call.partner:
        details.append(_("invite {partner}").format(partner=call.partner))
    if call.attempts:
        details.append(attempts_text(call.attempts, call.last_outcome))
    if call.rewards_owed:
        details.append(
            ngettext("{count} reward owed", "{count} rewards owed", call.rewards_owed).format(
                count=number(call.rewards_owed)
            )
        )
    indent = " " * (NAME_WIDTH + 2)
    if details:
        lines += textwrap.wrap(
            " · ".join(details),
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_on_hyphens=False,
        )
    return lines


def render_agenda(
    agenda: Agenda,
    settings: Settings,
    *,
    width: int = 80,
    left_out_guests: Sequence[LeftOutGuest] = (),
) -> str:
    lines = [
        _("{restaurant} — calls for {day}").format(
            # A site's agenda says whose: "Chez Nous · Bastille".
            restaurant=" · ".join(filter(None, (settings.restaurant_name, agenda.site))),
            day=date_text(agenda.date, "long"),
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
    if agenda.left_out_no_phone or agenda.left_out_no_consent:
        lines += ["", *_left_out(agenda, left_out_guests, width)]
    return "\n".join(lines)


def _left_out(agenda: Agenda, guests: Sequence[LeftOutGuest], width: int) -> list[str]:
    """The birthdays left out, counted, then named with what is missing."""
    said = _(
        "Birthdays left out: {no_phone} without a phone number, {no_consent} without "
        "consent to be called — ask at checkout."
    ).format(
        no_phone=number(agenda.left_out_no_phone),
        no_consent=number(agenda.left_out_no_consent),
    )
    lines = textwrap.wrap(said, width)
    for guest in guests[:LEFT_OUT_LISTED]:
        day = date_text(guest.birthday_on, "weekday")
        entry = _("{name}, birthday {day}: {missing}").format(
            name=guest.name, day=day, missing=_(_MISSING[guest.missing])
        )
        lines += textwrap.wrap(entry, width, initial_indent="  ", subsequent_indent="    ")
    if len(guests) > LEFT_OUT_LISTED:
        more = len(guests) - LEFT_OUT_LISTED
        words = ngettext(
            "… and {count} more (guestbook today --json lists them all).",
            "… and {count} more (guestbook today --json lists them all).",
            more,
        )
        lines.append("  " + words.format(count=number(more)))
    return lines


def sheet_groups(agenda: Agenda) -> list[tuple[str, Sequence[AgendaCall]]]:
    """The agenda's groups as the printed sheet heads them (services.agenda.sheet)."""
    return [
        (f"{_(heading)} ({number(len(calls))})", calls)
        for status, heading in _HEADINGS.items()
        if (calls := agenda.with_status(status))
    ]
