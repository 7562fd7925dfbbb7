"""The guests behind the report's figures (issue 17): the invited guests of the birthday calls
(those who came back, those who did not), the top fifth by spend, the referred guests who
came; each list as long as its figure says, on constructed data worked out by hand.

Today is Sunday 22 November 2026 (tests/conftest.py), lead_days 7; the period is the first
half of 2026.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.reports import report
from guestbook.services.reports.guests import (
    Behind,
    FirstVisit,
    GuestsBehind,
    Invitation,
    Spend,
    guests_behind,
)
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.record import record_visit
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

D = dt.date
PERIOD = (D(2026, 1, 1), D(2026, 6, 30))


def on(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def names(listed: GuestsBehind) -> list[str]:
    return [row.name for row in listed.rows]


@pytest.fixture
def invitations(services: Services) -> dict[str, int]:
    """Alice (born 5 Feb) reached, came 10 Feb (45.00 €); Basile (20 Feb) booked, never came;
    Chloé (3 Mar) reached, came 1 Apr (30.00 €); Denis (10 Mar) declined; Emma (3 Jan) reached
    on 28 December 2025, a call due before the period."""
    born = on(services, D(2025, 6, 1))
    guests = {
        name: add_guest(born, name, "Anniversaire", birthday=Birthday(day, month))
        for name, day, month in (
            ("Alice", 5, 2),
            ("Basile", 20, 2),
            ("Chloé", 3, 3),
            ("Denis", 10, 3),
            ("Emma", 3, 1),
        )
    }
    for name, day, birthday, outcome in (
        ("Alice", D(2026, 1, 29), D(2026, 2, 5), Outcome.REACHED),
        ("Basile", D(2026, 2, 14), D(2026, 2, 20), Outcome.BOOKED),
        ("Chloé", D(2026, 2, 25), D(2026, 3, 3), Outcome.REACHED),
        ("Denis", D(2026, 3, 3), D(2026, 3, 10), Outcome.DECLINED),
        ("Emma", D(2025, 12, 28), D(2026, 1, 3), Outcome.REACHED),
    ):
        call = CallToLog(guests[name], Reason.BIRTHDAY, birthday, None)
        booked = D(2026, 2, 21) if outcome is Outcome.BOOKED else None
        log_outcome(on(services, day), call, outcome, booked_for=booked)
    add_visit(services, D(2026, 2, 10), guests["Alice"], spend_cents=4_500)
    add_visit(services, D(2026, 4, 1), guests["Chloé"], spend_cents=3_000)
    add_visit(services, D(2026, 1, 3), guests["Emma"])
    return guests


def test_the_invited_guests_who_came_back_and_who_did_not(
    services: Services, invitations: dict[str, int]
) -> None:
    invited = guests_behind(services, Behind.INVITED, PERIOD)
    assert names(invited) == ["Alice Anniversaire", "Basile Anniversaire", "Chloé Anniversaire"]
    assert invited.total == report(services, *PERIOD).current.birthday_calls.invited == 3
    returned = guests_behind(services, Behind.RETURNED, PERIOD)
    assert names(returned) == ["Alice Anniversaire", "Chloé Anniversaire"]
    assert returned.facts[invitations["Alice"]] == (Invitation(D(2026, 2, 5), 1, 4_500),)
    assert returned.facts[invitations["Chloé"]] == (Invitation(D(2026, 3, 3), 1, 3_000),)
    not_returned = guests_behind(services, Behind.NOT_RETURNED, PERIOD)
    assert names(not_returned) == ["Basile Anniversaire"]
    assert not_returned.facts[invitations["Basile"]] == (Invitation(D(2026, 2, 20), 0, 0),)
    assert not not_returned.capped


def test_a_list_shows_its_first_guests_and_says_how_many_in_all(
    services: Services, invitations: dict[str, int]
) -> None:
    invited = guests_behind(services, Behind.INVITED, PERIOD, limit=2)
    assert names(invited) == ["Alice Anniversaire", "Basile Anniversaire"]
    assert (invited.total, invited.capped) == (3, True)
    assert set(invited.facts) == {invitations["Alice"], invitations["Basile"]}


def test_the_top_fifth_by_their_shares_of_the_period(services: Services) -> None:
    """Six guests came: the top fifth is 2 of them. Bea and Dan spent 300.00 € each (Bea,
    recorded first, comes first); Ali 100.00 € (half of a table of 2 with Eve), Cid 50.00 €;
    Fay's table's spend was not typed; Gus came only in July."""
    ali, bea, cid, dan, eve, fay, gus = (
        add_guest(services, name, "Client")
        for name in ("Ali", "Bea", "Cid", "Dan", "Eve", "Fay", "Gus")
    )
    add_visit(services, D(2026, 1, 10), ali, eve, spend_cents=20_000)
    add_visit(services, D(2026, 2, 10), bea, spend_cents=10_000)
    add_visit(services, D(2026, 3, 10), bea, spend_cents=20_000)
    add_visit(services, D(2026, 3, 11), cid, spend_cents=5_000)
    add_visit(services, D(2026, 4, 10), dan, spend_cents=30_000)
    add_visit(services, D(2026, 7, 10), gus, spend_cents=90_000)
    services.write(
        lambda session: record_visit(
            session,
            visited_on=D(2026, 5, 1),
            guest_ids=[fay],
            party_size=2,
            spend_cents=None,
            now=services.clock.now(),
            settings=services.settings,
        )
    )
    top = guests_behind(services, Behind.TOP_SPENDERS, PERIOD)
    assert names(top) == ["Bea Client", "Dan Client"]
    assert top.facts == {bea: (Spend(30_000, 2),), dan: (Spend(30_000, 1),)}
    revenue = report(services, *PERIOD).current.revenue
    assert top.total == revenue.top20_guests == 2
    assert sum(fact.cents or 0 for (fact,) in top.facts.values()) == revenue.top20_cents
    assert names(guests_behind(services, Behind.TOP_SPENDERS, PERIOD, limit=1)) == ["Bea Client"]
    erase_guests(services, [dan])  # an erased guest still counts, nameless
    assert names(guests_behind(services, Behind.TOP_SPENDERS, PERIOD)) == ["Bea Client", "(erased)"]


def test_the_referred_guests_who_came_with_their_sponsor(services: Services) -> None:
    sponsor = add_guest(services, "Marraine", "Test")
    friend = add_guest(services, "Amie", "Test")
    earlier = add_guest(services, "Ancien", "Filleul")
    never = add_guest(services, "Jamais", "Venu")
    for guest_id in (friend, earlier, never):
        record_referral(services, sponsor_id=sponsor, referred_id=guest_id)
    add_visit(services, D(2026, 2, 10), friend, sponsor, party_size=2, spend_cents=8_001)
    add_visit(services, D(2026, 5, 10), friend, spend_cents=3_000)
    add_visit(services, D(2025, 10, 1), earlier, spend_cents=4_000)  # first came before
    add_visit(services, D(2026, 3, 1), earlier, spend_cents=6_000)

    referred = guests_behind(services, Behind.REFERRED, PERIOD)
    assert names(referred) == ["Amie Test"]
    # 40.00 € of the first table (the odd cent to the sponsor, the smaller number), 30.00 €.
    assert referred.facts == {friend: (FirstVisit(D(2026, 2, 10), 7_000, "Marraine Test"),)}
    assert referred.total == report(services, *PERIOD).current.loyalty.referred_guests_who_came
    erase_guests(services, [sponsor])
    (fact,) = guests_behind(services, Behind.REFERRED, PERIOD).facts[friend]
    assert isinstance(fact, FirstVisit) and fact.sponsor is None


def test_an_empty_period_lists_nobody(services: Services) -> None:
    for behind in Behind:
        listed = guests_behind(services, behind, PERIOD)
        assert (listed.total, listed.rows, dict(listed.facts)) == (0, (), {})
