"""What the Messages section says (guestbook.tui.screens.messages and the screens it opens): a
message's deliveries counted, its plan, the question before sending, what a send did, and the
SMS counter, in the language shown.

Stored values (a delivery's state, the reason a guest is left out, a purpose, a channel) are
machine values: shown through the word tables here, marked with N_ and translated where shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from guestbook.domain.channels import BY_KEY as CHANNELS
from guestbook.domain.contact import format_phone
from guestbook.domain.deliveries import DELIVERY_STATE_LABELS
from guestbook.domain.purposes import BY_KEY as PURPOSES
from guestbook.domain.reach import LEFT_OUT_LABELS
from guestbook.domain.sms_text import SmsCount, describe
from guestbook.i18n import _, date_text, ngettext, number

if TYPE_CHECKING:
    from guestbook.services.messages import SendOutlook

DELIVERY_STATES = DELIVERY_STATE_LABELS  # in the order the filter cycles through them
LEFT_OUT_REASONS = LEFT_OUT_LABELS


def state_word(state: str) -> str:
    return _(DELIVERY_STATES[state]) if state in DELIVERY_STATES else state


def reason_words(reason: str) -> str:
    """A delivery's reason: a left-out reason in words, a server's or a check's as written."""
    return _(LEFT_OUT_REASONS[reason]) if reason in LEFT_OUT_REASONS else reason


def purpose_label(key: str) -> str:
    return _(PURPOSES[key].label) if key in PURPOSES else key


def channel_label(key: str) -> str:
    return _(CHANNELS[key].label) if key in CHANNELS else (key or "—")


def address_text(channel: str, address: str, region: str) -> str:
    """The address a channel used, a phone number written as people read it."""
    if channel in ("sms", "call") and address.startswith("+"):
        return format_phone(address, region)
    return address


def states_text(deliveries: Mapping[str, int]) -> str:
    """'sent 30 · failed 2', in the states' order; 'not sent yet' when nothing was sent."""
    shown = [
        f"{state_word(state)} {number(deliveries[state])}"
        for state in DELIVERY_STATES
        if deliveries.get(state)
    ]
    return " · ".join(shown) if shown else _("not sent yet")


def moment_text(moment: dt.datetime, zone: str) -> str:
    """A moment in the restaurant's time: '22 Nov 2026 14:05'."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{date_text(local.date(), 'day_month_year')} {local:%H:%M}"


# --- the plan ---------------------------------------------------------------------------------


def plan_lines(
    audience: int, by_channel: Mapping[str, int], left_out: Mapping[str, int]
) -> list[str]:
    """The plan in words: how many guests, reached by which channel, left out and why."""
    reached = sum(by_channel.values())
    lines = [
        ngettext(
            "{count} guest chosen, {reached} reached.",
            "{count} guests chosen, {reached} reached.",
            audience,
        ).format(count=number(audience), reached=number(reached))
    ]
    channels = [f"{channel_label(key)} {number(n)}" for key, n in by_channel.items()]
    if channels:
        lines.append(_("By channel: {channels}").format(channels=" · ".join(channels)))
    reasons = [f"{reason_words(key)} {number(n)}" for key, n in left_out.items() if n]
    if reasons:
        lines.append(_("Left out: {reasons}").format(reasons=" · ".join(reasons)))
    return lines


def sms_wait(
    purpose: str, sms: int, now: dt.datetime, allowed: dt.datetime, zone: str
) -> str | None:
    """What the SMS of a send do when they may not go now (domain.sms_hours), or None."""
    if not sms or allowed <= now:
        return None
    local = allowed.astimezone(ZoneInfo(zone))
    when = f"{date_text(local.date(), 'weekday')} {local:%H:%M}"
    if PURPOSES[purpose].marketing:
        text = ngettext(
            "News by SMS goes Monday to Saturday, 8:00 to 20:00, never on a public holiday: "
            "the {count} SMS will wait until {when}.",
            "News by SMS goes Monday to Saturday, 8:00 to 20:00, never on a public holiday: "
            "the {count} SMS will wait until {when}.",
            sms,
        )
    else:
        text = ngettext(
            "No SMS at night: the {count} SMS will wait until {when}.",
            "No SMS at night: the {count} SMS will wait until {when}.",
            sms,
        )
    return text.format(count=number(sms), when=when)


def send_question(message_id: int, to_write: int) -> str:
    """The question before a send, with the guests it writes to now (SendOutlook.to_write):
    sent again, only the failures and the guests not reached yet."""
    return ngettext(
        "Send message {id} to {count} guest?",
        "Send message {id} to {count} guests?",
        to_write,
    ).format(id=message_id, count=number(to_write))


def sent_before(outlook: SendOutlook) -> list[str]:
    """What an earlier send settled, which this one leaves as it is."""
    lines = [
        ngettext(
            "Sent before: {count} guest already reached gets nothing more; failures are "
            "tried again.",
            "Sent before: {count} guests already reached get nothing more; failures are "
            "tried again.",
            outlook.done_before,
        ).format(count=number(outlook.done_before))
    ]
    if outlook.held:
        lines.append(
            ngettext(
                "{count} SMS held by an earlier send still waits for its hours.",
                "{count} SMS held by an earlier send still wait for their hours.",
                outlook.held,
            ).format(count=number(outlook.held))
        )
    return lines


# --- what a send did ----------------------------------------------------------------------------


def result_lines(
    *,
    sent: int,
    failed: int,
    waiting: int,
    skipped: int,
    cancelled: bool,
) -> list[str]:
    """A send's counts in words, the notable ones only: what it sent and what failed, then
    what waits now, from this send or an earlier one (SendResult.waiting)."""
    lines = []
    if cancelled:
        lines.append(
            _(
                "Stopped: what was sent is recorded; sending again reaches only the guests "
                "not reached yet."
            )
        )
    lines.append(_("Sent: {count}.").format(count=number(sent)))
    if failed:
        lines.append(
            ngettext(
                "Failed: {count} (their reasons are in the deliveries; sending again tries "
                "them again).",
                "Failed: {count} (their reasons are in the deliveries; sending again tries "
                "them again).",
                failed,
            ).format(count=number(failed))
        )
    if waiting:
        lines.append(
            _("Waiting or handed over: {count} (SMS held for their hours, letters, calls).").format(
                count=number(waiting)
            )
        )
    if skipped:
        lines.append(_("Skipped: {count} (left out of the plan).").format(count=number(skipped)))
    return lines


# --- the SMS counter ----------------------------------------------------------------------------


def at_fault(chars: tuple[str, ...]) -> str:
    """The characters that force UCS-2, as a person can see them: themselves, or a name for
    the invisible ones ("’ « », non-breaking space")."""
    visible = [describe(char) for char in chars if describe(char) == char]
    named = [describe(char) for char in chars if describe(char) != char]
    return ", ".join([" ".join(visible)] * bool(visible) + named)


def sms_counter(counted: SmsCount) -> str:
    """'GSM-7 · 2 SMS · 37 characters left', or 'UCS-2 because of ’ « » · 3 SMS · …'."""
    if counted.is_gsm7:
        encoding = "GSM-7"
    else:
        encoding = _("UCS-2 because of {characters}").format(characters=at_fault(counted.non_gsm))
    parts = [
        encoding,
        ngettext("{count} SMS", "{count} SMS", counted.segments).format(
            count=number(counted.segments)
        ),
    ]
    if counted.segments:
        parts.append(
            ngettext("{count} character left", "{count} characters left", counted.left).format(
                count=number(counted.left)
            )
        )
    return " · ".join(parts)
