"""late_from, the summary column that lets the agenda find win-back calls by index, kept in
step with the lapse settings. Plain SQL: this runs every time a database is opened."""

from __future__ import annotations

from sqlalchemy import Connection, text

from guestbook.settings import Settings


def refresh_late_from(connection: Connection, settings: Settings) -> int:
    """Rebuild every late_from after the lapse settings change (one UPDATE, no Python loop).

    late_from is only ever set for guests who were regulars at their last visit, so the rows
    to move are exactly those where it is set.
    """
    factor = float(settings.lapse_factor)
    result = connection.execute(
        text(
            "UPDATE guest SET late_from = date(last_visit_on, '+' || "
            "max(CAST(:factor * visit_interval_days AS INTEGER) + 1, :min_days) || ' days') "
            "WHERE late_from IS NOT NULL"
        ),
        {"factor": factor, "min_days": settings.lapse_min_days},
    )
    connection.execute(
        text("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('late_from_rule', :rule)"),
        {"rule": late_from_rule(settings)},
    )
    return int(result.rowcount or 0)


def rebuild_late_from(connection: Connection, settings: Settings) -> None:
    """Compute late_from for every guest from the visit tables, after a bulk write (demo,
    import) that filled the other summary columns. Same rule as refresh_visit_summary: a
    regular at their last visit (3 visit days in the 365 days up to it)."""
    connection.execute(
        text(
            "UPDATE guest SET late_from = CASE WHEN visit_interval_days > 0 AND ("
            "  SELECT count(DISTINCT v.visited_on) FROM visit_guest vg"
            "  JOIN visit v ON v.id = vg.visit_id"
            "  WHERE vg.guest_id = guest.id AND v.visited_on > date(guest.last_visit_on, '-365 days')"
            ") >= 3 THEN date(last_visit_on, '+' || "
            "max(CAST(:factor * visit_interval_days AS INTEGER) + 1, :min_days) || ' days') END "
            "WHERE visit_count >= 3"
        ),
        {"factor": float(settings.lapse_factor), "min_days": settings.lapse_min_days},
    )
    connection.execute(
        text("INSERT OR REPLACE INTO app_meta (key, value) VALUES ('late_from_rule', :rule)"),
        {"rule": late_from_rule(settings)},
    )


def late_from_rule(settings: Settings) -> str:
    return f"{settings.lapse_factor}:{settings.lapse_min_days}"


def ensure_late_from_rule(connection: Connection, settings: Settings) -> bool:
    """Rebuild late_from if it was computed with other lapse settings; True when it did."""
    stored = connection.execute(
        text("SELECT value FROM app_meta WHERE key = 'late_from_rule'")
    ).scalar_one_or_none()
    if stored == late_from_rule(settings):
        return False
    refresh_late_from(connection, settings)
    return True
