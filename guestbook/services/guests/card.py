"""Everything about one guest, read in one session, returned as plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.birthdays import Birthday, age_turning, next_occurrence
from guestbook.domain.rewards import reward_state
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.settings import CHANNELS, Settings


@dataclass(frozen=True)
class PhoneInfo:
    e164: str
    wrong: bool


@dataclass(frozen=True)
class VisitInfo:
    visited_on: dt.date
    party_size: int
    spend_cents: int
    occasion: str


@dataclass(frozen=True)
class CallInfo:
    at: dt.datetime
    reason: str
    occasion_on: dt.date
    outcome: str
    note: str
    staff: str


@dataclass(frozen=True)
class RewardInfo:
    kind: str
    reason: str
    valid_from: dt.date
    valid_to: dt.date
    state: str  # owed, redeemed, expired, not_yet


@dataclass(frozen=True)
class GuestDetails:
    guest_id: int
    name: str
    phones: tuple[PhoneInfo, ...]
    emails: tuple[str, ...]
    birthday: Birthday | None
    next_birthday: dt.date | None
    turning: int | None
    partner_name: str | None
    partner_id: int | None
    postcode: str
    notes: str
    preferences: str
    allergies: tuple[str, ...]
    consent: dict[str, bool | None]
    visit_count: int
    last_visit_on: dt.date | None
    spend_cents: int
    visits: tuple[VisitInfo, ...]
    calls: tuple[CallInfo, ...]
    rewards: tuple[RewardInfo, ...]
    sponsor: str | None
    referred: tuple[str, ...]

    @property
    def rewards_owed(self) -> tuple[RewardInfo, ...]:
        return tuple(reward for reward in self.rewards if reward.state == "owed")


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def guest_details(
    connection: Connection, guest_id: int, today: dt.date, settings: Settings, *, recent: int = 20
) -> GuestDetails:
    def rows(sql: str, **params: object) -> list[tuple[object, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), {"id": guest_id, **params})]

    found = rows(
        "SELECT g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year, "
        "g.partner_id, p.first_name, p.last_name, g.partner_name, g.postcode, g.notes, "
        "g.preferences, g.consent_call, g.consent_sms, g.consent_email, g.consent_post, "
        "g.visit_count, g.last_visit_on, g.spend_cents "
        "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id "
        "WHERE g.id = :id AND g.erased_at IS NULL"
    )
    if not found:
        raise UserError(f"guest #{guest_id} does not exist (erased or merged?)")
    g = found[0]
    birthday = Birthday(int(g[2]), int(g[3]), g[4]) if g[2] is not None else None  # type: ignore[call-overload, arg-type]
    next_birthday = next_occurrence(birthday, today, settings.feb29) if birthday else None
    partner = display_name(str(g[6]), str(g[7] or "")) if g[6] is not None else (str(g[8]) or None)
    consent = {
        channel: None if value is None else bool(value)
        for channel, value in zip(CHANNELS, g[12:16], strict=True)
    }
    return GuestDetails(
        guest_id=guest_id,
        name=display_name(str(g[0]), str(g[1])),
        phones=tuple(
            PhoneInfo(str(e164), wrong is not None)
            for e164, wrong in rows(
                "SELECT e164, wrong_since FROM phone WHERE guest_id = :id ORDER BY position, id"
            )
        ),
        emails=tuple(
            str(address)
            for (address,) in rows(
                "SELECT address FROM email WHERE guest_id = :id ORDER BY position, id"
            )
        ),
        birthday=birthday,
        next_birthday=next_birthday,
        turning=age_turning(birthday, next_birthday) if birthday and next_birthday else None,
        partner_name=partner,
        partner_id=g[5] if isinstance(g[5], int) else None,
        postcode=str(g[9]),
        notes=str(g[10]),
        preferences=str(g[11]),
        allergies=tuple(
            f"{allergen}{f' ({note})' if note else ''}"
            for allergen, note in rows("SELECT allergen, note FROM allergy WHERE guest_id = :id")
        ),
        consent=consent,
        visit_count=int(g[16]),  # type: ignore[call-overload]
        last_visit_on=_date(g[17]),
        spend_cents=int(g[18]),  # type: ignore[call-overload]
        visits=tuple(
            VisitInfo(_date(on) or today, int(size), int(spend), str(occasion))  # type: ignore[call-overload]
            for on, size, spend, occasion in rows(
                "SELECT v.visited_on, v.party_size, v.spend_cents, v.occasion FROM visit_guest vg "
                "JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id "
                "ORDER BY v.visited_on DESC, v.id DESC LIMIT :n",
                n=recent,
            )
        ),
        calls=tuple(
            CallInfo(
                _datetime(at), str(reason), _date(on) or today, str(outcome), str(note), str(staff)
            )
            for at, reason, on, outcome, note, staff in rows(
                "SELECT at, reason, occasion_on, outcome, note, staff FROM call_attempt "
                "WHERE guest_id = :id ORDER BY at DESC, id DESC LIMIT :n",
                n=recent,
            )
        ),
        rewards=tuple(
            RewardInfo(
                str(kind),
                str(reason),
                _date(start) or today,
                _date(end) or today,
                reward_state(
                    _date(start) or today, _date(end) or today, redeemed is not None, today
                ),
            )
            for kind, reason, start, end, redeemed in rows(
                "SELECT kind, reason, valid_from, valid_to, redeemed_visit_id FROM reward "
                "WHERE guest_id = :id ORDER BY valid_to DESC, id DESC"
            )
        ),
        sponsor=next(
            (
                display_name(str(first), str(last))
                for first, last in rows(
                    "SELECT s.first_name, s.last_name FROM referral r "
                    "JOIN guest s ON s.id = r.sponsor_id WHERE r.referred_id = :id"
                )
            ),
            None,
        ),
        referred=tuple(
            display_name(str(first), str(last))
            for first, last in rows(
                "SELECT f.first_name, f.last_name FROM referral r "
                "JOIN guest f ON f.id = r.referred_id WHERE r.sponsor_id = :id "
                "ORDER BY r.recorded_at"
            )
        ),
    )
