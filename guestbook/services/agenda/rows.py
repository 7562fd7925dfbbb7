"""The agenda's rows and the call rules applied to them.

storage.sqlite.agenda reads the candidates, in order, from one statement over covering
indexes: birthdays in the window, thank-yous to sponsors whose friend came, regulars late by
their own rhythm, low scores to call back about, messages to read out. A call nobody has tried
yet takes its status from its due date, and the order by due date already groups those
statuses (a bisect finds the groups); the tried ones go through domain.calls.summary_status.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.birthdays import call_due_on, observed_between
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
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as sql
from guestbook.storage.sqlite.agenda import (
    DUE,
    EVENT,
    PHONE,
    TRIED,
    ListedBirthday,
    Window,
)

OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # Outcome(x) is slow in a loop

# Row position → (attempts, last outcome), for the calls tried before.
Tried = dict[int, tuple[int, Outcome | None]]

_DUE = itemgetter(DUE)


def window(today: dt.date, settings: Settings, first_due: dt.date, last_due: dt.date) -> Window:
    return Window(today, first_due, last_due, THANKS_WINDOW_DAYS, settings.winback_window_days)


def listed_birthdays(today: dt.date, horizon: dt.date, settings: Settings) -> list[ListedBirthday]:
    """(month, day, occurrence, due date) of every birthday whose call is listed: due by the
    horizon and not yet passed."""
    lead = dt.timedelta(days=settings.lead_days)
    listed = []
    for month, day, event_on in observed_between(today, horizon + lead, settings.feb29):
        due_on = call_due_on(event_on, settings.lead_days)
        if due_on <= horizon:
            listed.append((month, day, event_on, due_on))
    return listed


def event_spans(
    settings: Settings, open_days: int = 0, open_reasons: Sequence[Reason] = ()
) -> list[list[Reason]]:
    """The reasons grouped by the days from a call's due date to its event, fewest first:
    among calls due the same day, the agenda orders by event date. A feedback or notice
    call's event is today (it has no last day): `open_days` from its due date, for the
    `open_reasons` that have calls due that day."""
    spans = {
        Reason.BIRTHDAY: settings.lead_days,
        Reason.REFERRAL_THANKS: THANKS_WINDOW_DAYS,
        Reason.WINBACK: settings.winback_window_days - 1,
    }
    spans |= dict.fromkeys(open_reasons, open_days)
    return [
        [reason for reason, days in spans.items() if days == span]
        for span in sorted(set(spans.values()))
    ]


# --- calls tried before ---------------------------------------------------------------------


def apply_attempts(
    connection: Connection,
    rows: list[Any],
    today: dt.date,
    settings: Settings,
    done: list[tuple[Any, tuple[int, Outcome | None]]] | None = None,
) -> tuple[list[Any], tuple[int, int], Tried]:
    """Rows regrouped by status: untried calls keep the status of their due date; tried ones
    get theirs from the call rules, which may close them or bring them back overdue. The
    calls that left the agenda because they were tried today go to `done`, when given, with
    their (attempts, last outcome)."""
    today_iso = today.isoformat()
    first_today = bisect_left(rows, today_iso, key=_DUE)
    first_upcoming = bisect_right(rows, today_iso, key=_DUE)
    tried_positions = [position for position, row in enumerate(rows) if row[TRIED] is not None]
    dropped: set[int] = set()
    back_overdue: list[int] = []
    info: Tried = {}  # by the rows' old positions
    fromisoformat, max_attempts = dt.date.fromisoformat, settings.max_attempts
    days: dict[str, dt.date] = {}  # the attempts share a few dates: each is parsed once
    for position in tried_positions:
        row = rows[position]
        count, spoke, wrong_numbers, last_on, last_outcome = sql.tried_summary(row[TRIED])
        if wrong_numbers != "0":
            # Rare: whether the number was corrected since needs every attempt's number.
            tried = _summary_with_numbers(connection, row)
        else:
            on = days.get(last_on)
            if on is None:
                on = days[last_on] = fromisoformat(last_on)
            last = Attempt(on, OUTCOMES[last_outcome])
            tried = AttemptSummary(int(count), spoke != "0", False, last)
        status = summary_status(
            today, fromisoformat(row[DUE]), fromisoformat(row[EVENT]), tried, max_attempts
        )
        info[position] = (tried.attempts, tried.last.outcome if tried.last else None)
        if status is None or sql.ended(row):  # a notice call settled: done, whatever the rules
            dropped.add(position)
            if done is not None and tried.last is not None and tried.last.on == today:
                done.append((row, info[position]))
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
    logged = sql.attempts_with_numbers(connection, row)
    attempts = [Attempt(dt.date.fromisoformat(on), OUTCOMES[outcome]) for on, outcome, _ in logged]
    wrong = [phone for _, outcome, phone in logged if outcome == Outcome.WRONG_NUMBER.value]
    phone = row[PHONE]
    return summarize(attempts, bool(wrong) and phone is not None and phone != wrong[-1])
