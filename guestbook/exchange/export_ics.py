"""iCalendar export (RFC 5545): an all-day event a year per guest birthday, with a reminder
`lead_days` before for the guests the chef may call (a phone and consent to be called).

29 February follows the feb29 setting, in product.md's words:
- feb28: the last day of February, RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1.
- mar1: 29 February in leap years, 1 March in the others. RFC 5545 says that in one rule,
  BYYEARDAY=60, but calcurse ignores BYYEARDAY (and BYSETPOS) and showed such a birthday in
  leap years only. So the guest gets two events, in rule parts calcurse and khal read (and
  any RFC 5545 client): 29 February (FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29: RFC 5545 skips the years that have
  none), and 1 March with every leap year's 1 March as an EXDATE. A list of exceptions must
  end, so both events stop after the year the guest turns MAX_AGE (the oldest a birthday can
  make a guest; from this year for a birthday without its year). docs/calendar-and-contacts.md
  has the check by hand in calcurse.

The events are written as text (content lines escaped and folded at 75 octets as RFC 5545
§3.1 and §3.3.11 want, the same rules as vCard's), and a French number is formatted for the
description without phonenumbers (dial_text): the export of 100,000 guests took 27 s with an
icalendar object per event, 2.5 s now (benchmarks/bench_exchange.py, within 3x the CSV export
as issue 14 asks). The tests read the file back with the icalendar package and hold each event
to what the per-event icalendar code wrote (tests/exchange/test_ics_writer.py).
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from typing import IO, NamedTuple

from guestbook.domain.birthdays import MAX_AGE, Birthday, next_occurrence
from guestbook.domain.contact import format_phone
from guestbook.domain.records import GuestRecord
from guestbook.domain.text import display_name
from guestbook.exchange.export_vcard import escape, fold
from guestbook.i18n import _
from guestbook.settings import Settings

YEARLY = "FREQ=YEARLY"
LAST_DAY_OF_FEBRUARY = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
FEBRUARY_29 = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"
MARCH_1 = "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1"

# A French number, in the national format phonenumbers gives it for a restaurant in France
# (FR's format for numbers starting 1-7 or 9: "0X XX XX XX XX"); a test holds the two together.
# Every other number goes through contact.format_phone (~80 µs a number: 7 s at 100,000 guests).
_FRENCH = re.compile(r"\+33([1-79])([0-9]{2})([0-9]{2})([0-9]{2})([0-9]{2})")


class Schedule(NamedTuple):
    """One event's days: its first, its rule, and the days the rule gives that are not kept."""

    uid: str  # the part of the UID after the guest's number
    start: dt.date
    rule: str
    exceptions: tuple[dt.date, ...] = ()


def schedules(birthday: Birthday, today: dt.date, settings: Settings) -> list[Schedule]:
    """The events of one birthday: one, or two for 29 February under the mar1 rule."""
    if (birthday.month, birthday.day) != (2, 29):
        return [Schedule("birthday", first_day(birthday, today, settings), YEARLY)]
    if settings.feb29 == "feb28":
        return [Schedule("birthday", first_day(birthday, today, settings), LAST_DAY_OF_FEBRUARY)]
    start = today if birthday.year is None else dt.date(birthday.year, 2, 29)
    last = (birthday.year or today.year) + MAX_AGE
    until = f";UNTIL={last:04d}0301"
    leap = next(
        year
        for year in itertools.count(start.year)
        if calendar.isleap(year) and dt.date(year, 2, 29) >= start
    )
    other = next(
        year
        for year in itertools.count(start.year)
        if not calendar.isleap(year) and dt.date(year, 3, 1) >= start
    )
    skipped = tuple(dt.date(year, 3, 1) for year in range(other, last + 1) if calendar.isleap(year))
    return [
        Schedule("birthday", dt.date(leap, 2, 29), FEBRUARY_29 + until),
        Schedule("birthday-mar1", dt.date(other, 3, 1), MARCH_1 + until, skipped),
    ]


