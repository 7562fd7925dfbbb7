"""The agenda's statements: every candidate call in one statement over the covering indexes of
migration 0002 (and the feedback and notice calls in small ones of their own, merged in), one
reason's
calls due on one day, the birthdays that cannot be called, and the attempts of a call that met
a wrong number.

A candidate row has the columns named below, the same in every arm. Its TRIED column sums up
what was tried for the occasion (`tried_summary` reads it back); the call rules themselves are
applied by services.agenda.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.calls import Reason
from guestbook.storage.sqlite.agenda_parts import OWED_SQL as _OWED
from guestbook.storage.sqlite.agenda_parts import TRIED_SQL as _TRIED
from guestbook.storage.sqlite.agenda_parts import may_call as _may_call
from guestbook.storage.sqlite.feedback_calls import FEEDBACK_ARM
from guestbook.storage.sqlite.import_store import chunks
from guestbook.storage.sqlite.notice_calls import NOTICE_ARM
from guestbook.storage.sqlite.raw import marks
from guestbook.storage.sqlite.raw import rows as raw_rows

# (month, day, occurrence, due date) of a birthday whose call is listed.
ListedBirthday = tuple[int, int, dt.date, dt.date]

# Columns of a candidate row, the same in every arm of the statement; a feedback call's row
# has four more, its response (`response_of`), and a notice call's eight more, four empty and
# its delivery (`notice_of`): the other rows carry no empty columns for them, which cost the
# statement a twentieth of its time.
(REASON, GUEST, FIRST, LAST, SORT_NAME, PHONE, DUE, EVENT, OCCASION, REFERRAL, BIRTH_YEAR,
 LAST_VISIT, PARTNER_FIRST, PARTNER_LAST, PARTNER_NAME, INTERVAL, REFERRED_FIRST,
 REFERRED_LAST, OWED, TRIED, FEEDBACK, CES, SATISFACTION, COMMENT, DELIVERY, SUBJECT, BODY,
 ENDED) = range(28)  # fmt: skip


@dataclass(frozen=True)
class Window:
    """Which calls a statement reads: due from `first_due` to `last_due`, as seen on `today`."""

    today: dt.date
    first_due: dt.date
    last_due: dt.date
    thanks_days: int  # a thank-you stays on the agenda this many days after its due date
    winback_days: int  # a win-back call's days on the agenda


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
WHERE {_may_call(Reason.BIRTHDAY, "g")}
"""

# Thank-yous: due when both the referral and the friend's first visit exist, on the agenda
# for the thanks window (domain.calls.referral_thanks_occasion; a test checks the two agree,
# local dates included).
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
  AND s.erased_at IS NULL AND {_may_call(Reason.REFERRAL_THANKS, "s")}
"""

# Regulars late by their rhythm: late_from is kept by services.summaries with the current
# lapse settings, so the lapse is read from the summary columns, no visit read.
_WINBACK = f"""
SELECT 'winback', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       g.late_from, date(g.late_from, :winback_last_day), g.last_visit_on, 0, NULL,
       g.last_visit_on, NULL, NULL, '', g.visit_interval_days, NULL, NULL,
       {_OWED.format(guest="g.id")},
       {_TRIED.format(reason="winback", occasion="g.last_visit_on", guest="g.id", extra="")}
FROM guest g INDEXED BY ix_guest_winback
WHERE g.late_from BETWEEN :winback_oldest AND :last_due AND g.erased_at IS NULL
  AND {_may_call(Reason.WINBACK, "g")}
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
# The feedback calls (storage.sqlite.feedback_calls), a statement of their own, their few rows
# merged into the others' in order (`candidates`): as a fourth arm of theirs, with nothing to
# read, they cost them a tenth of their time in merging.
FEEDBACK_SQL = f"{FEEDBACK_ARM} ORDER BY 7, 8, 5, 2, 1, 10, 21"
# The notice calls (storage.sqlite.notice_calls) likewise: none at all while no message was
# handed over to the agenda, an empty range of their index.
NOTICE_SQL = f"{NOTICE_ARM} ORDER BY 7, 8, 5, 2, 1, 10, 25"

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
    connection: Connection, window: Window, listed: Sequence[ListedBirthday]
) -> list[Any]:
    """Candidate rows in the agenda's order (due date, event date, folded name, guest)."""
    params = _params(window)
    rows = raw_rows(connection, CANDIDATES_SQL.format(listed=values_sql(listed)), params)
    more = raw_rows(connection, FEEDBACK_SQL, params)
    notices = raw_rows(connection, NOTICE_SQL, params)
    if notices:
        more = sorted(more + notices, key=_ORDER) if more else notices
    return _merged(rows, more)


