"""iCalendar export: one all-day event a year per guest birthday, with a reminder `lead_days`
before for the guests the chef may call (a phone and consent to be called).

29 February follows the feb29 setting, in product.md's words: last day of February
(BYMONTH=2;BYMONTHDAY=-1) or day 60 of the year (29 February in leap years, 1 March otherwise).
Events are serialised one by one with the icalendar package and streamed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import IO, Any

from icalendar import Alarm, Event
from icalendar.prop import vRecur, vText

from guestbook.domain.birthdays import Birthday, next_occurrence
from guestbook.domain.contact import format_phone
from guestbook.domain.records import GuestRecord
from guestbook.domain.text import display_name
from guestbook.i18n import _
from guestbook.settings import Settings


class _Recur(vRecur):
    # The order product.md writes the rules in (the package's own order is also valid); the
    # stubs type the attribute as a tuple of exactly the package's length.
    canonical_order = tuple(  # type: ignore[assignment]
        dict.fromkeys(("FREQ", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", *vRecur.canonical_order))
    )


def rule(birthday: Birthday, settings: Settings) -> dict[str, Any]:
    if (birthday.month, birthday.day) != (2, 29):
        return {"freq": "yearly"}
    if settings.feb29 == "feb28":
        return {"freq": "yearly", "bymonth": 2, "bymonthday": -1}
    return {"freq": "yearly", "byyearday": 60}


def first_day(birthday: Birthday, today: dt.date, settings: Settings) -> dt.date:
    """The birth date itself when the year is known, else the next time it is celebrated
    (a date the rule itself gives, as RFC 5545 wants of DTSTART)."""
    if birthday.year is not None:
        return dt.date(birthday.year, birthday.month, birthday.day)
    return next_occurrence(birthday, today, settings.feb29)


def may_call(record: GuestRecord) -> bool:
    return bool(record.phones) and record.consent.get("call") is True


def event(record: GuestRecord, *, today: dt.date, now: dt.datetime, settings: Settings) -> Event:
    assert record.birthday is not None
    name = display_name(record.first_name, record.last_name)
    start = first_day(record.birthday, today, settings)
    described = [
        _("Phone: {phone}").format(phone=format_phone(phone, settings.phone_region))
        for phone in record.phones
    ]
    if record.partner:
        described.append(_("Partner: {name}").format(name=record.partner))
    if record.birthday.year is not None:
        described.append(_("Born {year}").format(year=record.birthday.year))
    item = Event()
    item.add("uid", f"guest-{record.id}-birthday@guestbook")
    item.add("dtstamp", now)
    item.add("dtstart", start)
    item.add("dtend", start + dt.timedelta(days=1))
    item.add("rrule", _Recur(rule(record.birthday, settings)))
    item.add("summary", _("Birthday: {name}").format(name=name))
    item.add("transp", "TRANSPARENT")
    if described:
        item.add("description", "\n".join(described))
    if may_call(record):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", dt.timedelta(days=-settings.lead_days))
        phone = format_phone(record.phones[0], settings.phone_region)
        alarm.add("description", _("Birthday call: {name}, {phone}").format(name=name, phone=phone))
        item.add_component(alarm)
    return item


def write_ics(
    batches: Iterable[list[GuestRecord]],
    handle: IO[str],
    *,
    settings: Settings,
    today: dt.date,
    now: dt.datetime,
    on_batch: Callable[[int], None],
) -> int:
    """Write the calendar; returns the number of guests read (filter on has_birthday to make
    that the number of events)."""
    title = _("{restaurant}: birthdays").format(restaurant=settings.restaurant_name)
    calendar_name = vText(title).to_ical().decode()
    handle.write(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//guestbook//birthdays//EN\r\n"
        f"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:{calendar_name}\r\n"
    )
    written = 0
    for batch in batches:
        for record in batch:
            if record.birthday is not None:
                handle.write(
                    event(record, today=today, now=now, settings=settings).to_ical().decode()
                )
        written += len(batch)
        on_batch(written)
    handle.write("END:VCALENDAR\r\n")
    return written
