"""What the guest card shows beyond guests.card.guest_details: consent history, the guests on
both sides of a referral (with ids, to open them), and unresolved possible duplicates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.text import display_name
from guestbook.i18n import _, date_text
from guestbook.storage.sqlite.raw import as_moment


@dataclass(frozen=True)
class ConsentChange:
    at: dt.datetime
    channel: str
    granted: bool
    staff: str
    source: str
    wording: str


@dataclass(frozen=True)
class LinkedGuest:
    guest_id: int
    name: str
    note: str  # "came 12 Mar 2026", "same phone +336…", in guestbook's language


@dataclass(frozen=True)
class GuestHistory:
    consent: tuple[ConsentChange, ...]  # newest first
    sponsor: LinkedGuest | None
    referred: tuple[LinkedGuest, ...]
    possible_duplicates: tuple[LinkedGuest, ...]


def _datetime(value: object) -> dt.datetime:
    """A stored moment, aware (SQLite's text is UTC): shown in the local time zone."""
    return as_moment(value)


def _came(first_visit: object) -> str:
    if first_visit is None:
        return _("not come yet")
    day = date_text(dt.date.fromisoformat(str(first_visit)), "day_month_year")
    return _("came {day}").format(day=day)


def guest_history(connection: Connection, guest_id: int, *, recent: int = 50) -> GuestHistory:
    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), {"id": guest_id, "n": recent})]

    consent = tuple(
        ConsentChange(_datetime(at), str(ch), bool(granted), str(staff), str(src), str(wording))
        for at, ch, granted, staff, src, wording in rows(
            "SELECT at, channel, granted, staff, source, wording FROM consent_event "
            "WHERE guest_id = :id ORDER BY at DESC, id DESC LIMIT :n"
        )
    )
    sponsors = [
        LinkedGuest(int(str(sid)), display_name(str(first), str(last)), _came(came))
        for sid, first, last, came in rows(
            "SELECT s.id, s.first_name, s.last_name, r.first_visit_on FROM referral r "
            "JOIN guest s ON s.id = r.sponsor_id WHERE r.referred_id = :id"
        )
    ]
    referred = tuple(
        LinkedGuest(int(str(fid)), display_name(str(first), str(last)), _came(came))
        for fid, first, last, came in rows(
            "SELECT f.id, f.first_name, f.last_name, r.first_visit_on FROM referral r "
            "JOIN guest f ON f.id = r.referred_id WHERE r.sponsor_id = :id "
            "ORDER BY r.recorded_at, r.id"
        )
    )
    duplicates = tuple(
        LinkedGuest(int(str(other)), display_name(str(first), str(last)), str(reason))
        for other, first, last, reason in rows(
            "SELECT o.id, o.first_name, o.last_name, d.reason FROM possible_duplicate d "
            "JOIN guest o ON o.id = CASE WHEN d.guest_a_id = :id THEN d.guest_b_id "
            "ELSE d.guest_a_id END "
            "WHERE (d.guest_a_id = :id OR d.guest_b_id = :id) AND d.resolved_at IS NULL "
            "ORDER BY d.found_at, d.id"
        )
    )
    return GuestHistory(consent, sponsors[0] if sponsors else None, referred, duplicates)
