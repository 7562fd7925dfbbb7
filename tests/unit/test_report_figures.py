"""The owner's report (issue 17): revenue, loyalty, referrals, guests at risk, feedback and
consent coverage, on constructed data whose answers are worked out by hand in each test.

Today is Sunday 22 November 2026 (tests/conftest.py). Most tests read the first half of 2026
(181 days); the period before it is then 4 July to 31 December 2025. The birthday calls are
in test_report_birthdays.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlmodel import Session

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.calls import value_at_risk_cents
from guestbook.errors import UserError
from guestbook.services.guests.card import guest_card
from guestbook.services.guests.consent import record_consent
from guestbook.services.reports import chosen_period, default_period, period_before, report
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.record import record_visit
from guestbook.services.visits.referrals import record_referral
from guestbook.storage.sqlite.raw import stamp
from tests.builders import add_guest, add_visit
from tests.database import execute, query

pytestmark = pytest.mark.both_backends

D = dt.date
JAN, JUN = D(2026, 1, 1), D(2026, 6, 30)


def on(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def visit_of_unknown_spend(services: Services, day: dt.date, *guest_ids: int, party: int) -> None:
    services.write(
        lambda session: record_visit(
            session,
            visited_on=day,
            guest_ids=list(guest_ids),
            party_size=party,
            spend_cents=None,
            now=services.clock.now(),
            settings=services.settings,
        )
    )


# --- periods --------------------------------------------------------------------------------


def test_the_default_period_is_the_twelve_months_ending_today(services: Services) -> None:
    assert default_period(D(2026, 11, 22)) == (D(2025, 11, 23), D(2026, 11, 22))
    assert default_period(D(2028, 2, 29)) == (D(2027, 3, 1), D(2028, 2, 29))
    assert period_before((JAN, JUN)) == (D(2025, 7, 4), D(2025, 12, 31))
    assert (report(services).start, report(services).end) == (D(2025, 11, 23), D(2026, 11, 22))
    assert chosen_period(None, D(2026, 3, 31), D(2026, 11, 22)) == (D(2025, 4, 1), D(2026, 3, 31))
    assert chosen_period(D(2026, 3, 1), None, D(2026, 11, 22)) == (D(2026, 3, 1), D(2026, 11, 22))
    with pytest.raises(UserError, match="after its end"):
        chosen_period(D(2026, 3, 1), D(2026, 2, 1), D(2026, 11, 22))


def test_a_period_ends_today_at_the_latest() -> None:
    """A period in the future read -100 % on every line (a user walk): it is refused; one
    that ends later than today is the period so far."""
    today = D(2026, 11, 22)
    with pytest.raises(UserError) as wrong:
        chosen_period(D(2026, 12, 1), D(2026, 12, 31), today)
    assert str(wrong.value) == (
        "the report starts on 1 Dec 2026, after today: nothing has happened yet"
    )
    assert chosen_period(D(2026, 11, 1), D(2026, 11, 30), today) == (D(2026, 11, 1), today)
    assert chosen_period(None, D(2027, 3, 31), today) == (D(2025, 11, 23), today)
    assert chosen_period(today, None, today) == (today, today)


@pytest.mark.usefixtures("french")
def test_a_wrong_period_is_said_with_french_dates() -> None:
    with pytest.raises(UserError) as wrong:
        chosen_period(D(2026, 11, 30), D(2025, 12, 1), D(2026, 12, 8))
    assert str(wrong.value) == ("le rapport commence le 30 nov. 2026, après sa fin (1 déc. 2025)")


def test_an_empty_period_divides_by_nothing(services: Services) -> None:
    figures = report(services, JAN, JUN).to_json()
    assert figures["from"] == "2026-01-01" and figures["to"] == "2026-06-30"
    calls = figures["birthday_calls"]
    assert {key: calls[key] for key in ("due", "reached", "booked", "declined", "missed")} == {
        "due": 0,
        "reached": 0,
        "booked": 0,
        "declined": 0,
        "missed": 0,
    }
    assert (calls["returned"], calls["return_rate"]) == (0, None)
    assert figures["loyalty"] == {
        "retention": None,
        "repeat": None,
        "referred_guests_who_came": 0,
        "referred_spend_cents": 0,
        "guests": 0,
        "repeat_guests": 0,
        "previous_guests": 0,
        "retained_guests": 0,
    }
    revenue = figures["revenue"]
    assert (revenue["total_cents"], revenue["per_guest_cents"], revenue["top20_share"]) == (
        0,
        None,
        None,
    )
    assert figures["at_risk"] == {
        "late_regulars": 0,
        "value_at_risk_cents": 0,
        "regulars": 0,
        "regulars_yearly_value_cents": 0,
    }
    assert (figures["feedback"]["responses"], figures["feedback"]["ces_average"]) == (0, None)
    assert figures["feedback"]["low"] == 0
    assert figures["consent_coverage"] == {
        "call": None,
        "sms": None,
        "email": None,
        "post": None,
        "guests": 0,
    }
    previous = figures["previous"]
    assert (previous["from"], previous["to"]) == ("2025-07-04", "2025-12-31")
    assert set(previous["at_risk"].values()) == {None}  # today's only
    assert set(previous) == set(figures) - {"previous", "today", "site"}


# --- revenue and loyalty ----------------------------------------------------------------------


@pytest.fixture
def tables(services: Services) -> tuple[int, int, int]:
    """Anne, Bruno and Chloé, and their tables:
    - 1 Feb 2026, Anne and Bruno at a table of 3, 100.01 €: 33.34 € each, 33.33 € unknown;
    - 1 Mar, Anne alone, 50.00 €; 1 Apr, Chloé at a table of 2, spend not typed;
    - 1 May, a table of no known guest, 20.00 €;
    - 1 Dec 2025 (the period before), Bruno alone, 70.00 €; 1 Jul 2026 (after), Anne, 9.99 €."""
    anne, bruno, chloe = (add_guest(services, name, "Test") for name in ("Anne", "Bruno", "Chloé"))
    add_visit(services, D(2026, 2, 1), anne, bruno, party_size=3, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    visit_of_unknown_spend(services, D(2026, 4, 1), chloe, party=2)
    add_visit(services, D(2026, 5, 1), spend_cents=2_000)
    add_visit(services, D(2025, 12, 1), bruno, spend_cents=7_000)
    add_visit(services, D(2026, 7, 1), anne, spend_cents=999)
    return anne, bruno, chloe


def test_revenue_counts_known_spends_and_splits_them_per_guest(
    services: Services, tables: tuple[int, int, int]
) -> None:
    revenue = report(services, JAN, JUN).current.revenue
    assert (revenue.visits, revenue.visits_with_spend) == (4, 3)
    assert revenue.total_cents == 10_001 + 5_000 + 2_000  # the unknown spend is not 0
    assert revenue.guests == 3
    assert revenue.per_guest_cents == 5_667  # 17,001 / 3, rounded
    assert revenue.guests_share_cents == 3_334 + 5_000 + 3_334  # Chloé's share is unknown
    # The top fifth of 3 guests is 1 guest: Anne, 33.34 € + 50.00 €.
    assert (revenue.top20_guests, revenue.top20_cents) == (1, 8_334)
    assert revenue.top20_share == pytest.approx(8_334 / 17_001)


def test_loyalty_retention_and_repeat(services: Services, tables: tuple[int, int, int]) -> None:
    figures = report(services, JAN, JUN)
    loyalty = figures.current.loyalty
    assert (loyalty.guests, loyalty.repeat_guests) == (3, 1)  # Anne came twice
    assert loyalty.repeat == pytest.approx(1 / 3)
    assert (loyalty.previous_guests, loyalty.retained_guests) == (1, 1)  # Bruno came back
    assert loyalty.retention == 1.0
    before = figures.previous
    assert (before.revenue.total_cents, before.revenue.guests, before.revenue.top20_share) == (
        7_000,
        1,
        1.0,
    )
    assert (before.loyalty.guests, before.loyalty.previous_guests) == (1, 0)
    assert before.loyalty.retention is None


def test_erased_guests_keep_counting_in_visits_revenue_and_loyalty(
    services: Services, tables: tuple[int, int, int]
) -> None:
    anne, bruno, _chloe = tables
    erase_guests(services, [anne, bruno])
    figures = report(services, JAN, JUN)
    assert figures.current.revenue.total_cents == 17_001
    assert figures.current.revenue.top20_cents == 8_334
    assert (figures.current.loyalty.guests, figures.current.loyalty.retained_guests) == (3, 1)
    assert figures.consent.guests == 1  # Chloé only


def test_the_shares_are_the_cards_to_the_cent(services: Services) -> None:
    """Tables whose spend does not divide evenly, known guests given in any order: the
    report's shares add up to each guest's share as the card keeps it (seat_share)."""
    guests = [add_guest(services, name, "Part") for name in ("A", "B", "C", "D", "E")]
    a, b, c, d, e = guests
    for day, seated, party, spend in (
        (D(2026, 1, 5), (c, a, b), 4, 10_003),  # 25.01 € to A, B and C, 25.00 € unknown
        (D(2026, 1, 6), (e, d), 5, 9_999),  # 20.00 € each: a remainder of 4
        (D(2026, 1, 7), (b, e, a, d), 4, 1_002),  # 2.51 € to A and B, 2.50 € to D and E
        (D(2026, 1, 8), (c,), 3, 100),  # 0.34 € to C
        (D(2026, 1, 9), (d, c), 2, 1),  # the cent to C
    ):
        add_visit(services, day, *seated, party_size=party, spend_cents=spend)
    kept = dict(query(services, "SELECT id, spend_cents FROM guest"))
    revenue = report(services, JAN, JUN).current.revenue
    assert revenue.guests_share_cents == sum(kept.values())
    assert revenue.top20_cents == max(kept.values())  # 1 guest of 5
    assert kept == {a: 2_501 + 251, b: 2_501 + 251, c: 2_501 + 34 + 1, d: 2_000 + 250, e: 2_250}


# --- referrals --------------------------------------------------------------------------------


def test_referred_guests_who_came_and_what_they_spent(services: Services) -> None:
    sponsor = add_guest(services, "Marraine", "Test")
    friend = add_guest(services, "Amie", "Test")
    earlier = add_guest(services, "Ancien", "Filleul")
    never = add_guest(services, "Jamais", "Venu")
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    record_referral(services, sponsor_id=sponsor, referred_id=earlier)
    record_referral(services, sponsor_id=sponsor, referred_id=never)
    add_visit(services, D(2026, 2, 10), friend, sponsor, party_size=2, spend_cents=8_001)
    add_visit(services, D(2026, 5, 10), friend, spend_cents=3_000)
    add_visit(services, D(2026, 9, 10), friend, spend_cents=5_000)  # after the period
    add_visit(services, D(2025, 10, 1), earlier, spend_cents=4_000)  # first came before
    add_visit(services, D(2026, 3, 1), earlier, spend_cents=6_000)
    figures = report(services, JAN, JUN)
    loyalty = figures.current.loyalty
    # The friend's first visit: a share of 40.00 € (the odd cent goes to the sponsor, who has
    # the smaller number), then 30.00 €.
    assert (loyalty.referred_guests_who_came, loyalty.referred_spend_cents) == (1, 7_000)
    assert figures.previous.loyalty.referred_guests_who_came == 1  # the earlier one
    assert figures.previous.loyalty.referred_spend_cents == 4_000


# --- at risk ----------------------------------------------------------------------------------


def test_late_regulars_and_their_value_at_risk(services: Services) -> None:
    """A regular every 10 days in May, then gone: late from 30 days after the last visit
    (lapse_min_days); the average share counts the visits whose spend is known."""
    late = add_guest(services, "Régulier", "Parti")
    for may, spend in ((1, 4_000), (21, 4_000), (31, 5_000)):
        add_visit(services, D(2026, 5, may), late, spend_cents=spend)
    visit_of_unknown_spend(services, D(2026, 5, 11), late, party=1)
    recent = add_guest(services, "Régulier", "Fidèle")
    for day in (D(2026, 10, 20), D(2026, 11, 1), D(2026, 11, 15)):
        add_visit(services, day, recent, spend_cents=6_000)
    gone = add_guest(services, "Effacé", "Parti")
    for day in (D(2026, 4, 1), D(2026, 4, 8), D(2026, 4, 15)):
        add_visit(services, day, gone, spend_cents=9_000)
    erase_guests(services, [gone])

    at_risk = report(services).at_risk
    expected = value_at_risk_cents((4_000 + 4_000 + 5_000) // 3, 10)
    assert expected == 158_155
    assert (at_risk.late_regulars, at_risk.value_at_risk_cents) == (1, expected)
    assert guest_card(services, late).details.yearly_value_cents == expected
    # The faithful regular: every 12 then 14 days (a usual interval of 13) at 60.00 €.
    faithful = value_at_risk_cents(6_000, 13)
    assert guest_card(services, recent).details.yearly_value_cents == faithful
    assert (at_risk.regulars, at_risk.regulars_yearly_value_cents) == (2, expected + faithful)


# --- feedback ---------------------------------------------------------------------------------


def _feedback(
    services: Services, guest_id: int, day: dt.date, time: dt.time, ces: int | None, sat: int | None
) -> None:
    """A response given on `day` at `time`, the restaurant's local time."""
    execute(
        services,
        "INSERT INTO feedback (guest_id, at, ces, satisfaction, comment, channel, staff)"
        " VALUES (?, ?, ?, ?, '', 'in_person', '')",
        guest_id,
        stamp(dt.datetime.combine(day, time).astimezone()),
        ces,
        sat,
    )


