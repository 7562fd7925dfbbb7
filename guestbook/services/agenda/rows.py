"""The agenda's rows: one SQL statement for every candidate call, and the call rules applied
to the few that were tried before.

The statement lists the candidates in the agenda's order (due date, event date, folded name),
reading the covering indexes of migration 0002 only: birthdays in the window, thank-yous to
sponsors whose friend came, regulars late by their own rhythm. A call nobody has tried yet
takes its status from its due date, and the order by due date already groups those statuses
(a bisect finds the groups); the tried ones go through domain.calls.summary_status.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday, next_occurrence
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
from guestbook.services.queries import raw_rows
from guestbook.settings import Settings

OUTCOMES = {outcome.value: outcome for outcome in Outcome}  # Outcome(x) is slow in a loop

# (month, day, occurrence, due date) of a birthday whose call is listed.
ListedBirthday = tuple[int, int, dt.date, dt.date]
# Row position → (attempts, last outcome), for the calls tried before.
Tried = dict[int, tuple[int, Outcome | None]]

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

CANDIDATES_SQL = f"""
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
LEFT_OUT_SQL = """
WITH listed_birthday(month, day, event_on, due_on) AS ({listed})
SELECT g.primary_phone IS NULL, count(*)
FROM listed_birthday b JOIN guest g INDEXED BY ix_guest_birthday
  ON g.birth_month = b.month AND g.birth_day = b.day
WHERE g.primary_phone IS NULL OR g.consent_call IS NOT 1
GROUP BY 1
"""


def listed_birthdays(today: dt.date, horizon: dt.date, settings: Settings) -> list[ListedBirthday]:
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


def values_sql(listed: Sequence[ListedBirthday]) -> str:
    """The listed birthdays as a VALUES clause: integers and ISO dates formatted by us, safe
    to inline (bound parameters would cap the window)."""
    if not listed:
        return "SELECT NULL, NULL, NULL, NULL WHERE 0"
    rows = ", ".join(
        f"({int(month)}, {int(day)}, '{event.isoformat()}', '{due.isoformat()}')"
        for month, day, event, due in listed
    )
    return f"VALUES {rows}"


def candidates(
    connection: Connection,
    today: dt.date,
    settings: Settings,
    listed: Sequence[ListedBirthday],
    first_due: dt.date,
    last_due: dt.date,
) -> list[Any]:
    """Candidate rows in the agenda's order, due from `first_due` to `last_due`."""
    params = _params(today, settings, first_due, last_due)
    return raw_rows(connection, CANDIDATES_SQL.format(listed=values_sql(listed)), params)


# One reason's calls due on one day, in the order of its index: a LIMIT reads no further.
_ONE_REASON = {
    Reason.BIRTHDAY: f"""
WITH listed_birthday(month, day, event_on, due_on) AS ({{listed}})
{_BIRTHDAYS} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit""",
    Reason.REFERRAL_THANKS: f"{_THANKS} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit",
    Reason.WINBACK: f"{_WINBACK} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit",
}
# The order among calls due on the same day whose events fall on the same day.
_TIES = itemgetter(SORT_NAME, GUEST, REASON, REFERRAL)


def calls_due_on(
    connection: Connection,
    today: dt.date,
    settings: Settings,
    reasons: Sequence[Reason],
    listed: Sequence[ListedBirthday],
    due_on: dt.date,
    limit: int,
) -> tuple[list[Any], bool]:
    """The calls for `reasons` due on `due_on` whose events fall on the same day, in the
    agenda's order, at most `limit` of each reason, cut where every one read is certain to
    be in its place; and whether they are all of them."""
    params = {**_params(today, settings, due_on, due_on), "limit": limit}
    found: list[Any] = []
    complete, bound = True, None
    for reason in reasons:
        sql = _ONE_REASON[reason].format(listed=values_sql(listed))
        rows = raw_rows(connection, sql, params)
        found += rows
        if len(rows) >= limit:
            complete = False
            last = _TIES(rows[-1])
            bound = last if bound is None else min(bound, last)
    if len(reasons) > 1:
        found.sort(key=_TIES)
        if bound is not None:  # past it, rows of a reason read only in part could be missing
            found = [row for row in found if _TIES(row) <= bound]
    return found, complete


def event_spans(settings: Settings) -> list[list[Reason]]:
    """The reasons grouped by the days from a call's due date to its event, fewest first:
    among calls due the same day, the agenda orders by event date."""
    spans = {
        Reason.BIRTHDAY: settings.lead_days,
        Reason.REFERRAL_THANKS: THANKS_WINDOW_DAYS,
        Reason.WINBACK: settings.winback_window_days - 1,
    }
    return [
        [reason for reason, days in spans.items() if days == span]
        for span in sorted(set(spans.values()))
    ]


def _params(
    today: dt.date, settings: Settings, first_due: dt.date, last_due: dt.date
) -> dict[str, object]:
    thanks_oldest = today - dt.timedelta(days=THANKS_WINDOW_DAYS)
    winback_oldest = today - dt.timedelta(days=settings.winback_window_days - 1)
    return {
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


# --- calls tried before ---------------------------------------------------------------------


def apply_attempts(
    connection: Connection, rows: list[Any], today: dt.date, settings: Settings
) -> tuple[list[Any], tuple[int, int], Tried]:
    """Rows regrouped by status: untried calls keep the status of their due date; tried ones
    get theirs from the call rules, which may close them or bring them back overdue."""
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
        count, spoke, wrong_numbers, last_on, last_outcome, _ = row[TRIED].split("|", 5)
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
    attempts = [Attempt(dt.date.fromisoformat(on), OUTCOMES[outcome]) for on, outcome, _ in logged]
    wrong = [phone for _, outcome, phone in logged if outcome == Outcome.WRONG_NUMBER.value]
    phone = row[PHONE]
    return summarize(attempts, bool(wrong) and phone is not None and phone != wrong[-1])


def left_out(connection: Connection, listed: Sequence[ListedBirthday]) -> tuple[int, int]:
    """Birthdays of the listed days that cannot be called: (without a phone, without consent)."""
    no_phone = no_consent = 0
    for phoneless, count in raw_rows(
        connection, LEFT_OUT_SQL.format(listed=values_sql(listed)), {}
    ):
        if phoneless:
            no_phone = count
        else:
            no_consent = count
    return no_phone, no_consent