def first_day(birthday: Birthday, today: dt.date, settings: Settings) -> dt.date:
    """The birth date itself when the year is known, else the next time it is celebrated
    (a date the rule itself gives, as RFC 5545 wants of DTSTART)."""
    if birthday.year is not None:
        return dt.date(birthday.year, birthday.month, birthday.day)
    return next_occurrence(birthday, today, settings.feb29)


def may_call(record: GuestRecord) -> bool:
    return bool(record.phones) and record.consent.get("call") is True


def dial_text(e164: str, region: str) -> str:
    """contact.format_phone(e164, region), without phonenumbers for a French number in France."""
    if region.upper() == "FR":
        french = _FRENCH.fullmatch(e164)
        if french is not None:
            return "0{} {} {} {} {}".format(*french.groups())
    return format_phone(e164, region)


def _day(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def stamp_text(now: dt.datetime) -> str:
    """DTSTAMP's value: UTC, to the second."""
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC)
    return now.strftime("%Y%m%dT%H%M%S") + ("Z" if now.tzinfo is not None else "")


class _Texts(NamedTuple):
    """What every event of one export shares, translated once."""

    stamp: str
    trigger: str
    region: str
    summary: str
    phone: str
    partner: str
    born: str
    call: str


def _texts(settings: Settings, now: dt.datetime) -> _Texts:
    lead = settings.lead_days
    return _Texts(
        stamp=stamp_text(now),
        trigger=f"-P{lead}D" if lead else "P0D",
        region=settings.phone_region,
        summary=_("Birthday: {name}"),
        phone=_("Phone: {phone}"),
        partner=_("Partner: {name}"),
        born=_("Born {year}"),
        call=_("Birthday call: {name}, {phone}"),
    )


def events(
    record: GuestRecord, *, today: dt.date, settings: Settings, texts: _Texts
) -> Iterable[str]:
    """The VEVENT blocks of one guest's birthday, as content lines folded, with CRLF."""
    birthday = record.birthday
    assert birthday is not None
    name = display_name(record.first_name, record.last_name)
    described = [
        texts.phone.format(phone=dial_text(phone, texts.region)) for phone in record.phones
    ]
    if record.partner:
        described.append(texts.partner.format(name=record.partner))
    if birthday.year is not None:
        described.append(texts.born.format(year=birthday.year))
    shared = [fold("SUMMARY:" + escape(texts.summary.format(name=name))), "TRANSP:TRANSPARENT\r\n"]
    if described:
        shared.append(fold("DESCRIPTION:" + escape("\n".join(described))))
    if may_call(record):
        phone = dial_text(record.phones[0], texts.region)
        shared += [
            "BEGIN:VALARM\r\nACTION:DISPLAY\r\n",
            f"TRIGGER:{texts.trigger}\r\n",
            fold("DESCRIPTION:" + escape(texts.call.format(name=name, phone=phone))),
            "END:VALARM\r\n",
        ]
    common = "".join(shared)
    for schedule in schedules(birthday, today, settings):
        start = schedule.start
        lines = (
            f"BEGIN:VEVENT\r\nUID:guest-{record.id}-{schedule.uid}@guestbook\r\n"
            f"DTSTAMP:{texts.stamp}\r\nDTSTART;VALUE=DATE:{_day(start)}\r\n"
            f"DTEND;VALUE=DATE:{_day(start + dt.timedelta(days=1))}\r\n"
            f"RRULE:{schedule.rule}\r\n"
        )
        if schedule.exceptions:
            days = ",".join(_day(day) for day in schedule.exceptions)
            lines += fold(f"EXDATE;VALUE=DATE:{days}")
        yield lines + common + "END:VEVENT\r\n"


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
    that the number of guests with a birthday)."""
    title = _("{restaurant}: birthdays").format(restaurant=settings.restaurant_name)
    handle.write(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//guestbook//birthdays//EN\r\n"
        "CALSCALE:GREGORIAN\r\n" + fold("X-WR-CALNAME:" + escape(title))
    )
    texts = _texts(settings, now)
    written = 0
    for batch in batches:
        handle.write(
            "".join(
                text
                for record in batch
                if record.birthday is not None
                for text in events(record, today=today, settings=settings, texts=texts)
            )
        )
        written += len(batch)
        on_batch(written)
    handle.write("END:VCALENDAR\r\n")
    return written
