"""The referral ledger and the ambassadors ranking."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.services.visits.referrals import record_referral
from guestbook.services.visits.report import ReferralTotals, ledger, referral_overview
from tests.builders import add_guest, add_visit
from tests.database import execute

pytestmark = pytest.mark.both_backends

D = dt.date


def test_ledger_and_ambassadors(services: Services) -> None:
    ana = add_guest(services, "Ana", "Top")
    bea = add_guest(services, "Béa", "Second")
    friends = [add_guest(services, f"Ami{i}", "Ana") for i in range(3)]
    bea_friend = add_guest(services, "Ami", "Béa")
    for friend in friends:
        record_referral(services, sponsor_id=ana, referred_id=friend)
    record_referral(services, sponsor_id=bea, referred_id=bea_friend)
    # the first of Ana's friends brings someone in turn
    grand = add_guest(services, "Petit", "Filleul")
    record_referral(services, sponsor_id=friends[0], referred_id=grand)
    add_visit(services, D(2026, 11, 20), friends[0], spend_cents=5_000)
    add_visit(services, D(2026, 11, 21), friends[1], spend_cents=7_000)
    later = add_visit(services, D(2026, 11, 21), bea_friend, spend_cents=50_000)
    execute(  # Béa has used hers: no longer owed
        services,
        "UPDATE reward SET redeemed_visit_id = ?, redeemed_at = '2026-11-21 21:00:00' "
        "WHERE guest_id = ? AND issued_by_referral_id IS NOT NULL",
        later,
        bea,
    )

    overview = referral_overview(replace(services, clock=FixedClock(D(2026, 11, 22))))
    rows, ranking, totals = overview.ledger, overview.ambassadors, overview.totals
    latest = services.read(lambda connection: ledger(connection, D(2026, 11, 22), limit=2))
    assert len(rows) == 5
    # The summary counts the whole house, not the rows listed; each friend's first visit
    # issued their sponsor's reward: Ana's two are usable today, Béa's is used.
    assert len(latest) == 2
    assert totals == ReferralTotals(referrals=5, came=3, sponsor_rewards_owed=2)
    came = {r.referred: (r.first_visit_on, r.visits, r.spend_cents, r.reward_state) for r in rows}
    assert came["Ami0 Ana"] == (D(2026, 11, 20), 1, 5_000, "owed")
    assert came["Ami2 Ana"] == (None, 0, 0, "none yet")
    top = ranking[0]
    assert (
        top.name,
        top.referred_who_came,
        top.referred_total,
        top.spend_cents,
        top.second_level,
    ) == ("Ana Top", 2, 3, 12_000, 1)
    # Béa brought one guest who spent more, but Ana brought more guests who came
    assert [a.name for a in ranking[:2]] == ["Ana Top", "Béa Second"]