def test_feedback_averages_and_low_scores_of_the_periods_days(services: Services) -> None:
    guest = add_guest(services)
    half_past_midnight, noon, half_past_eleven = dt.time(0, 30), dt.time(12), dt.time(23, 30)
    for day, time, ces, sat in (
        (JAN, half_past_midnight, 7, 5),  # the first local day counts
        (D(2026, 3, 1), noon, 3, None),  # low effort
        (D(2026, 4, 1), noon, None, 2),  # low satisfaction
        (JUN, half_past_eleven, 6, 4),  # the last local day counts
        (D(2026, 7, 1), half_past_midnight, 1, 1),  # the day after does not
        (D(2025, 12, 31), half_past_eleven, 2, 5),  # nor the day before: the period before
    ):
        _feedback(services, guest, day, time, ces, sat)
    figures = report(services, JAN, JUN)
    feedback = figures.current.feedback
    assert (feedback.responses, feedback.low) == (4, 2)
    assert feedback.ces_average == pytest.approx((7 + 3 + 6) / 3)
    assert feedback.satisfaction_average == pytest.approx((5 + 2 + 4) / 3)
    before = figures.previous.feedback
    assert (before.responses, before.low, before.ces_average) == (1, 1, 2.0)


# --- consent coverage -------------------------------------------------------------------------


def test_consent_coverage_of_the_guests_not_erased(services: Services) -> None:
    yes = add_guest(services, "Oui", "Partout")
    add_guest(services, "Non", "Appel", call_consent=False)
    add_guest(services, "Jamais", "Demandé", call_consent=None)
    erased = add_guest(services, "Effacé", "Test")
    now = services.clock.now()

    def grant(session: Session) -> None:
        for guest_id in (yes, erased):
            for channel in ("sms", "email"):
                record_consent(session, guest_id, channel, True, now=now)

    services.write(grant)
    erase_guests(services, [erased])
    coverage = report(services).to_json()["consent_coverage"]
    assert coverage == {"call": 1 / 3, "sms": 1 / 3, "email": 1 / 3, "post": 0.0, "guests": 3}
