"""What every arm of the agenda's statements asks of a candidate, as SQL fragments: the rewards
the guest may redeem today, whether the chef may phone them for a reason, and what was tried
for the occasion (a site's agenda keeps its own guests with storage.sqlite.site_terms). Shared by
storage.sqlite.agenda and storage.sqlite.feedback_calls.

Each is written for both engines (issue 19) with storage.sql_words; the SQLite forms are also
kept as constants, as the statements built once at import read them.
"""

from __future__ import annotations

import functools

from guestbook.domain.calls import Outcome, Reason
from guestbook.storage.sql_words import SQLITE_WORDS, Words


@functools.cache
def owed_sql(w: Words) -> str:
    """Rewards the guest `{guest}` may redeem today, one seek in ix_reward_open_guest."""
    return f"""(SELECT count(*) FROM reward w {w.indexed_by("ix_reward_open_guest")}
    WHERE w.guest_id = {{guest}} AND w.redeemed_visit_id IS NULL
      AND w.valid_to >= :today AND w.valid_from <= :today)"""


OWED_SQL = owed_sql(SQLITE_WORDS)


def may_call(reason: Reason, alias: str, w: Words = SQLITE_WORDS) -> str:
    """Whom the chef may phone for `reason`: a number, and, for a canvassing call (domain.reasons),
    the guest's recorded consent to be called."""
    phone = f"{alias}.primary_phone IS NOT NULL"
    consent = w.true(f"{alias}.consent_call")
    return f"{phone} AND {consent}" if reason.info.canvassing else phone


_SPOKE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.spoke_to_guest)


@functools.cache
def tried_sql(w: Words) -> str:
    """What was tried for the occasion (`{reason}`, `{occasion}`, `{guest}`, `{extra}` terms),
    from one seek in ix_call_attempt_occasion, which covers it: NULL when nothing was, else
    "count|spoke to the guest|wrong numbers|local date of the last attempt|its outcome|…".
    On SQLite the last attempt's columns are the bare columns of the one max() aggregate, and
    'localtime' reads the same system time zone as raw.local_date, thousands of times faster
    than Python's astimezone(); PostgreSQL takes the last of each in the attempts' order."""
    if w.postgresql:
        latest = "ORDER BY a.at DESC, a.id DESC"
        last_on = w.iso_date(w.local_date("a.at"))
        summary = f"""count(*) || '|' || count(*) FILTER (WHERE a.outcome IN ({_SPOKE}))
        || '|' || count(*) FILTER (WHERE a.outcome = 'wrong_number')
        || '|' || (array_agg({last_on} {latest}))[1]
        || '|' || (array_agg(a.outcome {latest}))[1] || '|'"""
    else:
        summary = f"""count(*) || '|' || sum(a.outcome IN ({_SPOKE}))
        || '|' || sum(a.outcome = 'wrong_number') || '|' || date(a.at, 'localtime')
        || '|' || a.outcome || '|' || max(a.at || printf('%012d', a.id))"""
    return f"""(SELECT {summary}
    FROM call_attempt a
    WHERE a.reason = '{{reason}}' AND a.occasion_on = {{occasion}} AND a.guest_id = {{guest}}
      {{extra}})"""


TRIED_SQL = tried_sql(SQLITE_WORDS)
