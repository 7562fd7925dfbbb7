"""What each guest receives, channel by channel: the message's text with the guest's values,
and the endings the law asks of relational messages (domain.message_text says the rules). The
one home of those texts: sending uses them, and so does the Messages screens' preview."""

from __future__ import annotations

import datetime as dt
import re
from email.utils import parseaddr

from guestbook.delivery.email import OutgoingEmail
from guestbook.delivery.letters_pdf import Letter, Letterhead
from guestbook.domain import message_text
from guestbook.domain.postal import AddressBlock, address_block
from guestbook.domain.purposes import BY_KEY
from guestbook.domain.sms_text import count
from guestbook.i18n import _, date_text
from guestbook.settings import Settings
from guestbook.storage.message_tables import Message
from guestbook.storage.sqlite.message_deliveries import Pending


class NotSendable(ValueError):
    """This guest's message cannot go by this channel; the message says why (a failure)."""


def guest_values(
    first_name: str, last_name: str, last_visit: dt.date | None, settings: Settings
) -> message_text.Values:
    """A guest's placeholders' values, the last visit written as a letter writes a date."""
    visited = date_text(last_visit, "letter") if last_visit else ""
    return message_text.Values(first_name, last_name, settings.restaurant_name, visited)


def values(row: Pending, settings: Settings) -> message_text.Values:
    return guest_values(row.first_name, row.last_name, row.last_visit, settings)


def filled(template: str, guest: message_text.Values | None) -> str:
    """The template with the guest's values; as typed without a guest, or while it has
    problems (a composer shows them beside the field)."""
    if guest is None or message_text.check(template):
        return template
    return message_text.render(template, guest)


def is_relational(message: Message) -> bool:
    return needs_consent(message.purpose)


def needs_consent(purpose: str) -> bool:
    return BY_KEY[purpose].marketing


def unsubscribe_line(purpose: str, settings: Settings) -> str:
    """The line a relational email ends with; none for a service notice."""
    return message_text.unsubscribe_line(settings.restaurant_name) if needs_consent(purpose) else ""


def email_body(
    purpose: str, body: str, guest: message_text.Values | None, settings: Settings
) -> str:
    text = filled(body, guest)
    line = unsubscribe_line(purpose, settings)
    return message_text.with_unsubscribe(text, line) if line else text


def sms_text(purpose: str, body: str, guest: message_text.Values | None, settings: Settings) -> str:
    """The SMS as it goes: for news, with the opt-out mention (NotSendable without one)."""
    text = filled(body, guest)
    if not needs_consent(purpose):
        return text
    if not settings.sms_stop.strip():
        raise NotSendable(
            _(
                "a relational SMS must end with the opt-out mention: set sms_stop in "
                'settings.toml (for example sms_stop = "STOP au 36111")'
            )
        )
    return message_text.with_sms_stop(text, settings.sms_stop)


def unsubscribe_target(settings: Settings) -> str:
    """Where a relational email's List-Unsubscribe points: a mail to the restaurant."""
    address = parseaddr(settings.smtp.from_address)[1]
    return f"mailto:{address}?subject=unsubscribe" if address else ""


def email_for(message: Message, row: Pending, settings: Settings) -> OutgoingEmail:
    guest = values(row, settings)
    target = unsubscribe_target(settings) if is_relational(message) else ""
    return OutgoingEmail(
        to=row.address,
        subject=message_text.render(message.subject, guest),
        body=email_body(message.purpose, message.body, guest, settings),
        unsubscribe=(target,) if target else (),
        message_id_seed=f"message-{message.id}.guest-{row.guest_id}",
    )


def sms_for(message: Message, row: Pending, settings: Settings) -> str:
    return sms_text(message.purpose, message.body, values(row, settings), settings)


def segments(text: str) -> int:
    return count(text).segments


def letter_for(message: Message, row: Pending, settings: Settings) -> Letter:
    block = address_block(row.first_name, row.last_name, row.guest_address, row.postcode)
    if not isinstance(block, AddressBlock):
        raise NotSendable(block.message)
    guest = values(row, settings)
    return Letter(
        address=block.lines,
        subject=message_text.render(message.subject, guest),
        body=message_text.render(message.body, guest),
    )


def letterhead(settings: Settings, today: dt.date) -> Letterhead:
    lines = tuple(
        line.strip() for line in re.split(r"[,\n]", settings.restaurant_address) if line.strip()
    )
    return Letterhead(settings.restaurant_name, lines, date_text(today, "letter"))
