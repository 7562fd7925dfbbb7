"""An erased guest is owed nothing (finding of a user's walk: an erased sponsor's reward #267
stayed owed, counted in "44 sponsor rewards owed", and the ambassadors ranked "21 (no name)")."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from guestbook.bootstrap import Services
from guestbook.services.checkout import rewards_owed_at_table
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.referrals import record_referral
from guestbook.services.visits.report import referral_overview
from guestbook.storage.sqlite.rewards import rewards_owed
from tests.builders import add_guest, add_visit
from tests.database import execute, query, scalar

pytestmark = pytest.mark.both_backends

D = dt.date
# The migration's module (its name starts with a digit: imported by name).
LAPSE_0013 = importlib.import_module(
    "guestbook.storage.migrations.versions.0013_lapse_erased_guests_rewards"
)
REWARDS = (
    "SELECT valid_from, valid_to, redeemed_visit_id FROM reward WHERE guest_id = ? ORDER BY id"
)


def _owed(services: Services, guest_id: int) -> dict[int, int]:
    today = services.clock.today()
    return services.read(lambda connection: rewards_owed(connection, [guest_id], today))


def _dates(services: Services, guest_id: int) -> list[tuple[str, str, object]]:
    return [(str(a)[:10], str(b)[:10], c) for a, b, c in query(services, REWARDS, guest_id)]


def test_an_erased_sponsor_is_owed_nothing_nor_ranked(services: Services, today: dt.date) -> None:
    helene, jean = add_guest(services, "Hélène", "Bourdon"), add_guest(services, "Jean", "Roux")
    friends = [add_guest(services, f"Ami{i}", "Bourdon") for i in range(3)]
    for friend in friends:
        record_referral(services, sponsor_id=helene, referred_id=friend)
    record_referral(services, sponsor_id=jean, referred_id=add_guest(services, "Ami", "Roux"))
    add_visit(services, D(2026, 11, 2), friends[0])  # earns Hélène a reward: owed today
    used = add_visit(services, D(2026, 11, 3), friends[1])
    execute(  # the second one she has used: history, left as it is
        services,
        "UPDATE reward SET redeemed_visit_id = ? WHERE id = (SELECT max(id) FROM reward)",
        used,
    )
    execute(  # and a birthday reward not valid yet
        services,
        "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, created_at)"
        " VALUES (?, 'birthday', 'Birthday', '2026-12-01', '2027-01-07', '2026-11-20 10:00:00')",
        helene,
    )
    before = referral_overview(services)
    assert before.totals.sponsor_rewards_owed == 1
    assert [a.name for a in before.ambassadors][:1] == ["Hélène Bourdon"]

    erase_guests(services, [helene])

    overview = referral_overview(services)
    assert overview.totals.sponsor_rewards_owed == 0  # "44 owed" counted hers
    assert overview.totals.referrals == 4 and overview.totals.came == 2  # still counted
    assert [a.name for a in overview.ambassadors] == ["Jean Roux"]  # no "(no name)"
    states = {row.referred: (row.sponsor, row.reward_state) for row in overview.ledger}
    assert states["Ami0 Bourdon"] == ("(erased)", "void")
    assert states["Ami1 Bourdon"] == ("(erased)", "redeemed")
    assert states["Ami2 Bourdon"] == ("(erased)", "none yet")
    assert _owed(services, helene) == {}
    assert rewards_owed_at_table(services, [helene]) == []
    # The rows stay; what she could still redeem lapsed the day before, dates in order.
    eve = (today - dt.timedelta(days=1)).isoformat()
    assert _dates(services, helene) == [
        (eve, eve, None),  # valid from today: it lapsed before it began
        ("2026-11-22", "2027-05-22", used),
        (eve, eve, None),
    ]


def test_a_reward_earned_once_the_sponsor_is_erased_is_never_owed(services: Services) -> None:
    sponsor, friend = add_guest(services, "Hélène", "Bourdon"), add_guest(services, "Léa", "Vidal")
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    erase_guests(services, [sponsor])
    add_visit(services, D(2026, 11, 22), friend)  # the friend comes after: the referral settles
    assert scalar(services, "SELECT count(*) FROM reward WHERE guest_id = ?", sponsor) == 1
    assert scalar(services, "SELECT reason FROM reward WHERE guest_id = ?", sponsor) == ""
    assert _owed(services, sponsor) == {}
    overview = referral_overview(services)
    assert overview.totals.sponsor_rewards_owed == 0
    assert [row.reward_state for row in overview.ledger] == ["void"]


def test_rewards_of_a_guest_erased_before_the_fix_are_not_counted(services: Services) -> None:
    sponsor, friend = add_guest(services, "Hélène", "Bourdon"), add_guest(services, "Léa", "Vidal")
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    add_visit(services, D(2026, 11, 22), friend)
    erase_guests(services, [sponsor])
    # As an erasure made by an older guestbook left it: still valid, until migration 0013
    # (its statement run here on either engine; tests/storage/ runs the upgrade on a file).
    execute(services, "UPDATE reward SET valid_to = '2027-05-22' WHERE guest_id = ?", sponsor)
    assert referral_overview(services).totals.sponsor_rewards_owed == 1
    dialect = "sqlite" if services.db_path is not None else "postgresql"
    execute(services, LAPSE_0013.LAPSE.format(eve=LAPSE_0013._EVE[dialect]))
    assert referral_overview(services).totals.sponsor_rewards_owed == 0
    assert rewards_owed_at_table(services, [sponsor]) == []
