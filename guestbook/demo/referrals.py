"""Demo data: who brought whom. Each referral gives the sponsor a reward and, mostly, a
thank-you call; some sponsors came along to their friend's first visit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.demo.calls import call
from guestbook.demo.records import Guest, Referral, Reward

if TYPE_CHECKING:
    from guestbook.demo.story import Chunk

REFERRED_SHARE = 0.125  # of guests who came at checkout: ~10 % of all guests
AMBASSADOR_SHARE = 0.01


def refer(chunk: Chunk) -> None:
    rand = chunk.rand
    visited = [guest for guest in chunk.guests if guest.tables]
    ambassadors = [guest for guest in visited if rand() < AMBASSADOR_SHARE]
    referred: list[Guest] = []
    for guest in visited:
        if guest.imported or rand() >= REFERRED_SHARE:
            continue
        sponsor = _sponsor_for(chunk, guest, visited, ambassadors, referred)
        if sponsor is not None:
            referred.append(guest)
            _record_referral(chunk, sponsor, guest)


def _sponsor_for(
    chunk: Chunk,
    guest: Guest,
    visited: list[Guest],
    ambassadors: list[Guest],
    referred: list[Guest],
) -> Guest | None:
    """An ambassador, someone referred themselves (chains), or anyone. The sponsor came
    before the guest did, so sponsors are created earlier and there is never a cycle."""
    draw = chunk.rand()
    pool = ambassadors if draw < 0.4 else referred if draw < 0.55 else visited
    pool = pool or visited
    for _ in range(6):
        sponsor = pool[int(chunk.rand() * len(pool))]
        if sponsor.first_day < guest.first_day and sponsor is not guest.partner:
            return sponsor
    return None


def _record_referral(chunk: Chunk, sponsor: Guest, guest: Guest) -> None:
    first = guest.tables[guest.first_day]
    referral = Referral(sponsor, guest, first.stamp, first.day)
    chunk.referrals.append(referral)
    if (
        chunk.rand() < 0.4
        and sponsor.lapse is None
        and first.day not in sponsor.tables
        and len(first.members) < 4
    ):  # the sponsor brought their friend
        first.members.append(sponsor)
        first.party = min(8, first.party + 1)
        sponsor.tables[first.day] = first
    valid_from, valid_to = chunk.h.validity("sponsor", first.day)
    reason = chunk.h.sponsor_reason(guest.person.first_name, guest.person.last_name)
    reward = Reward(sponsor, "sponsor", reason, valid_from, valid_to, first.stamp)
    reward.referral = referral
    chunk.rewards.append(reward)
    _thank(chunk, sponsor, referral)


def _thank(chunk: Chunk, sponsor: Guest, referral: Referral) -> None:
    """Most thank-you calls are done; the last few days' wait on the agenda."""
    rand = chunk.rand
    if not sponsor.may_call or referral.first_day > chunk.today - 3 or rand() >= 0.8:
        return
    day = min(referral.first_day + 1 + int(rand() * 3), chunk.today - 1)
    outcome = "reached" if rand() < 0.8 else "voicemail"
    call(chunk, sponsor, "referral_thanks", referral.first_day, day, outcome, referral)
    if outcome == "voicemail" and day + 1 < chunk.today:
        call(chunk, sponsor, "referral_thanks", referral.first_day, day + 1, "reached", referral)
