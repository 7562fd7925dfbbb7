"""A site's agenda (issue 19): in a group, the chef of each site calls their own guests, those
whose home site it is (where they came most); the whole group's agenda lists everyone. Today
is 22 November 2026 (tests/conftest.py): birthdays from 22 to 29 November are due this week."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.domain.birthdays import Birthday
from guestbook.services.agenda.calls import compute_agenda, first_calls
from guestbook.services.agenda.missed import left_out_guests, missed_calls
from tests.builders import add_guest, add_visit
from tests.unit.test_sites import _at

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


def test_today_lists_the_terminals_site_unless_the_whole_group(
    services: Services, db_path: Path
) -> None:
    _group(services)
    services.close()
    runner = CliRunner()
    args = ["--db", str(db_path), "--today", "2026-11-22", "--site", "Bastille", "today"]
    own = json.loads(runner.invoke(cli, [*args, "--days", "7", "--json"]).output)
    assert own["site"] == "Bastille"
    assert [call["name"] for call in own["calls"]] == ["Anne Martin", "Léa Roux", "Zoé Petit"]
    assert [guest["name"] for guest in own["left_out_guests"]] == ["Noé Blanc"]
    whole = json.loads(runner.invoke(cli, [*args, "--days", "7", "--json", "--whole-group"]).output)
    assert whole["site"] == ""
    assert len(whole["calls"]) == 4
    text = runner.invoke(cli, [*args, "--days", "7"]).output
    assert text.startswith("Chez Nous · Bastille — calls for ")