def _merged(rows: list[Any], more: list[Any]) -> list[Any]:
    """Two lists of rows in the agenda's order, as one: `more` (a few) go in after the rows
    they follow, found by bisection, in one pass (a guest's two responses of one day keep the
    order of their statement)."""
    if not more:
        return rows
    merged: list[Any] = []
    start = 0
    for row in more:
        at = bisect_right(rows, _ORDER(row), lo=start, key=_ORDER)
        merged += rows[start:at]
        merged.append(row)
        start = at
    return merged + rows[start:]


def response_of(row: Any) -> tuple[int, int | None, int | None, str] | None:
    """A feedback call's response (id, effort, satisfaction, comment); None for other calls."""
    return None if len(row) <= FEEDBACK or row[FEEDBACK] is None else row[FEEDBACK:DELIVERY]


def notice_of(row: Any) -> tuple[int, str, str] | None:
    """A notice call's delivery (id, the message's subject, its text as written); None for
    other calls."""
    return None if len(row) <= DELIVERY else row[DELIVERY:ENDED]


def ended(row: Any) -> bool:
    """Whether a candidate's call was already ended otherwise than by the call rules: a
    notice call whose delivery was sent or failed, read only to be listed as done today."""
    return len(row) > ENDED and bool(row[ENDED])


# One reason's calls due on one day, in the order of its index: a LIMIT reads no further
# (-1: no limit).
_ONE_REASON = {
    Reason.BIRTHDAY: f"""
WITH listed_birthday(month, day, event_on, due_on) AS ({{listed}})
{_BIRTHDAYS} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit""",
    Reason.REFERRAL_THANKS: f"{_THANKS} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit",
    Reason.WINBACK: f"{_WINBACK} ORDER BY 7, 5, 2, 1, 10 LIMIT :limit",
    Reason.FEEDBACK: f"{FEEDBACK_ARM} ORDER BY 7, 5, 2, 1, 10, 21 LIMIT :limit",
    Reason.NOTICE: f"{NOTICE_ARM} ORDER BY 7, 5, 2, 1, 10, 25 LIMIT :limit",
}


# The agenda's order (the statements' ORDER BY), and among calls due on the same day whose
# events fall on the same day. Two calls differ by these, but for a guest's two responses (or
# two messages) of one day, whose rows come in order from their own statement.
_ORDER = itemgetter(DUE, EVENT, SORT_NAME, GUEST, REASON, REFERRAL)
_TIES = itemgetter(SORT_NAME, GUEST, REASON, REFERRAL)


def calls_due_on(
    connection: Connection,
    window: Window,
    reasons: Sequence[Reason],
    listed: Sequence[ListedBirthday],
    limit: int,
) -> tuple[list[Any], bool]:
    """The calls for `reasons` due on the window's one day (first_due == last_due) whose
    events fall on the same day, in the agenda's order, at most `limit` of each reason, cut
    where every one read is certain to be in its place; and whether they are all of them."""
    params = {**_params(window), "limit": limit}
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


def _params(window: Window) -> dict[str, object]:
    today, first_due, last_due = window.today, window.first_due, window.last_due
    thanks_oldest = today - dt.timedelta(days=window.thanks_days)
    winback_oldest = today - dt.timedelta(days=window.winback_days - 1)
    return {
        "today": today.isoformat(),
        "horizon": max(today, last_due).isoformat(),
        "first_due": first_due.isoformat(),
        "last_due": last_due.isoformat(),
        "thanks_days": f"+{window.thanks_days} days",
        "thanks_oldest": thanks_oldest.isoformat(),
        # Stored as UTC text; a day's margin covers every time zone.
        "thanks_oldest_at": (thanks_oldest - dt.timedelta(days=1)).isoformat(),
        "winback_oldest": max(winback_oldest, first_due).isoformat(),
        "winback_last_day": f"+{window.winback_days - 1} days",
    }


def tried_summary(text: str) -> tuple[str, str, str, str, str]:
    """A TRIED cell: (attempts, spoke to the guest, wrong numbers, local date of the last
    attempt, its outcome), as text; counts are '0' when none."""
    count, spoke, wrong_numbers, last_on, last_outcome, _ = text.split("|", 5)
    return count, spoke, wrong_numbers, last_on, last_outcome


def attempts_with_numbers(connection: Connection, row: Any) -> list[tuple[str, str, str | None]]:
    """(local date, outcome, number dialled) of every attempt of a candidate's occasion, in
    the order they were made."""
    return raw_rows(
        connection,
        "SELECT date(at, 'localtime'), outcome, phone_e164 FROM call_attempt "
        "WHERE reason = :reason AND occasion_on = :occasion AND guest_id = :guest "
        "AND coalesce(referral_id, 0) = :referral AND coalesce(feedback_id, 0) = :feedback "
        "AND coalesce(delivery_id, 0) = :delivery "
        "ORDER BY at, id",
        _occasion_of(row),
    )


