"""The agenda's statements (storage.sqlite.agenda runs them), written once for both engines with
storage.sql_words and made once per engine.

On SQLite each reads the covering indexes of migrations 0002 and 0011 it is told to; the
listed birthdays are a VALUES list of ISO texts. On PostgreSQL the same statements read typed
dates, and every date a row carries comes back as SQLite's ISO text (Words.iso_date), so a
candidate row is the same tuple from either engine and services.agenda reads one kind.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from guestbook.domain.calls import Reason
from guestbook.storage.sql_words import Words
from guestbook.storage.sqlite.agenda_parts import may_call, owed_sql, tried_sql
from guestbook.storage.sqlite.feedback_calls import feedback_arm
from guestbook.storage.sqlite.notice_calls import notice_arm
from guestbook.storage.sqlite.site_terms import guests_slot

# Where the statements take a site's term on the guest they read (site_terms.for_site).
G_SLOT, S_SLOT = guests_slot("g"), guests_slot("s")

# (month, day, occurrence, due date) of a birthday whose call is listed.
ListedBirthday = tuple[int, int, dt.date, dt.date]


def _later(w: Words, date: str, days: str) -> str:
    """`date` plus the window's `days` (bound as ':…_days', "+N days", for SQLite's date();
    as ':…_count', N, for PostgreSQL)."""
    if w.postgresql:
        return w.plus_days(date, f"CAST(:{days}_count AS INTEGER)")
    return f"date({date}, :{days}_days)"


# Birthdays: the occurrence and due date of each (month, day) in the window come from the
# domain (29 February, year wrap), one VALUES row per listed day. Erasing a guest clears
# their birthday, so no erased_at filter is needed here.
@functools.cache
def birthdays_arm(w: Words) -> str:
    iso = w.iso_date
    tried = tried_sql(w).format(reason="birthday", occasion="b.event_on", guest="g.id", extra="")
    # PostgreSQL types a UNION's column by its first two arms: NULL and NULL would be text,
    # which the win-back arm's interval (an integer) cannot join.
    no_interval = "CAST(NULL AS INTEGER)" if w.postgresql else "NULL"
    return f"""
SELECT 'birthday', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       {iso("b.due_on")}, {iso("b.event_on")}, {iso("b.event_on")}, 0, g.birth_year, {
        iso("g.last_visit_on")
    },
       p.first_name, p.last_name, g.partner_name, {no_interval}, NULL, NULL,
       {owed_sql(w).format(guest="g.id")},
       {tried}
FROM listed_birthday b
JOIN guest g {w.indexed_by("ix_guest_birthday_call")}
  ON g.birth_month = b.month AND g.birth_day = b.day
LEFT JOIN guest p ON p.id = g.partner_id
WHERE {may_call(Reason.BIRTHDAY, "g", w)}{G_SLOT}
"""


# Thank-yous: due when both the referral and the friend's first visit exist, on the agenda
# for the thanks window (domain.calls.referral_thanks_occasion; a test checks the two agree,
# local dates included).
@functools.cache
def thanks_arm(w: Words) -> str:
    iso = w.iso_date
    tried = tried_sql(w).format(
        reason="referral_thanks",
        occasion="t.first_visit_on",
        guest="s.id",
        extra=" AND a.referral_id = t.id",
    )
    due = w.greatest("r.first_visit_on", w.local_date("r.recorded_at"))
    return f"""
SELECT 'referral_thanks', s.id, s.first_name, s.last_name, s.name_key, s.primary_phone,
       {iso("t.due_on")}, {iso(_later(w, "t.due_on", "thanks"))}, {
        iso("t.first_visit_on")
    }, t.id, NULL, {iso("s.last_visit_on")},
       NULL, NULL, '', NULL, f.first_name, f.last_name,
       {owed_sql(w).format(guest="s.id")},
       {tried}
FROM (SELECT r.id, r.sponsor_id, r.referred_id, r.first_visit_on,
             {due} AS due_on
      FROM referral r
      WHERE (r.first_visit_on BETWEEN :thanks_oldest AND :horizon
             OR r.recorded_at >= :thanks_oldest_at)
        AND r.first_visit_on IS NOT NULL) t
JOIN guest s ON s.id = t.sponsor_id
JOIN guest f ON f.id = t.referred_id
WHERE t.due_on BETWEEN :first_due AND :last_due AND {_later(w, "t.due_on", "thanks")} >= :today
  AND s.erased_at IS NULL AND {may_call(Reason.REFERRAL_THANKS, "s", w)}{S_SLOT}
"""


# Regulars late by their rhythm: late_from is kept by services.summaries with the current
# lapse settings, so the lapse is read from the summary columns, no visit read.
@functools.cache
def winback_arm(w: Words) -> str:
    iso = w.iso_date
    tried = tried_sql(w).format(
        reason="winback", occasion="g.last_visit_on", guest="g.id", extra=""
    )
    return f"""
