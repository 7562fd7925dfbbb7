"""When an SMS may go (shared/product.md, "Messages" → "Purposes"): the hours a restaurant may
text its guests, by the message's purpose.

Marketing (`relational`): Monday to Saturday, 08:00 to 20:00 local time (20:00 itself is too
late), never on a Sunday nor on a French public holiday; a message written outside that window
waits, queued, for its next opening. A service notice (`incident`) is not held, except at night:
between 22:00 and 08:00 it waits for 08:00.

Hours are the restaurant's wall-clock hours: pass a moment whose tzinfo is the restaurant's zone
(a `zoneinfo.ZoneInfo` such as Europe/Paris) or give the zone. A fixed offset (what
`datetime.astimezone()` gives) only knows the offset of its own day: across a change of summer
time the next morning's 08:00 would be an hour off.
"""

from __future__ import annotations

import datetime as dt
import functools

import holidays

from guestbook.domain.purposes import BY_KEY

OPENS = dt.time(8, 0)  # the earliest moment any SMS may go
MARKETING_CLOSES = dt.time(20, 0)  # end excluded: 20:00 is too late
NIGHT_FROM = dt.time(22, 0)  # service notices wait from 22:00 until OPENS
SUNDAY = 6


@functools.cache
def _holidays(year: int) -> frozenset[dt.date]:
    # The national list: metropolitan France without Alsace-Moselle's two extra days.
    return frozenset(holidays.country_holidays("FR", years=year))


def is_public_holiday(day: dt.date) -> bool:
    return day in _holidays(day.year)


def is_marketing_day(day: dt.date) -> bool:
    """Monday to Saturday, and not a French public holiday."""
    return day.weekday() != SUNDAY and not is_public_holiday(day)


def next_allowed(
    moment: dt.datetime, purpose_key: str, *, zone: dt.tzinfo | None = None
) -> dt.datetime:
    """`moment` itself when an SMS of this purpose may go then, else the next moment it may
    (in the zone's local time). `moment` must be aware; `zone` defaults to its own tzinfo.
    Raises KeyError for an unknown purpose."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("next_allowed needs an aware datetime")
    marketing = BY_KEY[purpose_key].marketing
    zone = zone or moment.tzinfo
    local = moment.astimezone(zone)
    if marketing:
        return _next_marketing(local, zone)
    return _next_service(local, zone)


def is_allowed(moment: dt.datetime, purpose_key: str, *, zone: dt.tzinfo | None = None) -> bool:
    return next_allowed(moment, purpose_key, zone=zone) == moment


def _next_marketing(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    day, time = local.date(), local.time()
    if is_marketing_day(day) and OPENS <= time < MARKETING_CLOSES:
        return local
    if not (is_marketing_day(day) and time < OPENS):
        day += dt.timedelta(days=1)
        while not is_marketing_day(day):
            day += dt.timedelta(days=1)
    return _opening(day, zone)


def _next_service(local: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    day, time = local.date(), local.time()
    if OPENS <= time < NIGHT_FROM:
        return local
    if time >= NIGHT_FROM:
        day += dt.timedelta(days=1)
    return _opening(day, zone)


def _opening(day: dt.date, zone: dt.tzinfo) -> dt.datetime:
    # 08:00 is never in a summer-time gap or fold in France (those are at 02:00 and 03:00);
    # ZoneInfo gives that day's own offset.
    return dt.datetime.combine(day, OPENS, tzinfo=zone)
