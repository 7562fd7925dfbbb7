"""A site's agenda (issue 19): in a group, the chef of each site calls their own guests, those
whose home site it is (where they came most); the whole group's agenda lists everyone. Today
is 22 November 2026 (tests/conftest.py): birthdays from 22 to 29 November are due this week."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from functools import partial
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services, make_services
from guestbook.cli import cli
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import CallStatus, Reason
from guestbook.services.agenda.calls import Agenda, compute_agenda, first_calls
from guestbook.services.agenda.missed import left_out_guests, missed_calls, missed_calls_on
from guestbook.services.agenda.rows import listed_birthdays
from guestbook.services.feedback import record_feedback
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as agenda_sql
from guestbook.storage.sqlite.agenda import Window
from guestbook.storage.sqlite.raw import rows as raw_rows
from guestbook.storage.sqlite.site_terms import for_site
from tests.builders import add_guest, add_visit
from tests.conftest import TODAY
from tests.database import database, query
from tests.unit.test_sites import _at

pytestmark = pytest.mark.both_backends

D = dt.date


def _group(services: Services) -> dict[str, int]:
    """Anne and Léa come to Bastille, Paul to Oberkampf, Zoé never came (no home site: every
    site's to call); Noé, Bastille's, has no phone; all have a birthday this week."""
    bastille, oberkampf = _at(services, "Bastille"), _at(services, "Oberkampf")
    guests = {
        "Anne Martin": add_guest(services, "Anne", "Martin", birthday=Birthday(27, 11)),
        "Léa Roux": add_guest(services, "Léa", "Roux", birthday=Birthday(28, 11)),
        "Paul Roux": add_guest(services, "Paul", "Roux", birthday=Birthday(27, 11)),
        "Zoé Petit": add_guest(services, "Zoé", "Petit", birthday=Birthday(29, 11)),
        "Noé Blanc": add_guest(services, "Noé", "Blanc", birthday=Birthday(27, 11), phone=None),
    }
    add_visit(bastille, D(2026, 9, 1), guests["Anne Martin"])
    add_visit(oberkampf, D(2026, 10, 1), guests["Anne Martin"])
    add_visit(bastille, D(2026, 10, 20), guests["Anne Martin"])  # 2 to 1: Bastille's
    add_visit(bastille, D(2026, 10, 2), guests["Léa Roux"], guests["Noé Blanc"])
    add_visit(oberkampf, D(2026, 10, 3), guests["Paul Roux"])
    return guests


def test_a_sites_agenda_lists_its_own_guests(services: Services) -> None:
    _group(services)
    whole = compute_agenda(services)
    assert sorted(call.name for call in whole.calls) == [
        "Anne Martin",
        "Léa Roux",
        "Paul Roux",
        "Zoé Petit",
    ]
    bastille = compute_agenda(services, site="Bastille")
    assert [call.name for call in bastille.calls] == ["Anne Martin", "Léa Roux", "Zoé Petit"]
    assert bastille.site == "Bastille"
    assert (bastille.left_out_no_phone, bastille.left_out_no_consent) == (1, 0)
    oberkampf = compute_agenda(services, site="Oberkampf")
    assert [call.name for call in oberkampf.calls] == ["Paul Roux", "Zoé Petit"]
    assert (oberkampf.left_out_no_phone, oberkampf.left_out_no_consent) == (0, 0)
    assert [guest.name for guest in left_out_guests(services, days=7, site="Bastille")] == [
        "Noé Blanc"
    ]
    assert left_out_guests(services, days=7, site="Oberkampf") == []
    assert missed_calls(services, site="Oberkampf").total == 0


def test_the_first_screen_of_a_sites_agenda_is_its_own(services: Services) -> None:
    _group(services)
    names = {
        site: [call.name for call in agenda.calls]
        for site in ("", "Bastille", "Oberkampf")
        if (agenda := first_calls(services, 1 if site == "Oberkampf" else 2, site=site))
    }
    assert names == {
        "": ["Anne Martin", "Paul Roux"],  # due first: both born on 27 November
        "Bastille": ["Anne Martin", "Léa Roux"],
        "Oberkampf": ["Paul Roux"],
    }


def test_today_lists_the_terminals_site_unless_the_whole_group(services: Services) -> None:
    _group(services)
    services.close()
    runner = CliRunner()
    args = ["--db", database(services), "--today", "2026-11-22", "--site", "Bastille", "today"]
    own = json.loads(runner.invoke(cli, [*args, "--days", "7", "--json"]).output)
    assert own["site"] == "Bastille"
    assert [call["name"] for call in own["calls"]] == ["Anne Martin", "Léa Roux", "Zoé Petit"]
    assert [guest["name"] for guest in own["left_out_guests"]] == ["Noé Blanc"]
    whole = json.loads(runner.invoke(cli, [*args, "--days", "7", "--json", "--whole-group"]).output)
    assert whole["site"] == ""
    assert len(whole["calls"]) == 4
    text = runner.invoke(cli, [*args, "--days", "7"]).output
    assert text.startswith("Chez Nous · Bastille — calls for ")


def test_a_guest_who_now_comes_to_another_site_is_on_its_agenda(services: Services) -> None:
    """The site's statements read home_site from the agenda's indexes (migration 0011): a
    guest whose home site changes leaves one site's agenda for the other's at once."""
    guests = _group(services)
    paul = guests["Paul Roux"]
    bastille = _at(services, "Bastille")
    add_visit(bastille, D(2026, 11, 2), paul)
    add_visit(bastille, D(2026, 11, 9), paul)  # 2 to 1: now Bastille's
    names = {
        site: [call.name for call in compute_agenda(services, site=site).calls]
        for site in ("Bastille", "Oberkampf")
    }
    assert names == {
        "Bastille": ["Anne Martin", "Paul Roux", "Léa Roux", "Zoé Petit"],
        "Oberkampf": ["Zoé Petit"],
    }
    first = first_calls(services, 2, site="Bastille")
    assert first is not None and [call.name for call in first.calls] == ["Anne Martin", "Paul Roux"]


@pytest.mark.sqlite_only  # SQLite's query plans
def test_a_sites_statements_read_covering_indexes_only(services: Services) -> None:
    """The site's term is answered from the indexes the whole group's agenda reads: no guest
    row read for the birthdays, the win-back calls or the left-out count (a plan per hot
    query, issue #3)."""
    listed = listed_birthdays(D(2026, 11, 22), D(2026, 11, 29), Settings())
    window = Window(D(2026, 11, 22), dt.date.min, D(2026, 11, 29), 14, 14)
    params = {**agenda_sql._params(window, "Bastille"), "limit": -1}

    def plan(template: str) -> str:
        sql = for_site(template.format(listed=agenda_sql.values_sql(listed)), "Bastille")
        assert "home_site IN (:site, '')" in sql
        rows = services.read(lambda c: raw_rows(c, "EXPLAIN QUERY PLAN " + sql, params))
        return " | ".join(str(row[-1]) for row in rows)

    candidates = plan(agenda_sql.CANDIDATES_SQL)
    assert "USING COVERING INDEX ix_guest_birthday_call" in candidates, candidates
    assert "USING COVERING INDEX ix_guest_winback" in candidates, candidates
    assert "COVERING INDEX ix_guest_birthday " in plan(agenda_sql.LEFT_OUT_SQL) + " "


# --- a site's agenda is the group's, for its guests ------------------------------------------

SITES = ("Bastille", "Oberkampf", "Montmartre")
# Today, and a day in October when the demo's thank-you calls of its referrals are due.
DAYS = (TODAY, D(2026, 10, 20))


@pytest.fixture(scope="module")
def spread_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo group (birthdays, thank-yous, win-back calls, attempts of every outcome) whose
    guests who came are spread over three sites, a third each, as benchmarks/bench_sites.py
    spreads them (those who never came have no home site), with low scores to call back about
    given by a dozen guests three days ago."""
    db = tmp_path_factory.mktemp("sites") / "demo.db"
    services = make_services(db, FixedClock(TODAY), Settings())
    generate_demo(services.engine, today=TODAY, settings=services.settings, guests=3000, seed=3)
    services.close()
    connection = sqlite3.connect(db)
    try:
        connection.execute(
            "UPDATE guest SET home_site = CASE id % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END "
            "WHERE visit_count > 0",
            SITES,
        )
        connection.commit()
    finally:
        connection.close()
    services = make_services(db, FixedClock(TODAY - dt.timedelta(days=3)), Settings())
    try:
        sql = "SELECT id FROM guest WHERE primary_phone IS NOT NULL ORDER BY id DESC LIMIT 12"
        for (guest,) in query(services, sql):
            record_feedback(services, guest, ces=2)
    finally:
        services.close()
    return db


def test_a_sites_agenda_is_the_whole_groups_for_its_guests(spread_demo: Path) -> None:
    """Every call of a site's agenda, its missed calls and left-out birthdays are the whole
    group's of the guests whose home site it is or who have none, in the same order, with the
    same statuses and attempts; its first calls are its agenda's first."""
    reasons: set[Reason] = set()
    for day in DAYS:
        services = make_services(spread_demo, FixedClock(day), Settings())
        try:
            home = dict(query(services, "SELECT id, home_site FROM guest"))
            whole = compute_agenda(services, days=7)
            assert len(whole.calls) >= 20
            reasons |= {call.reason for call in whole.calls}
            for site in SITES:
                ours = {guest for guest, where in home.items() if where in (site, "")}
                assert ours != set(home)  # the site's are not everyone
                _check_site(services, day, site, ours, whole)
        finally:
            services.close()
    # Every arm of the statement that reads guests by a site's term was read.
    assert reasons >= {Reason.BIRTHDAY, Reason.WINBACK, Reason.REFERRAL_THANKS, Reason.FEEDBACK}


def _check_site(services: Services, day: dt.date, site: str, ours: set[int], whole: Agenda) -> None:
    agenda = compute_agenda(services, days=7, site=site)
    assert list(agenda.calls) == [call for call in whole.calls if call.guest_id in ours]
    assert (agenda.overdue, agenda.due_today) == (
        sum(1 for call in whole.with_status(CallStatus.OVERDUE) if call.guest_id in ours),
        sum(1 for call in whole.with_status(CallStatus.TODAY) if call.guest_id in ours),
    )
    guests = [guest for guest in left_out_guests(services, days=7) if guest.guest_id in ours]
    assert guests and left_out_guests(services, days=7, site=site) == guests
    phoneless = sum(1 for guest in guests if guest.missing == "no_phone")
    left_out = (phoneless, len(guests) - phoneless)
    assert (agenda.left_out_no_phone, agenda.left_out_no_consent) == left_out
    missed = [
        services.read(partial(missed_calls_on, today=day, settings=Settings(), limit=10**6, site=s))
        for s in ("", site)
    ]
    assert missed[1].calls == [call for call in missed[0].calls if call.guest_id in ours]
    count = min(10, agenda.overdue)  # first_calls answers None when fewer are overdue
    first = first_calls(services, count, site=site)
    assert first is not None and list(first.calls) == list(agenda.calls)[:count]
