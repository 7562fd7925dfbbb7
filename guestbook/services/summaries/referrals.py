"""A referral's settlement: when a referred guest has both the referral and a first visit, the
sponsor earns their reward and a thank-you call, exactly once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session, col, select

from guestbook.domain.rewards import RewardWindow, sponsor_reward_reason, sponsor_reward_window
from guestbook.settings import Settings
from guestbook.storage.tables import Guest, Referral, Reward, Visit, VisitGuest


def settle_referral(
    session: Session, referred_id: int, *, now: dt.datetime, settings: Settings
) -> int | None:
    """If `referred_id` was referred and has visited, reward the sponsor once. Returns the
    reward's id when one was issued now."""
    referral = session.exec(select(Referral).where(Referral.referred_id == referred_id)).first()
    if referral is None or referral.rewarded_at is not None:
        return None
    first_visit = session.exec(
        select(col(Visit.visited_on))
        .join(VisitGuest, col(VisitGuest.visit_id) == Visit.id)
        .where(VisitGuest.guest_id == referred_id)
        .order_by(col(Visit.visited_on))
    ).first()
    if first_visit is None:
        return None
    referral.first_visit_on = first_visit
    referral.rewarded_at = now
    session.add(referral)
    referred, sponsor = session.get(Guest, referred_id), session.get(Guest, referral.sponsor_id)
    day = now.astimezone().date()
    window = sponsor_reward_window(day, settings.rewards["sponsor"])
    names = (referred.first_name, referred.last_name) if referred else ("", "")
    reason = sponsor_reward_reason(*names)
    if sponsor is None or sponsor.erased_at is not None:
        # An erased sponsor can never redeem it: issued lapsed and without a reason, as an
        # erasure leaves what was owed (storage.sqlite.rewards.lapse_owed); issued all the
        # same, so the settlement stays whole and an import's undo finds what to take back.
        eve = day - dt.timedelta(days=1)
        window, reason = RewardWindow(eve, eve), ""
    reward = Reward(
        guest_id=referral.sponsor_id,
        kind="sponsor",
        reason=reason,
        valid_from=window.valid_from,
        valid_to=window.valid_to,
        issued_by_referral_id=referral.id,
        created_at=now,
    )
    session.add(reward)
    session.flush()
    return reward.id
