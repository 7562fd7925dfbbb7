"""The chef's agenda: who to phone today, why, and what to offer.

One SQL statement lists every candidate call in the agenda's order (due date, event date,
folded name), reading the covering indexes of migration 0002 only: birthdays in the window,
thank-yous to sponsors whose friend came, regulars late by their own rhythm. A call nobody has
tried yet takes its status from its due date, and the order by due date already groups those
statuses; the calls with attempts go through the domain's call rules (domain.calls.call_status).
Call objects are built only when read: a screen shows a few hundred of tens of thousands.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, overload

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday, is_milestone, next_occurrence, turning_in
from guestbook.domain.calls import (
    THANKS_WINDOW_DAYS,
    Attempt,
    AttemptSummary,
    CallStatus,
    Outcome,
    Reason,
    summarize,
    summary_status,
)
from guestbook.domain.text import display_name
from guestbook.services.queries import raw_rows
from guestbook.settings import Settings

if TYPE_CHECKING:
    from guestbook.services.context import Services

_OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # Outcome(x) is slow in a loop
_REASONS = {reason.value: reason for reason in Reason}


class AgendaCall(NamedTuple):
    """One call on the agenda. A named tuple: immutable like the domain's values, and built
    three times faster than a frozen dataclass, which counts when a script lists 40,000."""

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


# --- the candidate calls, in one statement --------------------------------------------------

# Columns of a candidate row, the same in every arm of the statement.
(REASON, GUEST, FIRST, LAST, SORT_NAME, PHONE, DUE, EVENT, OCCASION, REFERRAL, BIRTH_YEAR,
 LAST_VISIT, PARTNER_FIRST, PARTNER_LAST, PARTNER_NAME, INTERVAL, REFERRED_FIRST,
 REFERRED_LAST, OWED, TRIED) = range(20)  # fmt: skip

_DUE = itemgetter(DUE)

# Rewards the guest may redeem today, one seek in ix_reward_open_guest.
_OWED = """(SELECT count(*) FROM reward w INDEXED BY ix_reward_open_guest
    WHERE w.guest_id = {guest} AND w.redeemed_visit_id IS NULL
      AND w.valid_to >= :today AND w.valid_from <= :today)"""

_SPOKE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.spoke_to_guest)

# What was tried for this occasion, from one seek in ix_call_attempt_occasion, which covers
# it: NULL when nothing was, else "count|spoke to the guest|wrong numbers|local date of the
# last attempt|its outcome|…" (the last attempt's columns are SQLite's bare columns of the one
# max() aggregate). SQLite's 'localtime' reads the same system time zone as
# services.queries.local_date, thousands of times faster than Python's astimezone().
_TRIED = f"""(SELECT count(*) || '|' || sum(a.outcome IN ({_SPOKE}))
        || '|' || sum(a.outcome = 'wrong_number') || '|' || date(a.at, 'localtime')
        || '|' || a.outcome || '|' || max(a.at || printf('%012d', a.id))
    FROM call_attempt a
    WHERE a.reason = '{{reason}}' AND a.occasion_on = {{occasion}} AND a.guest_id = {{guest}}
      {{extra}})"""

# Birthdays: the occurrence and due date of each (month, day) in the window come from the
# domain (29 February, year wrap), one VALUES row per listed day. Erasing a guest clears
# their birthday, so no erased_at filter is needed here.
_BIRTHDAYS = f"""
SELECT 'birthday', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       b.due_on, b.event_on, b.event_on, 0, g.birth_year, g.last_visit_on,
       p.first_name, p.last_name, g.partner_name, NULL, NULL, NULL,
       {_OWED.format(guest="g.id")},
       {_TRIED.format(reason="birthday", occasion="b.event_on", guest="g.id", extra="")}
FROM listed_birthday b
JOIN guest g INDEXED BY ix_guest_birthday_call
  ON g.birth_month = b.month AND g.birth_day = b.day
