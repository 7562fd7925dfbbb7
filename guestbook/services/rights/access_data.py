"""What an access bundle holds about one guest (services.rights.access), read in one go.

The card's readers give most of it (services.guests.card.guest_details, guest_history and
services.feedback's responses, read here without their "recent" limit); what the card does not
keep is read here: the allergies as stored (allergen, note), the visits' notes, the referrals'
dates, the row's timestamps.
Another guest appears by their first name only (a guest this one brought), or by the name the
card shows for the partner: nothing else about them.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, text

from guestbook.domain.records import GuestRecord
from guestbook.domain.rewards import reward_state, sponsor_reward_reason
from guestbook.errors import UserError
from guestbook.i18n import _, date_text
from guestbook.services.feedback.responses import FeedbackResponse, read_guest_feedback
from guestbook.services.guests.card import GuestDetails, RewardInfo, guest_details
from guestbook.services.guests.history import GuestHistory, guest_history
from guestbook.services.summaries.visits import seat_share
from guestbook.settings import Settings
from guestbook.storage.sqlite.raw import as_moment

_Rows = Callable[[str], list[tuple[object, ...]]]  # one guest's rows of a statement

# A limit no guest's history reaches: the card's readers show the recent rows, a bundle all.
EVERY_ROW = sys.maxsize


@dataclass(frozen=True)
class BundleVisit:
    visited_on: dt.date
    party_size: int
    spend_cents: int | None  # the table's; None: not typed, unknown
    share_cents: int | None  # this guest's part of it (summaries.visits.seat_share)
    occasion: str
    note: str


@dataclass(frozen=True)
class Referrals:
    brought: tuple[tuple[str, dt.datetime], ...]  # (first name, recorded at), oldest first
    referred_at: dt.datetime | None  # when a guest was recorded as having brought this one


class BundleMessage(NamedTuple):
    at: dt.datetime  # its delivery row's last change: sent, handed over, failed
    subject: str
    purpose: str
    channel: str
    address: str
    status: str
    legal_basis: str


@dataclass(frozen=True)
class AccessData:
    """Everything stored about one guest, as of `generated_at`."""

    guest_id: int
    restaurant: str
    today: dt.date
    generated_at: dt.datetime
    first_name: str
    last_name: str
    created_at: dt.datetime
    updated_at: dt.datetime
    details: GuestDetails  # the card's: contacts, birthday, partner, calls, consent
    history: GuestHistory  # the card's: consent history (with its wording)
    allergies: tuple[tuple[str, str], ...]  # (allergen, note)
    visits: tuple[BundleVisit, ...]  # newest first
    rewards: tuple[RewardInfo, ...]  # latest validity first
    referrals: Referrals
    feedback: tuple[FeedbackResponse, ...] = ()  # every response, newest first
    messages: tuple[BundleMessage, ...] = ()  # written to them (not those left out), newest first

    @property
    def record(self) -> GuestRecord:
        """The guest as the exports see them, for the CSV and vCard writers (no allergies)."""
        d = self.details
        return GuestRecord(
            id=self.guest_id,
            first_name=self.first_name,
            last_name=self.last_name,
            phones=tuple(phone.e164 for phone in d.phones),
            emails=d.emails,
            birthday=d.birthday,
            partner=d.partner_name,
            address=d.address,
            postcode=d.postcode,
            notes=d.notes,
            preferences=d.preferences,
            consent=d.consent,
            last_visit_on=d.last_visit_on.isoformat() if d.last_visit_on else None,
            visit_count=d.visit_count,
            partner_is_guest=d.partner_id is not None,
        )


def moment(value: object) -> dt.datetime:
    """A stored timestamp (naive UTC text on SQLite) as an aware UTC datetime."""
    return as_moment(value).astimezone(dt.UTC)


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_access_data(
    connection: Connection,
    guest_id: int,
    *,
    today: dt.date,
    now: dt.datetime,
    settings: Settings,
) -> AccessData:
    """Everything about `guest_id`; UserError for a guest that does not exist or was erased."""

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), {"id": guest_id})]

    found = rows(
        "SELECT first_name, last_name, created_at, updated_at, erased_at FROM guest WHERE id = :id"
    )
    if not found:
        raise UserError(_("guest #{id} does not exist").format(id=guest_id))
    first, last, created, updated, erased = found[0]
    if erased is not None:
        day = date_text(moment(erased).astimezone().date(), "day_month_year")
        raise UserError(
            _("guest #{id} was erased on {day}: nothing is kept about them any more").format(
                id=guest_id, day=day
            )
        )
    return AccessData(
        guest_id=guest_id,
        restaurant=settings.restaurant_name,
        today=today,
        generated_at=now,
        first_name=str(first),
        last_name=str(last),
        created_at=moment(created),
        updated_at=moment(updated),
        details=guest_details(connection, guest_id, today, settings, recent=EVERY_ROW),
        history=guest_history(connection, guest_id, recent=EVERY_ROW),
        allergies=tuple(
            (str(allergen), str(note))
            for allergen, note in rows(
                "SELECT allergen, note FROM allergy WHERE guest_id = :id ORDER BY id"
            )
        ),
        visits=_visits(rows),
        rewards=_rewards(rows, today),
        referrals=_referrals(rows),
        feedback=read_guest_feedback(connection, guest_id, EVERY_ROW).responses,
        messages=_messages(rows),
    )


def _messages(rows: _Rows) -> tuple[BundleMessage, ...]:
    """Every message written to the guest (the guests left out of one were not)."""
    return tuple(
        BundleMessage(moment(at), *(str(value) for value in values))
        for at, *values in rows(
            "SELECT d.at, m.subject, m.purpose, d.channel, d.address, d.status, d.legal_basis "
            "FROM message_delivery d JOIN message m ON m.id = d.message_id "
            "WHERE d.guest_id = :id AND d.status <> 'skipped' ORDER BY d.at DESC, d.id DESC"
        )
    )


def _visits(rows: _Rows) -> tuple[BundleVisit, ...]:
    """Every visit, with the guest's share as the card computes it (their seat at the table:
    their rank by id among its known guests)."""
    found = []
    for on, size, spend, occasion, note, seat in rows(
        "SELECT v.visited_on, v.party_size, v.spend_cents, v.occasion, v.note, "
        "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id AND x.guest_id < :id) "
        "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id "
        "ORDER BY v.visited_on DESC, v.id DESC"
    ):
        party, cents = int(str(size)), None if spend is None else int(str(spend))
        share = seat_share(cents, party, int(str(seat)))
        found.append(BundleVisit(_date(on), party, cents, share, str(occasion), str(note)))
    return tuple(found)


def _rewards(rows: _Rows, today: dt.date) -> tuple[RewardInfo, ...]:
    """The card's rewards, but a sponsor's reward for bringing a guest names that guest by
    their first name only, as the rest of the bundle does (its stored reason, 'Brought Léa
    Martin', names them in full)."""
    found = []
    for kind, reason, start, end, redeemed, referral, brought in rows(
        "SELECT r.kind, r.reason, r.valid_from, r.valid_to, r.redeemed_visit_id, f.id, "
        "f.first_name FROM reward r LEFT JOIN referral x ON x.id = r.issued_by_referral_id "
        "LEFT JOIN guest f ON f.id = x.referred_id WHERE r.guest_id = :id "
        "ORDER BY r.valid_to DESC, r.id DESC"
    ):
        if referral is not None:
            reason = sponsor_reward_reason(str(brought), "")
        valid_from, valid_to = _date(start), _date(end)
        state = reward_state(valid_from, valid_to, redeemed is not None, today)
        found.append(RewardInfo(str(kind), str(reason), valid_from, valid_to, state))
    return tuple(found)


def _referrals(rows: _Rows) -> Referrals:
    brought = tuple(
        (str(first), moment(at))
        for first, at in rows(
            "SELECT f.first_name, r.recorded_at FROM referral r "
            "JOIN guest f ON f.id = r.referred_id WHERE r.sponsor_id = :id "
            "ORDER BY r.recorded_at, r.id"
        )
    )
    referred = rows("SELECT recorded_at FROM referral WHERE referred_id = :id")
    return Referrals(brought, moment(referred[0][0]) if referred else None)


def feedback_records(data: AccessData) -> list[dict[str, object]]:
    """The bundle's `feedback` section (guest.json): every response as stored, newest first
    (timestamps ISO in UTC; `low` as domain.feedback.is_low says)."""
    return [
        {
            "at": response.at.isoformat(),
            "ces": response.ces,
            "satisfaction": response.satisfaction,
            "comment": response.comment,
            "channel": response.channel,
            "staff": response.staff,
            "low": response.low,
            "called_back_at": (
                response.called_back_at.isoformat() if response.called_back_at else None
            ),
        }
        for response in data.feedback
    ]


def message_records(data: AccessData) -> list[dict[str, object]]:
    """The bundle's `messages` section (guest.json): every message written to the guest, with
    the channel and address used, what became of it and on what legal basis."""
    return [
        {
            "at": message.at.isoformat(),
            "subject": message.subject,
            "purpose": message.purpose,
            "channel": message.channel,
            "address": message.address,
            "status": message.status,
            "legal_basis": message.legal_basis,
        }
        for message in data.messages
    ]
