"""The chef's agenda: who to phone today, why, and what to offer.

Candidates come from indexed windows (birthday month/day, referral first visit, late_from);
the domain's call rules then decide each one's status from its attempts. Rows are tuples,
never ORM objects: the agenda runs on every start of the app.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday, is_milestone, next_occurrence, turning_in
from guestbook.domain.calls import (
    THANKS_WINDOW_DAYS,
    Attempt,
    CallStatus,
    Lapse,
    Outcome,
    Reason,
    call_status,
    referral_thanks_occasion,
)
from guestbook.domain.text import display_name
from guestbook.services.queries import (
    as_date,
    birthday_window_sql,
    local_date,
    raw_rows,
    rewards_owed,
)
from guestbook.settings import Settings

if TYPE_CHECKING:
    from guestbook.services.context import Services

_OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # Outcome(x) is slow in a loop
_STATUS_ORDER = {CallStatus.OVERDUE: 0, CallStatus.TODAY: 1, CallStatus.UPCOMING: 2}


@dataclass(frozen=True, slots=True)
class AgendaCall:
    guest_id: int
    name: str
    phone: str  # E.164
    reason: Reason
    due_on: dt.date
    event_on: dt.date
    status: CallStatus
    occasion_on: dt.date  # the key attempts are logged under
    partner: str | None = None
    turning: int | None = None
    milestone: bool = False
    attempts: int = 0
    last_outcome: Outcome | None = None
    rewards_owed: int = 0
    last_visit_on: dt.date | None = None
    referral_id: int | None = None
    referred_name: str | None = None  # for a thank-you call: whom the sponsor brought
    usual_interval_days: int | None = None  # for a win-back call


@dataclass(frozen=True)
class Agenda:
    date: dt.date
    calls: tuple[AgendaCall, ...]
    left_out_no_phone: int
    left_out_no_consent: int

    def with_status(self, status: CallStatus) -> list[AgendaCall]:
        return [call for call in self.calls if call.status is status]

    @property
    def due_today(self) -> int:
        return len(self.with_status(CallStatus.TODAY))

    @property
    def overdue(self) -> int:
        return len(self.with_status(CallStatus.OVERDUE))


def compute_agenda(services: Services, *, days: int = 0) -> Agenda:
    with services.engine.connect() as connection:
        return agenda_on(connection, services.clock.today(), services.settings, days=days)


def agenda_on(
    connection: Connection, today: dt.date, settings: Settings, *, days: int = 0
) -> Agenda:
    """The agenda of `today`, with upcoming calls due within the next `days` days."""
    horizon = today + dt.timedelta(days=days)
    birthday_calls, no_phone, no_consent = _birthday_calls(connection, today, horizon, settings)
    calls = [
        *birthday_calls,
        *_thanks_calls(connection, today, horizon, settings),
        *_winback_calls(connection, today, horizon, settings),
    ]
    owed = rewards_owed(connection, (call.guest_id for call in calls), today)
    # Few guests are owed a reward: only their calls are rebuilt.
    calls = [
        replace(call, rewards_owed=owed[call.guest_id]) if call.guest_id in owed else call
        for call in calls
    ]
    calls.sort(key=lambda c: (_STATUS_ORDER[c.status], c.due_on, c.event_on, c.name, c.guest_id))
    return Agenda(today, tuple(calls), no_phone, no_consent)


# --- birthdays ------------------------------------------------------------------------------


# Erasing a guest clears their birthday, so no erased_at filter is needed on birthdays.
_BIRTHDAY_SQL = """
SELECT g.id, g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year,
       g.primary_phone, g.last_visit_on, p.first_name, p.last_name, g.partner_name