LEFT JOIN guest p ON p.id = g.partner_id
WHERE g.primary_phone IS NOT NULL AND g.consent_call = 1
"""

# Thank-yous: due when both the referral and the friend's first visit exist, on the agenda
# for THANKS_WINDOW_DAYS more days (domain.calls.referral_thanks_occasion; a test checks the
# two agree, local dates included).
_THANKS = f"""
SELECT 'referral_thanks', s.id, s.first_name, s.last_name, s.name_key, s.primary_phone,
       t.due_on, date(t.due_on, :thanks_days), t.first_visit_on, t.id, NULL, s.last_visit_on,
       NULL, NULL, '', NULL, f.first_name, f.last_name,
       {_OWED.format(guest="s.id")},
       {
    _TRIED.format(
        reason="referral_thanks",
        occasion="t.first_visit_on",
        guest="s.id",
        extra=" AND a.referral_id = t.id",
    )
}
FROM (SELECT r.id, r.sponsor_id, r.referred_id, r.first_visit_on,
             max(r.first_visit_on, date(r.recorded_at, 'localtime')) AS due_on
      FROM referral r
      WHERE (r.first_visit_on BETWEEN :thanks_oldest AND :horizon
             OR r.recorded_at >= :thanks_oldest_at)
        AND r.first_visit_on IS NOT NULL) t
JOIN guest s ON s.id = t.sponsor_id
JOIN guest f ON f.id = t.referred_id
WHERE t.due_on BETWEEN :first_due AND :last_due AND date(t.due_on, :thanks_days) >= :today
  AND s.erased_at IS NULL AND s.primary_phone IS NOT NULL AND s.consent_call = 1
"""

# Regulars late by their rhythm: late_from is kept by services/lapses.py with the current
# lapse settings, so the lapse is read from the summary columns, no visit read.
_WINBACK = f"""
SELECT 'winback', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       g.late_from, date(g.late_from, :winback_last_day), g.last_visit_on, 0, NULL,
       g.last_visit_on, NULL, NULL, '', g.visit_interval_days, NULL, NULL,
       {_OWED.format(guest="g.id")},
       {_TRIED.format(reason="winback", occasion="g.last_visit_on", guest="g.id", extra="")}
FROM guest g INDEXED BY ix_guest_winback
WHERE g.late_from BETWEEN :winback_oldest AND :last_due AND g.erased_at IS NULL
  AND g.primary_phone IS NOT NULL AND g.consent_call = 1
  AND g.last_visit_on IS NOT NULL AND g.visit_interval_days > 0
"""

_CANDIDATES = f"""
WITH listed_birthday(month, day, event_on, due_on) AS ({{listed}})
{_BIRTHDAYS}
UNION ALL
{_THANKS}
UNION ALL
{_WINBACK}
ORDER BY 7, 8, 5, 2, 1, 10
"""

# Guests who cannot be called are only counted, per birthday and reason, never fetched
# (ix_guest_birthday covers the count).
_LEFT_OUT = """
WITH listed_birthday(month, day, event_on, due_on) AS ({listed})
SELECT g.primary_phone IS NULL, count(*)
FROM listed_birthday b JOIN guest g INDEXED BY ix_guest_birthday
  ON g.birth_month = b.month AND g.birth_day = b.day
