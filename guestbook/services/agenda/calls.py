"""The chef's agenda: who to phone today, why, and what to offer.

storage.sqlite.agenda reads the calls, in order, from one SQL statement over covering indexes.
Here they become the Agenda, whose AgendaCall objects are built only when read: a screen shows
a hundred of the tens of thousands a large group has, and `guestbook today --json` writes
records straight from the rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from sqlalchemy import Connection

from guestbook.domain.birthdays import is_milestone, turning_in
from guestbook.domain.calls import THANKS_WINDOW_DAYS, CallStatus, Outcome, Reason
from guestbook.domain.text import display_name
from guestbook.services.agenda.agenda_call import AgendaCall as AgendaCall
from guestbook.services.agenda.agenda_call import DoneCall as DoneCall
from guestbook.services.agenda.notice_script import notice_fields
from guestbook.services.agenda.rows import (
    Tried,
    apply_attempts,
    event_spans,
    listed_birthdays,
    window,
)
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as sql
from guestbook.storage.sqlite.agenda import (
    BIRTH_YEAR,
    DUE,
    EVENT,
    FIRST,
    GUEST,
    INTERVAL,
    LAST,
    LAST_VISIT,
    OCCASION,
    OWED,
    PARTNER_FIRST,
    PARTNER_LAST,
    PARTNER_NAME,
    PHONE,
    REASON,
    REFERRAL,
    REFERRED_FIRST,
    REFERRED_LAST,
    TRIED,
    response_of,
)
from guestbook.storage.sqlite.feedback_calls import feedback_due_days
from guestbook.storage.sqlite.notice_calls import notice_due_days

if TYPE_CHECKING:
    from guestbook.services.context import Services

_REASONS = {reason.value: reason for reason in Reason}


# --- the agenda -----------------------------------------------------------------------------


class CallList(Sequence[AgendaCall]):
    """Calls of an agenda, built from their rows when read."""

    __slots__ = ("_agenda", "_start", "_stop")

    def __init__(self, agenda: Agenda, start: int, stop: int) -> None:
        self._agenda, self._start, self._stop = agenda, start, stop

    def __len__(self) -> int:
        return self._stop - self._start

    @overload
    def __getitem__(self, index: int) -> AgendaCall: ...
    @overload
    def __getitem__(self, index: slice) -> CallList: ...
    def __getitem__(self, index: int | slice) -> AgendaCall | CallList:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("agenda calls are sliced without a step")
            return CallList(self._agenda, self._start + start, self._start + max(start, stop))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._agenda.call_at(self._start + index)

    def __iter__(self) -> Iterator[AgendaCall]:
        call_at = self._agenda.call_at
        for position in range(self._start, self._stop):
            yield call_at(position)

    def __repr__(self) -> str:
        return f"CallList({list(self)!r})"


class Agenda:
    """The calls of one day: overdue first, then today's, then the next days', each group in
    order of due date, event date and name."""

    def __init__(
        self,
        date: dt.date,
        rows: Sequence[Any] = (),
        groups: tuple[int, int] = (0, 0),
        tried: Tried | None = None,
        left_out_no_phone: int = 0,
        left_out_no_consent: int = 0,
        *,
        complete: bool = True,
        done: Sequence[DoneCall] = (),
        restaurant: str = "",
        site: str = "",
    ) -> None:
        self.date = date
        self.site = site  # the site whose guests it lists; '' for the whole group
        self.restaurant = restaurant  # a notice call's script names it
        # The calls logged today that left the agenda, the latest first.
        self.done = done
        # False for the first calls only (first_calls): counts and the rest are not known.
        self.complete = complete
        self._rows = rows  # candidate rows, ordered overdue, today, upcoming
        self._first_today, self._first_upcoming = groups
        # Row position → (attempts, last outcome), for the calls tried before.
        self._tried = tried or {}
        self.left_out_no_phone = left_out_no_phone
        self.left_out_no_consent = left_out_no_consent
        self._dates: dict[str, dt.date] = {}  # the calls share a few dates: parsed once each

    @property
    def calls(self) -> CallList:
        return CallList(self, 0, len(self._rows))

    def with_status(self, status: CallStatus) -> CallList:
        return CallList(self, *self.bounds(status))

    @property
    def overdue(self) -> int:
        return self._first_today

    @property
    def due_today(self) -> int:
        return self._first_upcoming - self._first_today

    @property
    def upcoming(self) -> int:
        return len(self._rows) - self._first_upcoming

    def bounds(self, status: CallStatus) -> tuple[int, int]:
        """The positions of the calls of `status`: from the first, to past the last."""
        return {
            CallStatus.OVERDUE: (0, self._first_today),
            CallStatus.TODAY: (self._first_today, self._first_upcoming),
            CallStatus.UPCOMING: (self._first_upcoming, len(self._rows)),
        }[status]

    def reason_at(self, position: int) -> Reason:
        return _REASONS[self._rows[position][REASON]]

    def call_at(self, position: int) -> AgendaCall:
        if position < self._first_today:
            status = CallStatus.OVERDUE
        elif position < self._first_upcoming:
            status = CallStatus.TODAY
        else:
            status = CallStatus.UPCOMING
        return self.call_of(self._rows[position], status, self._tried.get(position, _UNTRIED))

    def call_of(
        self, row: Any, status: CallStatus, tried: tuple[int, Outcome | None] = (0, None)
    ) -> AgendaCall:
        """The call of a candidate row (storage.sqlite.agenda), with what was tried."""
        attempts, last_outcome = tried
        name, partner, turning, referred = self._derived(row)
        date = self._date
        response_id, ces, satisfaction, comment = response_of(row) or _NO_RESPONSE
        delivery_id, subject, words = notice_fields(row, self.restaurant)
        return AgendaCall(
            guest_id=row[GUEST],
            name=name,
            phone=row[PHONE],
            reason=_REASONS[row[REASON]],
            due_on=date(row[DUE]),
            event_on=date(row[EVENT]),
            status=status,
            occasion_on=date(row[OCCASION]),
            partner=partner,
            turning=turning,
            milestone=is_milestone(turning),
            attempts=attempts,
            last_outcome=last_outcome,
            rewards_owed=row[OWED],
            last_visit_on=date(row[LAST_VISIT]) if row[LAST_VISIT] else None,
            referral_id=row[REFERRAL] or None,
            referred_name=referred,
            usual_interval_days=row[INTERVAL],
            feedback_id=response_id,
            ces=ces,
            satisfaction=satisfaction,
            comment=comment,
            delivery_id=delivery_id,
            subject=subject,
            script=words,
        )

    def records(self) -> Iterator[dict[str, Any]]:
        """Every call as plain values, dates as ISO text: the fields of AgendaCall, named as
        `guestbook today --json` writes them, without building a call object for each of the
        tens of thousands a large group has."""
        groups = (
            (CallStatus.OVERDUE.value, 0, self._first_today),
            (CallStatus.TODAY.value, self._first_today, self._first_upcoming),
            (CallStatus.UPCOMING.value, self._first_upcoming, len(self._rows)),
        )
        rows, tried = self._rows, self._tried
        for status, start, stop in groups:
            for position in range(start, stop):
                row = rows[position]
                attempts, last_outcome = tried.get(position, _UNTRIED)
                name, partner, turning, referred = self._derived(row)
                response_id = ces = satisfaction = comment = None
                delivery_id = subject = words = None
                if len(row) > TRIED + 1:  # a feedback or a notice call: a handful
                    response_id, ces, satisfaction, comment = response_of(row) or _NO_RESPONSE
                    delivery_id, subject, words = notice_fields(row, self.restaurant)
                yield {
                    "guest_id": row[GUEST],
                    "name": name,
                    "phone": row[PHONE],
                    "reason": row[REASON],
                    "due_on": row[DUE],
                    "event_on": row[EVENT],
                    "status": status,
                    "partner": partner,
                    "turning": turning,
                    "attempts": attempts,
                    "rewards_owed": row[OWED],
                    "milestone": is_milestone(turning),
                    "last_outcome": last_outcome,
                    "last_visit_on": row[LAST_VISIT],
                    "occasion_on": row[OCCASION],
                    "referral_id": row[REFERRAL] or None,
                    "referred": referred,
                    "usual_interval_days": row[INTERVAL],
                    "feedback_id": response_id,
                    "ces": ces,
                    "satisfaction": satisfaction,
                    "comment": comment,
                    "delivery_id": delivery_id,
                    "subject": subject,
                    "script": words,
                }

    def _derived(self, row: Any) -> tuple[str, str | None, int | None, str | None]:
        """The call's name, partner to invite, age turning and friend brought."""
        partner: str | None
        if row[PARTNER_FIRST] is not None or row[PARTNER_LAST] is not None:
            partner = display_name(row[PARTNER_FIRST] or "", row[PARTNER_LAST] or "")
        else:
            partner = row[PARTNER_NAME] or None
        turning = referred = None
        if row[BIRTH_YEAR] is not None:  # birthdays only
            turning = turning_in(row[BIRTH_YEAR], self._date(row[EVENT]))
        if row[REFERRED_FIRST] is not None:  # thank-yous only
            referred = display_name(row[REFERRED_FIRST], row[REFERRED_LAST] or "")
        return display_name(row[FIRST], row[LAST]), partner, turning, referred

    def _date(self, text: str) -> dt.date:
        day = self._dates.get(text)
        if day is None:
            day = self._dates[text] = dt.date.fromisoformat(text)
        return day