FROM guest g LEFT JOIN guest p ON p.id = g.partner_id
WHERE ({window}) AND g.primary_phone IS NOT NULL AND g.consent_call = 1
"""

# Guests who cannot be called are only counted, per birthday and reason, never fetched.
_LEFT_OUT_SQL = """
SELECT g.birth_month, g.birth_day, g.primary_phone IS NULL, count(*)
FROM guest g
WHERE ({window}) AND (g.primary_phone IS NULL OR g.consent_call IS NOT 1)
GROUP BY 1, 2, 3
"""


def _birthday_calls(
    connection: Connection, today: dt.date, horizon: dt.date, settings: Settings
) -> tuple[list[AgendaCall], int, int]:
    # A birthday is on the agenda from its due date to the day itself, so the events that
    # matter fall between today and horizon + lead_days.
    lead = dt.timedelta(days=settings.lead_days)
    last_event = horizon + lead
    where, params = birthday_window_sql(today, last_event)
    # The window holds a few distinct (month, day) pairs shared by many guests: each
    # occurrence is worked out once.
    occurrences: dict[tuple[int, int], dt.date | None] = {}

    def on_agenda(month: int, day: int) -> dt.date | None:
        """The birthday's date if its call is listed (due by the horizon), else None."""
        key = (month, day)
        if key not in occurrences:
            event_on = next_occurrence(Birthday(day, month), today, settings.feb29)
            listed = event_on <= last_event and event_on - lead <= horizon
            occurrences[key] = event_on if listed else None
        return occurrences[key]

    no_phone = no_consent = 0
    for month, day, phoneless, count in raw_rows(
        connection, _LEFT_OUT_SQL.format(window=where), params
    ):
        if on_agenda(month, day) is not None:
            if phoneless:
                no_phone += count
            else:
                no_consent += count

    candidates = []
    for row in raw_rows(connection, _BIRTHDAY_SQL.format(window=where), params):
        event_on = on_agenda(row[4], row[3])
        if event_on is not None:
            candidates.append((row, event_on))
    attempts = _attempts(
        connection, Reason.BIRTHDAY, [(row[0], event_on, 0) for row, event_on in candidates]
    )
    calls: list[AgendaCall] = []
    for row, event_on in candidates:
        due_on = event_on - lead
        logged = attempts.get((row[0], event_on, 0), [])
        status = _status(today, due_on, event_on, logged, settings, row[6])
        if status is None:
            continue
        turning = turning_in(row[5], event_on)
        partner = display_name(row[8], row[9]) if row[8] is not None else (row[10] or None)
        calls.append(
            AgendaCall(
                guest_id=row[0],
                name=display_name(row[1], row[2]),
                phone=row[6],
                reason=Reason.BIRTHDAY,
                due_on=due_on,
                event_on=event_on,
                status=status,
                occasion_on=event_on,
                partner=partner,
                turning=turning,
                milestone=is_milestone(turning),
                attempts=len(logged),
                last_outcome=logged[-1][0].outcome if logged else None,
                last_visit_on=as_date(row[7]),
            )
        )
    return calls, no_phone, no_consent


# --- referral thank-yous ---------------------------------------------------------------------

_THANKS_SQL = """
SELECT r.id, r.first_visit_on, s.id, s.first_name, s.last_name, s.primary_phone, s.consent_call,
       s.last_visit_on, f.first_name, f.last_name, r.recorded_at
FROM referral r JOIN guest s ON s.id = r.sponsor_id JOIN guest f ON f.id = r.referred_id
WHERE (r.first_visit_on BETWEEN :oldest AND :newest OR r.recorded_at >= :oldest_at)
  AND r.first_visit_on IS NOT NULL AND s.erased_at IS NULL
  AND s.primary_phone IS NOT NULL AND s.consent_call = 1
"""


def _thanks_calls(
    connection: Connection, today: dt.date, horizon: dt.date, settings: Settings
) -> list[AgendaCall]:
    oldest = today - dt.timedelta(days=THANKS_WINDOW_DAYS)
    rows = raw_rows(
        connection,
        _THANKS_SQL,
        {
            "oldest": oldest.isoformat(),
            "newest": horizon.isoformat(),
            # Stored as UTC text; a day's margin covers every time zone.
            "oldest_at": (oldest - dt.timedelta(days=1)).isoformat(),
        },
    )
    # A sponsor may be thanked for two friends who first came the same day: each referral is
    # its own occasion.
    occasions = [(row[2], as_date(row[1]), row[0]) for row in rows]
    attempts = _attempts(connection, Reason.REFERRAL_THANKS, occasions)
    calls = []
    for row in rows:
        first_visit = as_date(row[1])
        assert first_visit is not None
        occasion = referral_thanks_occasion(first_visit, local_date(row[10]))
        logged = attempts.get((row[2], first_visit, row[0]), [])
        status = _status(today, occasion.due_on, occasion.event_on, logged, settings, row[5])
        if status is None:
            continue
        calls.append(
            AgendaCall(
                guest_id=row[2],
                name=display_name(row[3], row[4]),
                phone=row[5],
                reason=Reason.REFERRAL_THANKS,
                due_on=occasion.due_on,
                event_on=occasion.event_on,
                status=status,
                occasion_on=first_visit,
                attempts=len(logged),
                last_outcome=logged[-1][0].outcome if logged else None,
                last_visit_on=as_date(row[7]),
                referral_id=row[0],
                referred_name=display_name(row[8], row[9]),
            )
        )
    return calls


