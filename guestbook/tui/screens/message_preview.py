"""A message as one guest will receive it, channel by channel (the composer and the plan show
it): the email with its subject and, for news, the unsubscribe line; the SMS with, for news,
the opt-out mention, and its counter; the letter with the address block La Poste reads.

The texts are made by the same rules as the ones sent (domain.message_text, domain.postal, the
last visit written as a letter writes a date). Without a guest the texts are shown as typed,
placeholders and all, and the SMS counter counts them so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text

from guestbook.domain.contact import format_phone
from guestbook.domain.message_text import Values
from guestbook.domain.postal import AddressBlock, address_block
from guestbook.domain.purposes import BY_KEY
from guestbook.domain.sms_text import count
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.services.messages import texts
from guestbook.settings import Settings
from guestbook.tui.screens.messages_text import channel_label, sms_counter

ALL_CHANNELS = ("email", "sms", "post")


@dataclass(frozen=True)
class PreviewGuest:
    guest_id: int
    name: str
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    postcode: str
    last_visit: dt.date | None


def load_preview_guest(services: Services, guest_id: int) -> PreviewGuest:
    """The guest's values for a preview (UserError when there is no such guest); in a worker."""
    from guestbook.services.guests.card import guest_card

    card = guest_card(services, guest_id)
    d, form = card.details, card.form
    return PreviewGuest(
        guest_id,
        d.name,
        form.first_name,
        form.last_name,
        d.emails[0] if d.emails else "",
        format_phone(d.phones[0].e164, services.settings.phone_region) if d.phones else "",
        form.address,
        form.postcode,
        d.last_visit_on,
    )


@dataclass(frozen=True)
class Draft:
    purpose: str
    subject: str
    body: str


def _values(guest: PreviewGuest | None, settings: Settings) -> Values | None:
    if guest is None:
        return None
    return texts.guest_values(guest.first_name, guest.last_name, guest.last_visit, settings)


def _filled(template: str, guest: PreviewGuest | None, settings: Settings) -> str:
    return texts.filled(template, _values(guest, settings))


def sms_text(draft: Draft, guest: PreviewGuest | None, settings: Settings) -> str:
    """The SMS as it would go: for news, with the opt-out mention when one is set."""
    try:
        return texts.sms_text(draft.purpose, draft.body, _values(guest, settings), settings)
    except texts.NotSendable:
        return _filled(draft.body, guest, settings)  # _sms says what is missing


def _heading(channel: str, address: str) -> Text:
    heading = Text(channel_label(channel), style="bold underline")
    if address:
        heading.append("  " + _("to {address}").format(address=address), style="dim")
    return heading


def _email(draft: Draft, guest: PreviewGuest | None, settings: Settings) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("email", guest.email if guest else "")]
    if guest is not None and not guest.email:
        parts.append(Text(_("no email address"), style="dim"))
    subject = _filled(draft.subject, guest, settings)
    parts.append(Text(_("Subject: {subject}").format(subject=subject), style="bold"))
    parts.append(Text(_filled(draft.body, guest, settings)))
    line = texts.unsubscribe_line(draft.purpose, settings)
    if line:
        parts.append(Text("\n" + line, style="dim"))
    return parts


def _sms(draft: Draft, guest: PreviewGuest | None, settings: Settings) -> list[RenderableType]:
    text = sms_text(draft, guest, settings)
    heading = _heading("sms", guest.phone if guest else "")
    parts: list[RenderableType] = [heading, Text(sms_counter(count(text)), style="bold")]
    if BY_KEY[draft.purpose].marketing and not settings.sms_stop.strip():
        parts.append(
            Text(
                _(
                    "No opt-out mention is set (sms_stop in the settings, such as "
                    "“STOP au 36111”): news cannot go by SMS without it."
                ),
                style="bold",
            )
        )
    parts.append(Text(text))
    return parts


def _letter(draft: Draft, guest: PreviewGuest | None, settings: Settings) -> list[RenderableType]:
    parts: list[RenderableType] = [_heading("post", "")]
    if guest is not None:
        block = address_block(guest.first_name, guest.last_name, guest.address, guest.postcode)
        if isinstance(block, AddressBlock):
            parts.append(Text("\n".join(block.lines), style="bold"))
        else:
            parts.append(Text(_("No letter: {reason}").format(reason=block.message), style="dim"))
    subject = _filled(draft.subject, guest, settings)
    parts.append(Text(_("Subject: {subject}").format(subject=subject), style="bold"))
    parts.append(Text(_filled(draft.body, guest, settings)))
    return parts


def _call(draft: Draft, guest: PreviewGuest | None, settings: Settings) -> list[RenderableType]:
    heading = _heading("call", guest.phone if guest else "")
    script = Text(_("The call's script on the agenda:"), style="dim")
    return [heading, script, Text(_filled(draft.body, guest, settings))]


_CHANNELS = {"email": _email, "sms": _sms, "post": _letter, "call": _call}


def render_preview(
    draft: Draft,
    guest: PreviewGuest | None,
    settings: Settings,
    channels: tuple[str, ...] = ALL_CHANNELS,
) -> Group:
    """The message for `guest` by each of `channels`, one under the other."""
    parts: list[RenderableType] = []
    if guest is None:
        parts.append(
            Text(
                _("No guest chosen: the texts as typed. Type a guest's number to see theirs."),
                style="dim",
            )
        )
    else:
        parts.append(Text(_("For {name} (#{id})").format(name=guest.name, id=guest.guest_id)))
    for channel in channels:
        parts.append(Text(""))
        parts.extend(_CHANNELS[channel](draft, guest, settings))
    return Group(*parts)