WHERE g.primary_phone IS NULL OR g.consent_call IS NOT 1
GROUP BY 1
"""


def _listed_birthdays(
    today: dt.date, horizon: dt.date, settings: Settings
) -> list[tuple[int, int, dt.date, dt.date]]:
    """(month, day, occurrence, due date) of every birthday whose call is listed: due by the
    horizon and not yet passed."""
    lead = dt.timedelta(days=settings.lead_days)
    last_event = horizon + lead
    days = {(today + dt.timedelta(days=n)) for n in range((last_event - today).days + 1)}
    month_days = {(day.month, day.day) for day in days} | {(2, 29)}
    listed = []
    for month, day in sorted(month_days):
        event_on = next_occurrence(Birthday(day, month), today, settings.feb29)
        if event_on <= last_event and event_on - lead <= horizon:
            listed.append((month, day, event_on, event_on - lead))
    return listed


def _values(listed: Sequence[tuple[int, int, dt.date, dt.date]]) -> str:
    """The listed birthdays as a VALUES clause: integers and ISO dates formatted by us, safe
    to inline (bound parameters would cap the window)."""
    if not listed:
        return "SELECT NULL, NULL, NULL, NULL WHERE 0"
    rows = ", ".join(
        f"({int(month)}, {int(day)}, '{event.isoformat()}', '{due.isoformat()}')"
        for month, day, event, due in listed
    )
    return f"VALUES {rows}"


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
        tried: dict[int, tuple[int, Outcome | None]] | None = None,
        left_out_no_phone: int = 0,
        left_out_no_consent: int = 0,
        *,
        complete: bool = True,
    ) -> None:
        self.date = date
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
        bounds = {
            CallStatus.OVERDUE: (0, self._first_today),
            CallStatus.TODAY: (self._first_today, self._first_upcoming),
            CallStatus.UPCOMING: (self._first_upcoming, len(self._rows)),
        }[status]
        return CallList(self, *bounds)

    @property
    def overdue(self) -> int:
        return self._first_today

    @property
    def due_today(self) -> int:
        return self._first_upcoming - self._first_today

    @property
    def upcoming(self) -> int:
        return len(self._rows) - self._first_upcoming

    def call_at(self, position: int) -> AgendaCall:
        row = self._rows[position]
        if position < self._first_today:
            status = CallStatus.OVERDUE
        elif position < self._first_upcoming:
            status = CallStatus.TODAY
        else:
            status = CallStatus.UPCOMING
        attempts, last_outcome = self._tried.get(position, _UNTRIED)
        name, partner, turning, referred = self._derived(row)
        date = self._date
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


def compute_agenda(services: Services, *, days: int = 0) -> Agenda:
    with services.engine.connect() as connection:
        return agenda_on(connection, services.clock.today(), services.settings, days=days)


def agenda_on(
    connection: Connection, today: dt.date, settings: Settings, *, days: int = 0
) -> Agenda:
    """The agenda of `today`, with upcoming calls due within the next `days` days."""
    horizon = today + dt.timedelta(days=days)
    listed = _listed_birthdays(today, horizon, settings)
    rows = _candidates(connection, today, settings, listed, dt.date.min, horizon)
    no_phone = no_consent = 0
    for phoneless, count in raw_rows(connection, _LEFT_OUT.format(listed=_values(listed)), {}):
        if phoneless:
            no_phone = count
        else:
            no_consent = count
    rows, groups, tried = _apply_attempts(connection, rows, today, settings)
    return Agenda(today, rows, groups, tried, no_phone, no_consent)


def first_calls(
    connection: Connection, today: dt.date, settings: Settings, count: int
) -> Agenda | None:
    """The `count` most urgent calls of today's agenda, exactly as agenda_on orders them,
    without working out the rest: the first screen of a large group paints at once, and the
    whole agenda follows. None when the overdue calls are fewer than `count` (then the whole
    agenda is small, or needed to know what comes next).

    Calls due before today come first, by due date (a call tried early and back overdue sorts
    after all of them), so they are read one due date at a time, oldest first, until `count`
    of them are still on the agenda once attempts are applied: a few index ranges whatever
    the number of guests."""
    oldest_due = today - dt.timedelta(
        days=max(THANKS_WINDOW_DAYS, settings.winback_window_days - 1, settings.lead_days)
    )
    listed = _listed_birthdays(today, today, settings)
    rows: list[Any] = []
    tried: dict[int, tuple[int, Outcome | None]] = {}
    due_on = oldest_due
    while due_on < today and len(rows) < count:
        that_day = [day for day in listed if day[3] == due_on]
        found = _candidates(connection, today, settings, that_day, due_on, due_on)
        kept, _, kept_tried = _apply_attempts(connection, found, today, settings)
        tried |= {len(rows) + position: info for position, info in kept_tried.items()}
        rows += kept
        due_on += dt.timedelta(days=1)
    if len(rows) < count:
        return None
    return Agenda(today, rows[:count], (count, count), tried, complete=False)


def _candidates(
    connection: Connection,
    today: dt.date,
    settings: Settings,
    listed: Sequence[tuple[int, int, dt.date, dt.date]],
    first_due: dt.date,
    last_due: dt.date,
) -> list[Any]:
    """Candidate rows in the agenda's order, due from `first_due` to `last_due`."""
    thanks_oldest = today - dt.timedelta(days=THANKS_WINDOW_DAYS)
    winback_oldest = today - dt.timedelta(days=settings.winback_window_days - 1)
    params = {
        "today": today.isoformat(),
        "horizon": max(today, last_due).isoformat(),
        "first_due": first_due.isoformat(),
        "last_due": last_due.isoformat(),
        "thanks_days": f"+{THANKS_WINDOW_DAYS} days",
        "thanks_oldest": thanks_oldest.isoformat(),
        # Stored as UTC text; a day's margin covers every time zone.
        "thanks_oldest_at": (thanks_oldest - dt.timedelta(days=1)).isoformat(),
        "winback_oldest": max(winback_oldest, first_due).isoformat(),
        "winback_last_day": f"+{settings.winback_window_days - 1} days",
    }
    return raw_rows(connection, _CANDIDATES.format(listed=_values(listed)), params)