# --- regulars to win back --------------------------------------------------------------------

_WINBACK_SQL = """
SELECT g.id, g.first_name, g.last_name, g.primary_phone, g.last_visit_on, g.visit_interval_days,
       g.late_from
FROM guest g
WHERE g.late_from BETWEEN :oldest AND :newest AND g.erased_at IS NULL
  AND g.primary_phone IS NOT NULL AND g.consent_call = 1
"""


def _winback_calls(
    connection: Connection, today: dt.date, horizon: dt.date, settings: Settings
) -> list[AgendaCall]:
    # late_from is only set for guests who were regulars at their last visit, computed with
    # the current lapse settings (services/lapses.py keeps it so): the lapse is read from the
    # summary columns, with no visit read and no arithmetic redone per guest.
    oldest = today - dt.timedelta(days=settings.winback_window_days - 1)
    rows = raw_rows(
        connection, _WINBACK_SQL, {"oldest": oldest.isoformat(), "newest": horizon.isoformat()}
    )
    last_day_offset = dt.timedelta(days=settings.winback_window_days - 1)
    lapses = []
    for row in rows:
        if row[4] is None or not row[5]:
            continue
        late_from = dt.date.fromisoformat(row[6])
        lapses.append(
            (
                row,
                Lapse(
                    dt.date.fromisoformat(row[4]), late_from, late_from + last_day_offset, row[5]
                ),
            )
        )
    attempts = _attempts(
        connection, Reason.WINBACK, [(row[0], w.occasion_on, 0) for row, w in lapses]
    )
    calls = []
    for row, window in lapses:
        logged = attempts.get((row[0], window.occasion_on, 0), [])
        status = _status(today, window.late_from, window.window_end, logged, settings, row[3])
        if status is None:
            continue
        calls.append(
            AgendaCall(
                guest_id=row[0],
                name=display_name(row[1], row[2]),
                phone=row[3],
                reason=Reason.WINBACK,
                due_on=window.late_from,
                event_on=window.window_end,
                status=status,
                occasion_on=window.occasion_on,
                attempts=len(logged),
                last_outcome=logged[-1][0].outcome if logged else None,
                last_visit_on=window.occasion_on,
                usual_interval_days=window.interval,
            )
        )
    return calls


# --- shared look-ups -------------------------------------------------------------------------

# (guest, occasion date, referral id or 0) → attempts with the number dialled.
OccasionKey = tuple[int, dt.date, int]
AttemptLog = dict[OccasionKey, list[tuple[Attempt, str | None]]]


def _attempts(
    connection: Connection,
    reason: Reason,
    occasions: Sequence[tuple[int, dt.date | None, int]],
) -> AttemptLog:
    """Attempts logged for each occasion, oldest first, with the number dialled."""
    wanted = {(guest, day, ref) for guest, day, ref in occasions if day is not None}
    if not wanted:
        return {}
    days = sorted({day for _, day, _ in wanted})
    rows = raw_rows(
        connection,
        "SELECT guest_id, occasion_on, at, outcome, phone_e164, referral_id FROM call_attempt "
        "WHERE reason = :reason AND occasion_on BETWEEN :first AND :last ORDER BY at, id",
        {"reason": reason.value, "first": days[0].isoformat(), "last": days[-1].isoformat()},
    )
    log: AttemptLog = defaultdict(list)
    for guest_id, occasion_on, at, outcome, phone, referral_id in rows:
        key = (guest_id, dt.date.fromisoformat(str(occasion_on)), referral_id or 0)
        if key in wanted:
            log[key].append((Attempt(local_date(at), _OUTCOMES[outcome]), phone))
    return log


def _status(
    today: dt.date,
    due_on: dt.date,
    event_on: dt.date,
    logged: Sequence[tuple[Attempt, str | None]],
    settings: Settings,
    phone: str | None,
) -> CallStatus | None:
    if not logged:
        # Most calls have no attempt yet: the domain rule, without building attempt lists
        # and phone checks thousands of times for nothing.
        return call_status(today, due_on, event_on, (), settings.max_attempts)
    return call_status(
        today,
        due_on,
        event_on,
        [attempt for attempt, _ in logged],
        settings.max_attempts,
        _phone_corrected(logged, phone),
    )


def _phone_corrected(logged: Sequence[tuple[Attempt, str | None]], phone: str | None) -> bool:
    """After a wrong number, the call comes back once another number is saved as primary."""
    wrong = [dialled for attempt, dialled in logged if attempt.outcome is Outcome.WRONG_NUMBER]
    return bool(wrong) and phone is not None and phone != wrong[-1]
