"""late_from, the summary column that lets the agenda find win-back calls by index, kept in
step with the lapse settings: computed from domain.calls.late_after_days for one guest, and
shifted for every guest at once when the settings change. Checked each time a database is
opened, so it is one indexed read when nothing changed."""

from __future__ import annotations

from sqlalchemy import Connection

from guestbook.domain.calls import lapse_fraction
from guestbook.settings import Settings
from guestbook.storage.sqlite import summaries as sql

LATE_FROM_RULE_KEY = "late_from_rule"


def refresh_late_from(connection: Connection, settings: Settings) -> int:
    """Move every late_from to the current lapse settings (one UPDATE, no Python loop).

    late_from is only ever set for guests who were regulars at their last visit, so the rows
    to move are exactly those where it is set."""
    numerator, denominator = lapse_fraction(settings.lapse_factor)
    moved = sql.shift_late_from(connection, numerator, denominator, settings.lapse_min_days)
    sql.set_meta(connection, LATE_FROM_RULE_KEY, late_from_rule(settings))
    return moved


def late_from_rule(settings: Settings) -> str:
    return f"{settings.lapse_factor}:{settings.lapse_min_days}"


def ensure_late_from_rule(connection: Connection, settings: Settings) -> bool:
    """Rebuild late_from if it was computed with other lapse settings; True when it did."""
    if sql.get_meta(connection, LATE_FROM_RULE_KEY) == late_from_rule(settings):
        return False
    refresh_late_from(connection, settings)
    return True