def _occasion_of(row: Any) -> dict[str, object]:
    """What names a candidate's occasion among the attempts: reason, date and guest, and for
    a thank-you its referral, for a feedback call its response, for a notice call its
    delivery (0: none)."""
    return {
        "reason": row[REASON],
        "occasion": row[OCCASION],
        "guest": row[GUEST],
        "referral": row[REFERRAL],
        "feedback": (row[FEEDBACK] or 0) if len(row) > FEEDBACK else 0,
        "delivery": row[DELIVERY] if len(row) > DELIVERY else 0,
    }


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


def calls_of(
    connection: Connection, reason: Reason, window: Window, listed: Sequence[ListedBirthday]
) -> list[Any]:
    """Every candidate row of `reason` the window reads (for birthdays: the listed days),
    whatever its day: the calls whose window has passed are read so (services.agenda.missed)."""
    sql = _ONE_REASON[reason].format(listed=values_sql(listed))
    return raw_rows(connection, sql, {**_params(window), "limit": -1})


# The guests counted by LEFT_OUT_SQL, by name, in the order of their birthdays.
LEFT_OUT_GUESTS_SQL = """
WITH listed_birthday(month, day, event_on, due_on) AS ({listed})
SELECT g.id, g.first_name, g.last_name, b.event_on, g.primary_phone IS NULL
FROM listed_birthday b JOIN guest g INDEXED BY ix_guest_birthday
  ON g.birth_month = b.month AND g.birth_day = b.day
WHERE g.primary_phone IS NULL OR g.consent_call IS NOT 1
ORDER BY b.event_on, g.name_key, g.id
LIMIT :limit
"""


def left_out_guests(
    connection: Connection, listed: Sequence[ListedBirthday], limit: int = -1
) -> list[tuple[int, str, str, str, int]]:
    """(guest id, first name, last name, birthday observed, 1 when without a phone, 0 when
    without consent) of the guests `left_out` counts, by birthday and name."""
    sql = LEFT_OUT_GUESTS_SQL.format(listed=values_sql(listed))
    return raw_rows(connection, sql, {"limit": limit})


def last_attempt(connection: Connection, row: Any) -> tuple[dt.datetime, str, str | None, str, str]:
    """(local time, outcome, booked for, staff, note) of the latest attempt of a candidate's
    occasion: one seek in ix_call_attempt_occasion."""
    found = raw_rows(
        connection,
        "SELECT at, outcome, booked_for, staff, note FROM call_attempt "
        "WHERE reason = :reason AND occasion_on = :occasion AND guest_id = :guest "
        "AND coalesce(referral_id, 0) = :referral AND coalesce(feedback_id, 0) = :feedback "
        "AND coalesce(delivery_id, 0) = :delivery "
        "ORDER BY at DESC, id DESC LIMIT 1",
        _occasion_of(row),
    )
    at, outcome, booked_for, staff, note = found[0]
    # Stored as naive UTC text (raw.stamp).
    local = dt.datetime.fromisoformat(at).replace(tzinfo=dt.UTC).astimezone()
    return local, outcome, booked_for, staff, note


def birthday_bookings(
    connection: Connection, first: dt.date, last: dt.date
) -> list[tuple[int, str, str]]:
    """(guest id, occasion, booked for) of the birthday calls booked for the occasions from
    `first` to `last`, the latest booking of an occasion last."""
    return raw_rows(
        connection,
        "SELECT guest_id, occasion_on, booked_for FROM call_attempt "
        "WHERE reason = 'birthday' AND occasion_on BETWEEN :first AND :last "
        "AND outcome = 'booked' AND booked_for IS NOT NULL ORDER BY at, id",
        {"first": first.isoformat(), "last": last.isoformat()},
    )


def at_site(connection: Connection, guest_ids: Sequence[int], site: str) -> set[int]:
    """The guests among `guest_ids` whose home site is `site`, or who have none yet (never
    came: nobody's guest is every site's to call, the shared call log shows who tried). One
    probe by id each, in batches: an agenda holds a few thousand guests at most."""
    found: set[int] = set()
    for part in chunks(sorted(set(guest_ids))):
        sql = f"SELECT id FROM guest WHERE home_site IN (?, '') AND id IN ({marks(len(part))})"
        found.update(guest_id for (guest_id,) in raw_rows(connection, sql, (site, *part)))
    return found