_UNTRIED: tuple[int, Outcome | None] = (0, None)
_NO_RESPONSE = (None, None, None, None)  # the response of a call that is not about feedback


def compute_agenda(services: Services, *, days: int = 0, site: str = "") -> Agenda:
    """Today's agenda, with upcoming calls due within the next `days` days; with `site`,
    only the calls to the guests whose home site it is."""
    today, settings = services.clock.today(), services.settings
    return services.read(
        lambda connection: agenda_on(connection, today, settings, days=days, site=site)
    )


def first_calls(services: Services, count: int, *, site: str = "") -> Agenda | None:
    """The first `count` calls of today's agenda (see first_calls_on), or None."""
    today, settings = services.clock.today(), services.settings
    return services.read(
        lambda connection: first_calls_on(connection, today, settings, count, site=site)
    )


def agenda_on(
    connection: Connection, today: dt.date, settings: Settings, *, days: int = 0, site: str = ""
) -> Agenda:
    """The agenda of `today`, with upcoming calls due within the next `days` days; with
    `site`, of the guests whose home site it is or who have none yet (site_terms.for_site)."""
    horizon = today + dt.timedelta(days=days)
    listed = listed_birthdays(today, horizon, settings)
    rows = sql.candidates(connection, window(today, settings, dt.date.min, horizon), listed, site)
    no_phone, no_consent = sql.left_out(connection, listed, site)
    tried_today: list[tuple[Any, tuple[int, Outcome | None]]] = []
    rows, groups, tried = apply_attempts(connection, rows, today, settings, tried_today)
    name = settings.restaurant_name
    agenda = Agenda(today, rows, groups, tried, no_phone, no_consent, restaurant=name, site=site)
    agenda.done = _done_calls(connection, agenda, tried_today)
    return agenda


