"""What the agenda leaves out, by name: the calls whose window passed without the guest being
reached (missed), the birthdays that cannot be called (no phone, no consent), and the dates
booked by the calls that were booked.

A missed call is one whose last day on the agenda (its event) has passed with no attempt that
spoke to the guest (reached, booked or declined): never tried, or tried and never reached
(product.md, "Call states"). They are read with the agenda's own statement arms, over the
windows that ended in the last days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

from sqlalchemy import Connection

from guestbook.domain.birthdays import call_due_on, observed_between
from guestbook.domain.calls import THANKS_WINDOW_DAYS, CallStatus, Outcome, Reason
from guestbook.domain.text import display_name
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.rows import OUTCOMES, listed_birthdays
from guestbook.services.context import Services
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as sql
from guestbook.storage.sqlite.agenda import EVENT, SORT_NAME, TRIED, Window

MISSED_DAYS = 14  # the missed calls looked back on: those whose window ended in these days
MISSED_SHOWN = 200  # a large group misses thousands: the latest are listed, all are counted

Missing = Literal["no_phone", "no_consent"]


@dataclass(frozen=True)
class MissedCalls:
    calls: list[AgendaCall]  # the latest `limit`, the most recent event first
    total: int
    by_reason: dict[Reason, int]
    days: int


@dataclass(frozen=True)
class LeftOutGuest:
    guest_id: int
    name: str
    birthday_on: dt.date  # the birthday the call would have been for
    missing: Missing  # what the host should ask for at the next visit


# --- missed calls ---------------------------------------------------------------------------


def missed_calls(services: Services, *, days: int = MISSED_DAYS, site: str = "") -> MissedCalls:
    today, settings = services.clock.today(), services.settings
    return services.read(
        lambda connection: missed_calls_on(connection, today, settings, days, site=site)
    )


def missed_calls_on(
    connection: Connection,
    today: dt.date,
    settings: Settings,
    days: int = MISSED_DAYS,
    limit: int = MISSED_SHOWN,
    *,
    site: str = "",
) -> MissedCalls:
    """The calls whose last day on the agenda fell in the `days` days before `today`, never
    reached: the `limit` latest, and how many there are of each reason."""
    first, last = today - dt.timedelta(days=days), today - dt.timedelta(days=1)
    rows: list[Any] = []
    for reason, (window, listed) in _past_windows(first, last, settings).items():
        found = sql.calls_of(connection, reason, window, listed, site)
        rows += [row for row in found if _missed(row)]
    rows.sort(key=itemgetter(SORT_NAME))
    rows.sort(key=itemgetter(EVENT), reverse=True)  # stable: names stay in order
    by_reason: dict[Reason, int] = {}
    for row in rows:
        reason = Reason(row[0])
        by_reason[reason] = by_reason.get(reason, 0) + 1
    reader = Agenda(today)
    calls = [reader.call_of(row, CallStatus.OVERDUE, _tried(row)) for row in rows[:limit]]
    return MissedCalls(calls, len(rows), by_reason, days)


def _past_windows(
    first: dt.date, last: dt.date, settings: Settings
) -> dict[Reason, tuple[Window, list[sql.ListedBirthday]]]:
    """For each reason, what to read for the calls whose event fell from `first` to `last`:
    the statements read a window as seen on `first`, with due dates set so that the events
    fall in those days."""
    lead = settings.lead_days
    listed = [
        (month, day, on, call_due_on(on, lead))
        for month, day, on in observed_between(first, last, settings.feb29)
    ]
    winback_days = settings.winback_window_days
    thanks = dt.timedelta(days=THANKS_WINDOW_DAYS)
    late = dt.timedelta(days=winback_days - 1)

    def seen_on(first_due: dt.date, last_due: dt.date) -> Window:
        return Window(first, first_due, last_due, THANKS_WINDOW_DAYS, winback_days)

    return {
        Reason.BIRTHDAY: (seen_on(first, last), listed),
        Reason.REFERRAL_THANKS: (seen_on(first - thanks, last - thanks), []),
        Reason.WINBACK: (seen_on(first - late, last - late), []),
    }


def _missed(row: Any) -> bool:
    """No attempt spoke to the guest: never tried, or never reached."""
    tried = row[TRIED]
    return tried is None or sql.tried_summary(tried)[1] == "0"


def _tried(row: Any) -> tuple[int, Outcome | None]:
    if row[TRIED] is None:
        return 0, None
    count, _spoke, _wrong, _on, outcome = sql.tried_summary(row[TRIED])
    return int(count), OUTCOMES[outcome]


# --- guests left out ------------------------------------------------------------------------


def left_out_guests(services: Services, *, days: int = 0, site: str = "") -> list[LeftOutGuest]:
    today, settings = services.clock.today(), services.settings
    return services.read(
        lambda connection: left_out_guests_on(connection, today, settings, days=days, site=site)
    )


def left_out_guests_on(
    connection: Connection,
    today: dt.date,
    settings: Settings,
    *,
    days: int = 0,
    limit: int = -1,
    site: str = "",
) -> list[LeftOutGuest]:
    """The guests whose birthday calls the agenda of `today` (and the next `days` days) leaves
    out, by birthday then name: the agenda's left_out counts them."""
    listed = listed_birthdays(today, today + dt.timedelta(days=days), settings)
    return [
        LeftOutGuest(
            guest_id,
            display_name(first, last),
            dt.date.fromisoformat(birthday_on),
            "no_phone" if phoneless else "no_consent",
        )
        for guest_id, first, last, birthday_on, phoneless in sql.left_out_guests(
            connection, listed, limit, site
        )
    ]


# --- booked dates ---------------------------------------------------------------------------


def birthday_bookings(
    services: Services, first: dt.date, last: dt.date
) -> dict[tuple[int, dt.date], dt.date]:
    """(guest id, birthday) → the date booked, for the birthdays from `first` to `last` whose
    call was booked (the calendar's day list; the guest's card reads its calls' own)."""
    rows = services.read(lambda connection: sql.birthday_bookings(connection, first, last))
    return {
        (guest_id, dt.date.fromisoformat(occasion)): dt.date.fromisoformat(booked)
        for guest_id, occasion, booked in rows
    }
