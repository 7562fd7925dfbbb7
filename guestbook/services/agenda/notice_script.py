"""What the chef reads out on a notice call: the message's subject and text as this guest
receives them, their placeholders filled as a letter fills them. Built only for the calls read
(a handful), from the notice columns of their rows (storage.sqlite.agenda.notice_of)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from guestbook.domain import message_text
from guestbook.i18n import date_text
from guestbook.storage.sqlite.agenda import FIRST, LAST, LAST_VISIT, notice_of

_NONE: tuple[None, None, None] = (None, None, None)


def notice_fields(row: Any, restaurant: str) -> tuple[int | None, str | None, str | None]:
    """A notice call's delivery, subject and script for its guest (None for other calls)."""
    notice = notice_of(row)
    if notice is None:
        return _NONE
    delivery_id, subject, body = notice
    visited = ""
    if row[LAST_VISIT]:
        visited = date_text(dt.date.fromisoformat(row[LAST_VISIT]), "letter")
    values = message_text.Values(row[FIRST] or "", row[LAST] or "", restaurant, visited)
    return delivery_id, filled(subject, values), filled(body, values)


def filled(template: str, values: message_text.Values) -> str:
    """The template with the guest's values; as written while it has problems (a send
    refuses such a text anyway)."""
    if message_text.check(template):
        return template
    return message_text.render(template, values)