SELECT 'winback', g.id, g.first_name, g.last_name, g.name_key, g.primary_phone,
       {iso("g.late_from")}, {iso(_later(w, "g.late_from", "winback_last"))}, {
        iso("g.last_visit_on")
    }, 0, NULL,
       {iso("g.last_visit_on")}, NULL, NULL, '', g.visit_interval_days, NULL, NULL,
       {owed_sql(w).format(guest="g.id")},
       {tried}
FROM guest g {w.indexed_by("ix_guest_winback")}
WHERE g.late_from BETWEEN :winback_oldest AND :last_due AND g.erased_at IS NULL
  AND {may_call(Reason.WINBACK, "g", w)}
  AND g.last_visit_on IS NOT NULL AND g.visit_interval_days > 0{G_SLOT}
"""


_LISTED = "WITH listed_birthday(month, day, event_on, due_on) AS ({listed})"


@functools.cache
def candidates_sql(w: Words) -> str:
    return f"""
{_LISTED}
{birthdays_arm(w)}
UNION ALL
{thanks_arm(w)}
UNION ALL
{winback_arm(w)}
ORDER BY 7, 8, 5, 2, 1, 10
"""


# The feedback calls (storage.sqlite.feedback_calls), a statement of their own, their few rows
# merged into the others' in order (agenda.candidates): as a fourth arm of theirs, with nothing
# to read, they cost them a tenth of their time in merging. A site's term is ANDed onto the end
# of its WHERE, as onto the notice calls' (both WHEREs are a chain of AND terms).
@functools.cache
def feedback_sql(w: Words) -> str:
    return f"{feedback_arm(w)}{G_SLOT} ORDER BY 7, 8, 5, 2, 1, 10, 21"


# The notice calls (storage.sqlite.notice_calls) likewise: none at all while no message was
# handed over to the agenda, an empty range of their index.
@functools.cache
def notice_sql(w: Words) -> str:
    return f"{notice_arm(w)}{G_SLOT} ORDER BY 7, 8, 5, 2, 1, 10, 25"


def _cannot_be_called(w: Words) -> str:
    consent = "g.consent_call IS NOT TRUE" if w.postgresql else "g.consent_call IS NOT 1"
    return f"(g.primary_phone IS NULL OR {consent}){G_SLOT}"


# Guests who cannot be called are only counted, per birthday and reason, never fetched
# (ix_guest_birthday covers the count, a site's too).
@functools.cache
def left_out_sql(w: Words) -> str:
    return f"""
{_LISTED}
SELECT g.primary_phone IS NULL, count(*)
FROM listed_birthday b JOIN guest g {w.indexed_by("ix_guest_birthday")}
  ON g.birth_month = b.month AND g.birth_day = b.day
WHERE {_cannot_be_called(w)}
GROUP BY 1
"""


# The guests counted by left_out_sql, by name, in the order of their birthdays.
@functools.cache
def left_out_guests_sql(w: Words) -> str:
    return f"""
{_LISTED}
SELECT g.id, g.first_name, g.last_name, {w.iso_date("b.event_on")}, {
        w.flag("g.primary_phone IS NULL") if w.postgresql else "g.primary_phone IS NULL"
    }
FROM listed_birthday b JOIN guest g {w.indexed_by("ix_guest_birthday")}
  ON g.birth_month = b.month AND g.birth_day = b.day
WHERE {_cannot_be_called(w)}
ORDER BY b.event_on, g.name_key, g.id
LIMIT :limit
"""


# One reason's calls due on one day, in the order of its index: a LIMIT reads no further
# (agenda.no_limit: none).
@functools.cache
def one_reason_sql(w: Words, reason: Reason) -> str:
    order = "ORDER BY 7, 5, 2, 1, 10"
    return {
        Reason.BIRTHDAY: f"\n{_LISTED}\n{birthdays_arm(w)} {order} LIMIT :limit",
        Reason.REFERRAL_THANKS: f"{thanks_arm(w)} {order} LIMIT :limit",
        Reason.WINBACK: f"{winback_arm(w)} {order} LIMIT :limit",
        Reason.FEEDBACK: f"{feedback_arm(w)}{G_SLOT} {order}, 21 LIMIT :limit",
        Reason.NOTICE: f"{notice_arm(w)}{G_SLOT} {order}, 25 LIMIT :limit",
    }[reason]


def values_sql(listed: Sequence[ListedBirthday], w: Words) -> str:
    """The listed birthdays as a VALUES clause: integers and ISO dates formatted by us, safe
    to inline (bound parameters would cap the window); typed dates on PostgreSQL."""
    date = "DATE " if w.postgresql else ""
    if not listed:
        if w.postgresql:
            return "SELECT CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS DATE), CAST(NULL AS DATE) WHERE 1 = 0"
        return "SELECT NULL, NULL, NULL, NULL WHERE 0"
    rows = ", ".join(
        f"({int(month)}, {int(day)}, {date}'{event.isoformat()}', {date}'{due.isoformat()}')"
        for month, day, event, due in listed
    )
    return f"VALUES {rows}"
