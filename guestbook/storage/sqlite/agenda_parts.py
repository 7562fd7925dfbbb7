"""What every arm of the agenda's statements asks of a candidate, as SQL fragments: the rewards
the guest may redeem today, whether the chef may phone them for a reason, and what was tried
for the occasion. Shared by storage.sqlite.agenda and storage.sqlite.feedback_calls."""

from __future__ import annotations

from guestbook.domain.calls import Outcome, Reason

# Rewards the guest may redeem today, one seek in ix_reward_open_guest.
OWED_SQL = """(SELECT count(*) FROM reward w INDEXED BY ix_reward_open_guest
    WHERE w.guest_id = {guest} AND w.redeemed_visit_id IS NULL
      AND w.valid_to >= :today AND w.valid_from <= :today)"""


def may_call(reason: Reason, alias: str) -> str:
    """Whom the chef may phone for `reason`: a number, and, for a canvassing call (domain.reasons),
    the guest's recorded consent to be called."""
    phone = f"{alias}.primary_phone IS NOT NULL"
    return f"{phone} AND {alias}.consent_call = 1" if reason.info.canvassing else phone


_SPOKE = ", ".join(f"'{outcome.value}'" for outcome in Outcome if outcome.spoke_to_guest)

# What was tried for this occasion, from one seek in ix_call_attempt_occasion, which covers
# it: NULL when nothing was, else "count|spoke to the guest|wrong numbers|local date of the
# last attempt|its outcome|…" (the last attempt's columns are SQLite's bare columns of the one
# max() aggregate). SQLite's 'localtime' reads the same system time zone as raw.local_date,
# thousands of times faster than Python's astimezone().
TRIED_SQL = f"""(SELECT count(*) || '|' || sum(a.outcome IN ({_SPOKE}))
        || '|' || sum(a.outcome = 'wrong_number') || '|' || date(a.at, 'localtime')
        || '|' || a.outcome || '|' || max(a.at || printf('%012d', a.id))
    FROM call_attempt a
    WHERE a.reason = '{{reason}}' AND a.occasion_on = {{occasion}} AND a.guest_id = {{guest}}
      {{extra}})"""