# --- calls tried before ---------------------------------------------------------------------


def _apply_attempts(
    connection: Connection, rows: list[Any], today: dt.date, settings: Settings
) -> tuple[list[Any], tuple[int, int], dict[int, tuple[int, Outcome | None]]]:
    """Rows regrouped by status: untried calls keep the status of their due date; tried ones
    get theirs from the call rules, which may close them or bring them back overdue."""
    today_iso = today.isoformat()
    first_today = bisect_left(rows, today_iso, key=_DUE)
    first_upcoming = bisect_right(rows, today_iso, key=_DUE)
    tried_positions = [position for position, row in enumerate(rows) if row[TRIED] is not None]
    dropped: set[int] = set()
    back_overdue: list[int] = []
    info: dict[int, tuple[int, Outcome | None]] = {}  # old position → attempts, last outcome
    fromisoformat, max_attempts = dt.date.fromisoformat, settings.max_attempts
    days: dict[str, dt.date] = {}  # the attempts share a few dates: each is parsed once
    for position in tried_positions:
        row = rows[position]
        count, spoke, wrong_numbers, last_on, last_outcome, _ = row[TRIED].split("|", 5)
        if wrong_numbers != "0":
            # Rare: whether the number was corrected since needs every attempt's number.
            tried = _summary_with_numbers(connection, row)
        else:
            on = days.get(last_on)
            if on is None:
                on = days[last_on] = fromisoformat(last_on)
            last = Attempt(on, _OUTCOMES[last_outcome])
            tried = AttemptSummary(int(count), spoke != "0", False, last)
        status = summary_status(
            today, fromisoformat(row[DUE]), fromisoformat(row[EVENT]), tried, max_attempts
        )
        info[position] = (tried.attempts, tried.last.outcome if tried.last else None)
        if status is None:
            dropped.add(position)
        elif status is CallStatus.OVERDUE and position >= first_today:
            # Tried on an earlier day and not reached: back the next day, overdue.
            dropped.add(position)
            back_overdue.append(position)
    if not dropped:
        return rows, (first_today, first_upcoming), info

    def kept(start: int, stop: int) -> list[int]:
        return [position for position in range(start, stop) if position not in dropped]

    # back_overdue is in row order, so it is sorted like the rest of the overdue group.
    order = kept(0, first_today) + back_overdue
    overdue_count = len(order)
    order += kept(first_today, first_upcoming)
    today_stop = len(order)
    order += kept(first_upcoming, len(rows))
    regrouped = [rows[position] for position in order]
    new_info = {new: info[old] for new, old in enumerate(order) if old in info}
    return regrouped, (overdue_count, today_stop), new_info


def _summary_with_numbers(connection: Connection, row: Any) -> AttemptSummary:
    """The attempts of a call that met a wrong number, summed up with the number dialled:
    the call comes back once another number is saved as primary."""
    logged = raw_rows(
        connection,
        "SELECT date(at, 'localtime'), outcome, phone_e164 FROM call_attempt "
        "WHERE reason = :reason AND occasion_on = :occasion AND guest_id = :guest "
        "AND coalesce(referral_id, 0) = :referral ORDER BY at, id",
        {
            "reason": row[REASON],
            "occasion": row[OCCASION],
            "guest": row[GUEST],
            "referral": row[REFERRAL],
        },
    )
    attempts = [Attempt(dt.date.fromisoformat(on), _OUTCOMES[outcome]) for on, outcome, _ in logged]
    wrong = [phone for _, outcome, phone in logged if outcome == Outcome.WRONG_NUMBER.value]
    phone = row[PHONE]
    return summarize(attempts, bool(wrong) and phone is not None and phone != wrong[-1])