def _done_calls(
    connection: Connection,
    agenda: Agenda,
    tried_today: list[tuple[Any, tuple[int, Outcome | None]]],
) -> list[DoneCall]:
    """The calls tried today that left the agenda, with their last attempt, the latest first
    (one index seek each: a kitchen logs a few dozen a day)."""
    done = []
    for row, tried in tried_today:
        at, outcome, booked_for, staff, note = sql.last_attempt(connection, row)
        status = CallStatus.TODAY if row[DUE] == agenda.date.isoformat() else CallStatus.OVERDUE
        done.append(
            DoneCall(
                agenda.call_of(row, status, tried),
                Outcome(outcome),
                at,
                dt.date.fromisoformat(booked_for) if booked_for else None,
                staff,
                note,
            )
        )
    done.sort(key=lambda entry: entry.at, reverse=True)
    return done


def first_calls_on(
    connection: Connection, today: dt.date, settings: Settings, count: int, *, site: str = ""
) -> Agenda | None:
    """The `count` most urgent calls of today's agenda, exactly as agenda_on orders them,
    without working out the rest: the first screen of a large group paints at once, and the
    whole agenda follows. None when the overdue calls are fewer than `count` (then the whole
    agenda is small, or needed to know what comes next).

    Calls due before today come first, by due date (a call tried early and back overdue sorts
    after all of them), then by event date, name and id. So they are read one due date and
    one reason at a time, in that order, each in the order of its index and no further than
    needed, until `count` of them are still on the agenda once attempts are applied: a few
    short index ranges whatever the number of guests."""
    oldest_due = today - dt.timedelta(
        days=max(THANKS_WINDOW_DAYS, settings.winback_window_days - 1, settings.lead_days)
    )
    listed = listed_birthdays(today, today, settings)
    rows: list[Any] = []
    tried: Tried = {}
    # The days feedback and notice calls are due on (a few); before the oldest due date of
    # the other reasons, only those are still open.
    open_days = {
        Reason.FEEDBACK: feedback_due_days(connection, today),
        Reason.NOTICE: notice_due_days(connection, today),
    }
    days = sorted({day for found in open_days.values() for day in found if day < oldest_due})
    days += [oldest_due + dt.timedelta(days=n) for n in range((today - oldest_due).days)]
    for due_on in days:
        if len(rows) >= count:
            break
        that_day = [day for day in listed if day[3] == due_on]
        open_reasons = [reason for reason, found in open_days.items() if due_on in found]
        spans = event_spans(settings, (today - due_on).days, open_reasons)
        for reasons in spans if due_on >= oldest_due else [open_reasons]:
            wanted = count - len(rows)
            if wanted <= 0:
                break
            limit = 2 * wanted  # room for the calls that attempts closed
            while True:
                found, complete = sql.calls_due_on(
                    connection,
                    window(today, settings, due_on, due_on),
                    reasons,
                    that_day,
                    limit,
                    site,
                )
                kept, _, kept_tried = apply_attempts(connection, found, today, settings)
                if len(kept) >= wanted or complete:
                    break
                limit *= 4
            tried |= {len(rows) + position: info for position, info in kept_tried.items()}
            rows += kept
    if len(rows) < count:
        return None
    name, first = settings.restaurant_name, rows[:count]
    return Agenda(today, first, (count, count), tried, complete=False, restaurant=name, site=site)
