"""Checkout: one table recorded in one transaction.

The visit and who sat at the table, the new guests met tonight (with their birthdays,
partner and consent), who referred them, and the rewards redeemed. Everything is checked
first and every problem reported against the field it belongs to; nothing is written unless
all of it can be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday, BirthdayError, parse_birthday
from guestbook.domain.contact import ContactError, normalize_email, normalize_phone
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.services.context import Services
from guestbook.services.queries import raw_rows
from guestbook.settings import CHANNELS


@dataclass(frozen=True)
class NewGuest:
    """A person met at the table, as typed by the host."""

    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    birthday: str = ""  # any form parse_birthday accepts
    partner_name: str = ""  # a name, when the partner is not at the table
    partner_at_table: int | None = None  # index of another new guest at this table
    partner_guest_id: int | None = None  # an existing guest
    consent: dict[str, bool] = field(default_factory=dict)  # channel → agreed
    referred_by: int | None = None  # the sponsor's guest id


@dataclass(frozen=True)
class Table:
    visited_on: dt.date
    party_size: int
    spend: str  # as typed: "84,50", "84.50 €", "84"
    occasion: str = ""
    note: str = ""
    guest_ids: Sequence[int] = ()  # known guests at the table
    new_guests: Sequence[NewGuest] = ()
    redeem: Sequence[int] = ()  # reward ids
    referrals: Sequence[tuple[int, int]] = ()  # (sponsor, referred) among known guests


class CheckoutInvalid(UserError):
    """The table cannot be saved; `problems` maps a field ("spend", "new.0.phone"…) to why."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{key}: {why}" for key, why in problems.items()))


@dataclass(frozen=True)
class CheckoutSaved:
    visit_id: int
    new_guest_ids: tuple[int, ...]
    redeemed: int
    sponsor_rewards: int  # sponsors rewarded because a referred guest came for the first time


@dataclass(frozen=True)
class RewardOwed:
    reward_id: int
    guest_id: int
    guest_name: str
    kind: str
    label: str
    valid_to: dt.date


def parse_spend(text_value: str) -> int:
    """'84,50', '84.50 €', '1 234,5', '84' → cents. Money never goes through a float."""
    cleaned = text_value.replace("€", "").replace("\u202f", "").replace(" ", "").strip()
    if not cleaned:
        return 0
    cleaned = cleaned.replace(",", ".")
    whole, _, fraction = cleaned.partition(".")
    if (not whole.isdigit() and whole != "") or (fraction and not fraction.isdigit()):
        raise ValueError(f"{text_value.strip()!r} is not an amount: type 84,50 or 84")
    if len(fraction) > 2:
        raise ValueError("an amount has at most two decimals")
    return int(whole or "0") * 100 + int((fraction + "00")[:2])


