"""Checkout: one table recorded in one transaction.

The visit and who sat at the table, the new guests met tonight (with their birthdays,
partner and consent), what the host completed for known guests, who referred whom, and the
rewards redeemed. Everything is checked first and every problem reported against the field it
belongs to; nothing is written unless all of it can be. Consent is recorded with the name of
the host who asked (`staff`), filed under "checkout".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from guestbook.domain.guest_form import GuestForm
from guestbook.domain.table_form import Table, TableGuest, ValidTable, validate_table
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _, date_text
from guestbook.services.context import Services
from guestbook.services.guests.form import load_form
from guestbook.storage.sqlite.rewards import open_rewards_of

__all__ = [
    "Table",
    "TableGuest",
    "known_at_table",
    "rewards_owed_at_table",
    "save_checkout",
]

CHECKOUT_SOURCE = "checkout"  # consent recorded at checkout is filed under this source

if TYPE_CHECKING:
    from sqlmodel import Session


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
    label: str  # the kind's label in guestbook's language, and the reward's reason
    valid_to: dt.date


def rewards_owed_at_table(services: Services, guest_ids: Sequence[int]) -> list[RewardOwed]:
    """The rewards the guests at the table may redeem today, soonest to expire first."""
    today, settings = services.clock.today(), services.settings
    rows = services.read(lambda connection: open_rewards_of(connection, guest_ids, today))
    return [
        RewardOwed(
            reward_id=row[0],
            guest_id=row[1],
            guest_name=display_name(row[2], row[3]),
            kind=row[4],
            label=settings.reward_label(row[4]) + (f" — {row[5]}" if row[5] else ""),
            valid_to=row[6],
        )
        for row in rows
    ]


def known_at_table(services: Services, guest_ids: Sequence[int]) -> dict[int, GuestForm]:
    """Known guests as the table shows them (phone, birthday, allergies, consent): their form,
    every value as the guest form reads it back."""
    region = services.settings.phone_region
    return services.read(
        lambda connection: {
            guest_id: load_form(connection, guest_id, region) for guest_id in guest_ids
        }
    )


def save_checkout(services: Services, table: Table, *, staff: str | None = None) -> CheckoutSaved:
    """Write the whole table in one transaction, or nothing (FieldErrors, UserError). `staff`
    is the host who asked for consent (the session's staff name when not given)."""
    valid = validate_table(
        table, today=services.clock.today(), region=services.settings.phone_region
    )
    host = services.staff if staff is None else staff
    return services.write(lambda session: _save(session, services, valid, host))


def _save(session: Session, services: Services, table: ValidTable, staff: str) -> CheckoutSaved:
    from guestbook.services.visits.record import record_visit

    now = services.clock.now()
    new_ids = _create_new_guests(session, services, table, staff)
    _link_couples(session, services, table, new_ids)
    _complete_known(session, services, table, staff)
    everyone = [*table.guest_ids, *new_ids]
    recorded = record_visit(
        session,
        visited_on=table.visited_on,
        guest_ids=everyone,
        party_size=table.party_size,
        spend_cents=table.spend_cents,
        now=now,
        settings=services.settings,
        occasion=table.occasion,
        note=table.note,
    )
    sponsor_rewards = len(recorded.sponsor_rewards)
    sponsor_rewards += _record_referrals(session, services, table, new_ids)
    redeemed = _redeem(session, table, everyone, recorded.visit_id, now)
    return CheckoutSaved(recorded.visit_id, tuple(new_ids), redeemed, sponsor_rewards)


def _create_new_guests(
    session: Session, services: Services, table: ValidTable, staff: str
) -> list[int]:
    """Each new guest saved as the guest form saves one (duplicates flagged, a known partner
    linked back), their consent filed under "checkout"."""
    from guestbook.services.guests.edit import save_guest

    return [
        save_guest(
            session,
            valid,
            guest_id=None,
            now=services.clock.now(),
            settings=services.settings,
            staff=staff,
            source=CHECKOUT_SOURCE,
        ).guest_id
        for valid, _ in table.new_guests
    ]


def _link_couples(
    session: Session, services: Services, table: ValidTable, new_ids: list[int]
) -> None:
    """Couples met at the same table point at each other."""
    from guestbook.storage.tables import Guest

    for index, (_valid, guest) in enumerate(table.new_guests):
        partner = guest.partner_at_table
        if partner is None:
            continue
        for own, other in ((index, partner), (partner, index)):
            row = session.get(Guest, new_ids[own])
            assert row is not None
            row.partner_id, row.partner_name = new_ids[other], ""
            session.add(row)
    session.flush()


def _complete_known(session: Session, services: Services, table: ValidTable, staff: str) -> None:
    """What the host typed for known guests goes into their card as the guest form merges an
    entry (existing values win, a missing phone or birthday is filled); the consent they
    answered is recorded as at the door."""
    from guestbook.services.guests.edit import add_to_guest, record_consent_changes

    today, now, settings = services.clock.today(), services.clock.now(), services.settings
    for guest_id, valid in table.known_details:
        add_to_guest(
            session,
            guest_id,
            replace(valid, consent={}),
            today=today,
            now=now,
            settings=settings,
            staff=staff,
        )
        record_consent_changes(
            session, guest_id, valid, now, settings, staff=staff, source=CHECKOUT_SOURCE
        )


def _record_referrals(
    session: Session, services: Services, table: ValidTable, new_ids: list[int]
) -> int:
    """Who referred whom at this table; returns the sponsor rewards this earned."""
    from guestbook.services.visits.referrals import add_referral

    referrals = [
        *table.referrals,
        *(
            (guest.referred_by, new_ids[index])
            for index, (_, guest) in enumerate(table.new_guests)
            if guest.referred_by is not None
        ),
        *(
            (new_ids[guest.referred_by_new], new_ids[index])
            for index, (_, guest) in enumerate(table.new_guests)
            if guest.referred_by_new is not None
        ),
    ]
    rewarded = 0
    for sponsor_id, referred_id in referrals:
        added = add_referral(
            session, sponsor_id=sponsor_id, referred_id=referred_id, services=services
        )
        rewarded += added.sponsor_reward_id is not None
    return rewarded


def _redeem(
    session: Session, table: ValidTable, everyone: list[int], visit_id: int, now: dt.datetime
) -> int:
    from guestbook.storage.tables import Reward

    redeemed = 0
    for reward_id in table.redeem:
        reward = session.get(Reward, reward_id)
        if reward is None or reward.redeemed_visit_id is not None:
            raise UserError(_("that reward was already redeemed (or no longer exists)"))
        if reward.guest_id not in everyone:
            raise UserError(_("a reward can only be redeemed by a guest at the table"))
        if not reward.valid_from <= table.visited_on <= reward.valid_to:
            raise UserError(
                _("the reward is valid from {start} to {end}").format(
                    start=date_text(reward.valid_from, "numeric"),
                    end=date_text(reward.valid_to, "numeric"),
                )
            )
        reward.redeemed_visit_id = visit_id
        reward.redeemed_at = now
        session.add(reward)
        redeemed += 1
    return redeemed
