"""The agenda's statements: every candidate call in one statement over the covering indexes of
migration 0002 (and the feedback and notice calls in small ones of their own, merged in), one
reason's calls due on one day, the birthdays that cannot be called, and the attempts of a call
that met a wrong number. Each reads the whole group's guests, or one site's (issue 19): its
WHERE then keeps them (site_terms.for_site), from the same indexes, which hold home_site.

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
from guestbook.storage.sql_words import SQLITE_WORDS, Words, words
from guestbook.storage.sqlite import agenda_statements as statements
from guestbook.storage.sqlite.agenda_statements import ListedBirthday
from guestbook.storage.sqlite.raw import as_moment
from guestbook.storage.sqlite.raw import rows as raw_rows
from guestbook.storage.sqlite.site_terms import for_site

__all__ = ["ListedBirthday"]

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


# SQLite's statements, as the tests read them (PostgreSQL's are made as they are needed).
CANDIDATES_SQL = statements.candidates_sql(SQLITE_WORDS)
FEEDBACK_SQL = statements.feedback_sql(SQLITE_WORDS)
NOTICE_SQL = statements.notice_sql(SQLITE_WORDS)
LEFT_OUT_SQL = statements.left_out_sql(SQLITE_WORDS)
LEFT_OUT_GUESTS_SQL = statements.left_out_guests_sql(SQLITE_WORDS)
_ONE_REASON = {reason: statements.one_reason_sql(SQLITE_WORDS, reason) for reason in Reason}


def _sql(template: str, listed: Sequence[ListedBirthday], site: str, w: Words) -> str:
    """A statement for the listed birthdays, of `site`'s guests (everyone's when '')."""
    return for_site(template.format(listed=statements.values_sql(listed, w)), site)


def values_sql(listed: Sequence[ListedBirthday], w: Words = SQLITE_WORDS) -> str:
    """The listed birthdays as a VALUES clause (agenda_statements.values_sql)."""
    return statements.values_sql(listed, w)


def no_limit(w: Words) -> int | None:
    """The LIMIT that reads everything: SQLite's -1, PostgreSQL's NULL."""
    return None if w.postgresql else -1


def candidates(
    connection: Connection, window: Window, listed: Sequence[ListedBirthday], site: str = ""
) -> list[Any]:
    """Candidate rows in the agenda's order (due date, event date, folded name, guest), of
    `site`'s guests (site_terms.for_site; everyone's when '')."""
    params, w = _params(window, site), words(connection)
    rows = raw_rows(connection, _sql(statements.candidates_sql(w), listed, site, w), params)
    more = raw_rows(connection, for_site(statements.feedback_sql(w), site), params)
    notices = raw_rows(connection, for_site(statements.notice_sql(w), site), params)
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
    site: str = "",
) -> tuple[list[Any], bool]:
    """The calls for `reasons` due on the window's one day (first_due == last_due) whose
    events fall on the same day, of `site`'s guests, in the agenda's order, at most `limit`
    of each reason, cut where every one read is certain to be in its place; and whether they
    are all of them."""
    params, w = {**_params(window, site), "limit": limit}, words(connection)
    found: list[Any] = []
    complete, bound = True, None
    for reason in reasons:
        sql = _sql(statements.one_reason_sql(w, reason), listed, site, w)
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


def _params(window: Window, site: str = "") -> dict[str, object]:
    today, first_due, last_due = window.today, window.first_due, window.last_due
    thanks_oldest = today - dt.timedelta(days=window.thanks_days)
    winback_oldest = today - dt.timedelta(days=window.winback_days - 1)
    return {
        "today": today.isoformat(),
        "horizon": max(today, last_due).isoformat(),
        "first_due": first_due.isoformat(),
        "last_due": last_due.isoformat(),
        "thanks_days": f"+{window.thanks_days} days",
        "thanks_count": window.thanks_days,
        "thanks_oldest": thanks_oldest.isoformat(),
        # Stored as UTC text; a day's margin covers every time zone.
        "thanks_oldest_at": (thanks_oldest - dt.timedelta(days=1)).isoformat(),
        "winback_oldest": max(winback_oldest, first_due).isoformat(),
        "winback_last_days": f"+{window.winback_days - 1} days",
        "winback_last_count": window.winback_days - 1,
        "site": site,
    }


def tried_summary(text: str) -> tuple[str, str, str, str, str]:
    """A TRIED cell: (attempts, spoke to the guest, wrong numbers, local date of the last
    attempt, its outcome), as text; counts are '0' when none."""
    count, spoke, wrong_numbers, last_on, last_outcome, _ = text.split("|", 5)
    return count, spoke, wrong_numbers, last_on, last_outcome


def attempts_with_numbers(connection: Connection, row: Any) -> list[tuple[str, str, str | None]]:
    """(local date, outcome, number dialled) of every attempt of a candidate's occasion, in
    the order they were made."""
    local_day = words(connection).iso_date(words(connection).local_date("at"))
    return raw_rows(
        connection,
        f"SELECT {local_day}, outcome, phone_e164 FROM call_attempt "
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


def left_out(
    connection: Connection, listed: Sequence[ListedBirthday], site: str = ""
) -> tuple[int, int]:
    """Birthdays of the listed days that cannot be called, of `site`'s guests: (without a
    phone, without consent)."""
    no_phone = no_consent = 0
    w = words(connection)
    sql = _sql(statements.left_out_sql(w), listed, site, w)
    for phoneless, count in raw_rows(connection, sql, {"site": site}):
        if phoneless:
            no_phone = count
        else:
            no_consent = count
    return no_phone, no_consent


def calls_of(
    connection: Connection,
    reason: Reason,
    window: Window,
    listed: Sequence[ListedBirthday],
    site: str = "",
) -> list[Any]:
    """Every candidate row of `reason` the window reads (for birthdays: the listed days) of
    `site`'s guests, whatever its day: the calls whose window has passed are read so
    (services.agenda.missed)."""
    w = words(connection)
    sql = _sql(statements.one_reason_sql(w, reason), listed, site, w)
    return raw_rows(connection, sql, {**_params(window, site), "limit": no_limit(w)})


def left_out_guests(
    connection: Connection, listed: Sequence[ListedBirthday], limit: int = -1, site: str = ""
) -> list[tuple[int, str, str, str, int]]:
    """(guest id, first name, last name, birthday observed, 1 when without a phone, 0 when
    without consent) of the guests `left_out` counts, by birthday and name (`limit` -1: all)."""
    w = words(connection)
    sql = _sql(statements.left_out_guests_sql(w), listed, site, w)
    bound = no_limit(w) if limit < 0 else limit
    return raw_rows(connection, sql, {"limit": bound, "site": site})


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
    booked = booked_for if booked_for is None else str(booked_for)  # ISO, from either engine
    return as_moment(at).astimezone(), outcome, booked, staff, note


def birthday_bookings(
    connection: Connection, first: dt.date, last: dt.date
) -> list[tuple[int, str, str]]:
    """(guest id, occasion, booked for) of the birthday calls booked for the occasions from
    `first` to `last`, the latest booking of an occasion last."""
    iso = words(connection).iso_date
    return raw_rows(
        connection,
        f"SELECT guest_id, {iso('occasion_on')}, {iso('booked_for')} FROM call_attempt "
        "WHERE reason = 'birthday' AND occasion_on BETWEEN :first AND :last "
        "AND outcome = 'booked' AND booked_for IS NOT NULL ORDER BY at, id",
        {"first": first.isoformat(), "last": last.isoformat()},
    )
