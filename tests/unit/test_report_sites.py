"""A site's report (issue 19, product.md "Restaurant groups"): the figures of one restaurant of
a group beside the whole group's, on constructed data whose answers are worked out by hand.

A site's report counts the visits recorded there (revenue, loyalty, the top fifth, referred
guests whose first visit was there, the birthday guests' returns there) and its guests as its
agenda lists them, those whose home site it is or who never came (the birthday calls, today's
regulars at risk and consent, feedback). Visits from before the group named its sites are no
site's: the whole group's report counts them.

Today is Sunday 22 November 2026 (tests/conftest.py); the period is the first half of 2026 and
the period before it 4 July to 31 December 2025.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.calls import Outcome, value_at_risk_cents
from guestbook.services.reports import report
from guestbook.services.reports.guests import Behind, guests_behind
from guestbook.services.reports.months import revenue_by_month
from guestbook.services.reports.series import series
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit
from tests.unit.test_report_birthdays import END, START, call, guest
from tests.unit.test_report_figures import _feedback

pytestmark = pytest.mark.both_backends

D = dt.date
JAN, JUN = D(2026, 1, 1), D(2026, 6, 30)
GROUP, BASTILLE, MARAIS = "", "Bastille", "Marais"


def _at(services: Services, site: str) -> Services:
    """The same database seen from the terminal of `site`."""
    return replace(services, settings=replace(services.settings, site=site))


def _group(services: Services) -> dict[str, int]:
    """Anne comes to Bastille (three times, once in the period before) and once to the Marais;
    Bruno, whom she referred, to the Marais; Chloé before the sites were named; Denis never."""
    bastille, marais = _at(services, BASTILLE), _at(services, MARAIS)
    anne, bruno, chloe, denis = (
        add_guest(services, first, "Groupe") for first in ("Anne", "Bruno", "Chloé", "Denis")
    )
    record_referral(services, sponsor_id=anne, referred_id=bruno)
    add_visit(bastille, D(2025, 12, 5), anne, spend_cents=2_500)  # the period before
    add_visit(bastille, D(2026, 1, 10), anne, spend_cents=10_000)
    add_visit(bastille, D(2026, 2, 10), anne, spend_cents=6_000)
    add_visit(marais, D(2026, 3, 10), anne, spend_cents=4_000)
    add_visit(marais, D(2026, 1, 15), bruno, spend_cents=8_000)
    add_visit(services, D(2026, 1, 20), chloe, spend_cents=5_000)  # no site yet
    return {"anne": anne, "bruno": bruno, "chloe": chloe, "denis": denis}


def test_a_sites_revenue_and_loyalty_are_its_visits(services: Services) -> None:
    _group(services)
    bastille = report(services, JAN, JUN, BASTILLE)
    assert bastille.site == BASTILLE and bastille.to_json()["site"] == BASTILLE
    revenue, loyalty = bastille.current.revenue, bastille.current.loyalty
    assert (revenue.visits, revenue.total_cents, revenue.guests) == (2, 16_000, 1)
    assert (loyalty.guests, loyalty.repeat_guests) == (1, 1)  # Anne, twice
    assert (loyalty.previous_guests, loyalty.retained_guests) == (1, 1)  # Anne in December
    assert bastille.to_json()["revenue"]["top20_share"] == 1.0
    assert (bastille.previous.revenue.visits, bastille.previous.revenue.total_cents) == (1, 2_500)
    # Bruno's first visit was at the Marais: Bastille has no referred guest who came.
    assert (loyalty.referred_guests_who_came, loyalty.referred_spend_cents) == (0, 0)

    marais = report(services, JAN, JUN, MARAIS)
    revenue, loyalty = marais.current.revenue, marais.current.loyalty
    assert (revenue.visits, revenue.total_cents, revenue.guests) == (2, 12_000, 2)
    assert (loyalty.guests, loyalty.repeat_guests, loyalty.previous_guests) == (2, 0, 0)
    assert (loyalty.referred_guests_who_came, loyalty.referred_spend_cents) == (1, 8_000)
    # The top fifth of two guests is one: Bruno's 80 € of the Marais's 120 €.
    assert marais.to_json()["revenue"]["top20_share"] == pytest.approx(8_000 / 12_000)


def test_the_whole_group_counts_every_visit_even_those_of_no_site(services: Services) -> None:
    _group(services)
    group = report(services, JAN, JUN, GROUP)
    assert group.site == "" and group.to_json()["site"] == ""
    revenue, loyalty = group.current.revenue, group.current.loyalty
    # Bastille's 160 € and the Marais's 120 €, and Chloé's 50 € of no site.
    assert (revenue.visits, revenue.total_cents, revenue.guests) == (5, 33_000, 3)
    assert (loyalty.repeat_guests, loyalty.retained_guests) == (1, 1)  # Anne, at two sites
    assert (loyalty.referred_guests_who_came, loyalty.referred_spend_cents) == (1, 8_000)
    assert report(services, JAN, JUN) == group  # the default: the whole group


def test_a_sites_guests_are_its_home_guests_and_those_who_never_came(
    services: Services,
) -> None:
    guests = _group(services)
    for who, day, ces in (("anne", D(2026, 2, 1), 2), ("bruno", D(2026, 2, 2), 7)):
        _feedback(services, guests[who], day, dt.time(12), ces, None)
    bastille = report(services, JAN, JUN, BASTILLE)
    marais = report(services, JAN, JUN, MARAIS)
    group = report(services, JAN, JUN, GROUP)
    # Anne's home is Bastille, Bruno's the Marais; Chloé's visit named no site and Denis never
    # came: both are every site's guests, as on the agenda.
    assert (bastille.consent.guests, marais.consent.guests, group.consent.guests) == (3, 3, 4)
    assert bastille.consent.granted["call"] == 3
    assert (bastille.current.feedback.responses, bastille.current.feedback.low) == (1, 1)
    assert (marais.current.feedback.responses, marais.current.feedback.low) == (1, 0)
    assert (group.current.feedback.responses, group.current.feedback.low) == (2, 1)


def test_late_regulars_count_at_their_home_site(services: Services) -> None:
    marais = _at(services, MARAIS)
    regular = add_guest(services, "Régulier", "Parti")
    for may in (1, 11, 21, 31):  # every 10 days in May, then gone: late since June
        add_visit(marais, D(2026, 5, may), regular, spend_cents=4_000)
    expected = value_at_risk_cents(4_000, 10)
    at_marais, at_bastille = report(services, site=MARAIS), report(services, site=BASTILLE)
    assert (at_marais.at_risk.late_regulars, at_marais.at_risk.value_at_risk_cents) == (
        1,
        expected,
    )
    assert (at_bastille.at_risk.late_regulars, at_bastille.at_risk.regulars) == (0, 0)
    assert report(services).at_risk == at_marais.at_risk
    # The chart's month: late from 30 days after 31 May.
    months = series(services, (JAN, D(2026, 11, 22)), MARAIS).at_risk
    assert [(m.month, m.late_regulars, m.value_cents) for m in months if m.late_regulars] == [
        (D(2026, 6, 1), 1, expected)
    ]
    assert not any(m.late_regulars for m in series(services, (JAN, END), BASTILLE).at_risk)


def test_a_sites_birthday_calls_are_its_guests_and_their_returns_there(
    services: Services,
) -> None:
    """Gaby (home Bastille, born 15 October) is invited by Bastille and comes to both sites;
    Eve (home Marais, 20 November) is never called; Félix (25 November) never came."""
    gaby, eve = guest(services, "Gaby", 15, 10), guest(services, "Eve", 20, 11)
    guest(services, "Félix", 25, 11)
    bastille, marais = _at(services, BASTILLE), _at(services, MARAIS)
    add_visit(bastille, D(2026, 3, 1), gaby)
    add_visit(marais, D(2026, 3, 2), eve)
    call(bastille, D(2026, 10, 8), gaby, D(2026, 10, 15), Outcome.REACHED)
    add_visit(bastille, D(2026, 10, 20), gaby, spend_cents=7_000)
    add_visit(marais, D(2026, 10, 21), gaby, spend_cents=3_000)

    def calls(site: str) -> tuple[int, ...]:
        found = report(services, START, END, site).current.birthday_calls
        return found.due, found.reached, found.missed, found.returned, found.returned_spend_cents

    assert calls(BASTILLE) == (2, 1, 0, 1, 7_000)  # Gaby and Félix; her visit at Bastille
    assert calls(MARAIS) == (2, 0, 1, 0, 0)  # Eve, missed, and Félix
    assert calls(GROUP) == (3, 1, 1, 1, 10_000)
    invited = guests_behind(services, Behind.RETURNED, (START, END), site=BASTILLE)
    assert [row.guest_id for row in invited.rows] == [gaby]
    assert guests_behind(services, Behind.INVITED, (START, END), site=MARAIS).total == 0


def test_a_sites_lists_charts_and_months_are_its_visits(services: Services) -> None:
    guests = _group(services)
    top = guests_behind(services, Behind.TOP_SPENDERS, (JAN, JUN), site=MARAIS)
    assert [row.guest_id for row in top.rows] == [guests["bruno"]] and top.total == 1
    referred = guests_behind(services, Behind.REFERRED, (JAN, JUN), site=MARAIS)
    assert [row.guest_id for row in referred.rows] == [guests["bruno"]]
    assert guests_behind(services, Behind.REFERRED, (JAN, JUN), site=BASTILLE).total == 0
    assert guests_behind(services, Behind.REFERRED, (JAN, JUN)).total == 1

    weeks = series(services, (JAN, JUN), BASTILLE).weeks
    assert [(week.monday, week.visits) for week in weeks if week.visits] == [
        (D(2026, 1, 5), 1),  # Saturday 10 January
        (D(2026, 2, 9), 1),  # Tuesday 10 February
    ]
    assert sum(week.visits for week in series(services, (JAN, JUN)).weeks) == 5
    months = revenue_by_month(services, JAN, JUN, BASTILLE)
    assert [month.revenue_cents for month in months] == [10_000, 6_000, 0, 0, 0, 0]
    group = revenue_by_month(services, JAN, JUN)
    assert [month.revenue_cents for month in group] == [23_000, 6_000, 4_000, 0, 0, 0]