def rewards_owed_at_table(
    connection: Connection,
    guest_ids: Sequence[int],
    today: dt.date,
    settings_labels: dict[str, str],
) -> list[RewardOwed]:
    ids = sorted({int(i) for i in guest_ids})
    if not ids:
        return []
    placeholders = ", ".join(str(i) for i in ids)
    rows = raw_rows(
        connection,
        "SELECT r.id, r.guest_id, g.first_name, g.last_name, r.kind, r.reason, r.valid_to "
        f"FROM reward r JOIN guest g ON g.id = r.guest_id WHERE r.guest_id IN ({placeholders}) "
        "AND r.redeemed_visit_id IS NULL AND r.valid_from <= :today AND r.valid_to >= :today "
        "ORDER BY r.valid_to, r.id",
        {"today": today.isoformat()},
    )
    return [
        RewardOwed(
            reward_id=row[0],
            guest_id=row[1],
            guest_name=display_name(row[2], row[3]),
            kind=row[4],
            label=settings_labels.get(row[4], row[4]) + (f" — {row[5]}" if row[5] else ""),
            valid_to=dt.date.fromisoformat(row[6]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class _CheckedGuest:
    source: NewGuest
    phone: str | None
    email: str | None
    birthday: Birthday | None


def check_table(table: Table, today: dt.date, region: str) -> tuple[int, list[_CheckedGuest]]:
    """Validate everything typed; raise CheckoutInvalid listing every problem at once."""
    problems: dict[str, str] = {}
    try:
        spend = parse_spend(table.spend)
    except ValueError as error:
        problems["spend"] = str(error)
        spend = 0
    seated = len(set(table.guest_ids)) + len(table.new_guests)
    if table.party_size < 1:
        problems["party_size"] = "a table has at least one person"
    elif table.party_size < seated:
        problems["party_size"] = f"{seated} guests are recorded at a table of {table.party_size}"
    if table.visited_on > today:
        problems["date"] = "the visit cannot be in the future"
    checked: list[_CheckedGuest] = []
    for index, guest in enumerate(table.new_guests):
        key = f"new.{index}"
        if not (guest.first_name.strip() or guest.last_name.strip()):
            problems[f"{key}.name"] = "type a first or a last name"
        phone = email = None
        birthday = None
        if guest.phone.strip():
            try:
                phone = normalize_phone(guest.phone, region)
            except ContactError as error:
                problems[f"{key}.phone"] = str(error)
        if guest.email.strip():
            try:
                email = normalize_email(guest.email)
            except ContactError as error:
                problems[f"{key}.email"] = str(error)
        if guest.birthday.strip():
            try:
                birthday = parse_birthday(guest.birthday, today)
            except BirthdayError as error:
                problems[f"{key}.birthday"] = str(error)
        partner = guest.partner_at_table
        if partner is not None and not (0 <= partner < len(table.new_guests) and partner != index):
            problems[f"{key}.partner"] = "the partner must be another person at the table"
        for channel in guest.consent:
            if channel not in CHANNELS:
                problems[f"{key}.consent"] = f"unknown channel {channel!r}"
        checked.append(_CheckedGuest(guest, phone, email, birthday))
    if problems:
        raise CheckoutInvalid(problems)
    return spend, checked


def save_checkout(services: Services, table: Table) -> CheckoutSaved:
    """Write the whole table in one transaction, or nothing (CheckoutInvalid, UserError)."""
    from guestbook.services.guests.create import GuestInput, create_guest
    from guestbook.services.visits.record import record_visit
    from guestbook.services.visits.referrals import add_referral
    from guestbook.storage.tables import Guest, Reward

    today = services.clock.today()
    settings = services.settings
    spend, checked = check_table(table, today, settings.phone_region)
    now = services.clock.now()
    with services.sessions() as session:
        new_ids: list[int] = []
        for guest in checked:
            source = guest.source
            new_ids.append(
                create_guest(
                    session,
                    GuestInput(
                        first_name=source.first_name,
                        last_name=source.last_name,
                        phones=(guest.phone,) if guest.phone else (),
                        emails=(guest.email,) if guest.email else (),
                        birthday=guest.birthday,
                        partner_id=source.partner_guest_id,
                        partner_name=source.partner_name,
                        consent=dict(source.consent),
                    ),
                    now=now,
                    region=settings.phone_region,
                    staff=services.staff,
                    source="checkout",
                    wordings=settings.consent_wordings,
                )
            )
        # Couples met at the same table point at each other.
        for index, guest in enumerate(checked):
            partner = guest.source.partner_at_table
            if partner is not None:
                for own, other in ((index, partner), (partner, index)):
                    row = session.get(Guest, new_ids[own])
                    assert row is not None
                    row.partner_id, row.partner_name = new_ids[other], ""
                    session.add(row)
            if guest.source.partner_guest_id is not None:
                existing = session.get(Guest, guest.source.partner_guest_id)
                if existing is not None and existing.partner_id is None:
                    existing.partner_id = new_ids[index]
                    session.add(existing)
        session.flush()
        everyone = [*dict.fromkeys(table.guest_ids), *new_ids]
        recorded = record_visit(
            session,
            visited_on=table.visited_on,
            guest_ids=everyone,
            party_size=table.party_size,
            spend_cents=spend,
            now=now,
            settings=settings,
            occasion=table.occasion,
            note=table.note,
        )
        visit_id = recorded.visit_id
        sponsor_rewards = len(recorded.sponsor_rewards)
        referrals = [
            *table.referrals,
            *(
                (g.source.referred_by, new_ids[i])
                for i, g in enumerate(checked)
                if g.source.referred_by is not None
            ),
        ]
        for sponsor_id, referred_id in referrals:
            assert sponsor_id is not None
            added = add_referral(
                session, sponsor_id=sponsor_id, referred_id=referred_id, services=services
            )
            sponsor_rewards += added.sponsor_reward_id is not None
        redeemed = 0
        for reward_id in dict.fromkeys(table.redeem):
            reward = session.get(Reward, reward_id)
            if reward is None or reward.redeemed_visit_id is not None:
                raise UserError("that reward was already redeemed (or no longer exists)")
            if reward.guest_id not in everyone:
                raise UserError("a reward can only be redeemed by a guest at the table")
            if not reward.valid_from <= table.visited_on <= reward.valid_to:
                raise UserError(
                    f"the reward is valid from {reward.valid_from:%d/%m/%Y} "
                    f"to {reward.valid_to:%d/%m/%Y}"
                )
            reward.redeemed_visit_id = visit_id
            reward.redeemed_at = now
            session.add(reward)
            redeemed += 1
        session.commit()
    return CheckoutSaved(visit_id, tuple(new_ids), redeemed, sponsor_rewards)
