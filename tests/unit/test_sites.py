"""Sites (issue 19, product.md "Restaurant groups"): each visit and each call belongs to the
site of the terminal that recorded it (the `site` setting, --site), and each guest's home site
is where they came most. A restaurant on its own has no site ('') and sees nothing of this."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services, make_services
from guestbook.cli import cli
from guestbook.clock import FixedClock
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.guests.card import guest_card
from guestbook.services.importing.importer import import_file
from guestbook.services.summaries.visits import Seat, home_site
from guestbook.services.visits_import.importer import import_visits
from guestbook.settings import Settings, SettingsError, with_site
from guestbook.tui.screens.card_text import render_history
from tests.builders import add_guest, add_visit
from tests.database import query, scalar
from tests.unit.test_spend_shares import shown

pytestmark = pytest.mark.both_backends

D = dt.date


def _seat(on: dt.date, site: str) -> Seat:
    return Seat(on, None, 1, 0, site)


def test_the_home_site_is_where_they_came_most_then_the_latest() -> None:
    assert home_site([]) == ""
    assert home_site([_seat(D(2026, 1, 1), "")]) == ""
    two_at_bastille = [
        _seat(D(2026, 1, 1), "Bastille"),
        _seat(D(2026, 2, 1), "Bastille"),
        _seat(D(2026, 3, 1), "Oberkampf"),
    ]
    assert home_site(two_at_bastille) == "Bastille"
    # One each: the site of the latest visit, in whatever order the visits come.
    tie = [_seat(D(2026, 5, 1), "Oberkampf"), _seat(D(2026, 4, 1), "Bastille")]
    assert home_site(tie) == "Oberkampf"
    assert home_site(list(reversed(tie))) == "Oberkampf"
    # Visits from before the sites were named do not outvote a named site.
    before = [_seat(D(2025, m, 1), "") for m in range(1, 8)]
    assert home_site([*before, _seat(D(2026, 6, 1), "Oberkampf")]) == "Oberkampf"


def _at(services: Services, site: str) -> Services:
    """The same database seen from the terminal of `site`."""
    return replace(services, settings=replace(services.settings, site=site))


def test_visits_and_calls_are_the_recording_sites(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    bastille, oberkampf = _at(services, "Bastille"), _at(services, "Oberkampf")
    add_visit(bastille, D(2026, 9, 1), anne)
    assert scalar(services, "SELECT home_site FROM guest WHERE id = ?", anne) == "Bastille"
    add_visit(oberkampf, D(2026, 10, 1), anne)
    add_visit(oberkampf, D(2026, 11, 1), anne)
    assert query(services, "SELECT site FROM visit ORDER BY visited_on") == [
        ("Bastille",),
        ("Oberkampf",),
        ("Oberkampf",),
    ]
    assert scalar(services, "SELECT home_site FROM guest WHERE id = ?", anne) == "Oberkampf"
    call = CallToLog(anne, Reason.BIRTHDAY, D(2026, 12, 1), "+33612345678")
    log_outcome(bastille, call, Outcome.NO_ANSWER)
    assert query(services, "SELECT site FROM call_attempt") == [("Bastille",)]


def test_the_card_says_where_each_visit_was(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    add_visit(_at(services, "Bastille"), D(2026, 9, 1), anne)
    add_visit(_at(services, "Oberkampf"), D(2026, 10, 1), anne, spend_cents=4_000)
    add_visit(_at(services, "Oberkampf"), D(2026, 11, 1), anne, spend_cents=4_000)
    card = guest_card(services, anne)
    assert card.details.home_site == "Oberkampf"
    history = shown(render_history(card))
    assert "1 Nov 2026  Oberkampf · table of 1 · €40.00" in history
    assert "1 Sep 2026  Bastille · table of 1" in history
    assert "home site: Oberkampf" in history


def test_a_restaurant_without_sites_sees_no_site(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin")
    add_visit(services, D(2026, 9, 1), anne, spend_cents=4_000)
    history = shown(render_history(guest_card(services, anne)))
    assert "home site" not in history
    assert "1 Sep 2026  table of 1 · €40.00" in history


def test_imported_visits_are_the_importing_sites(services: Services, tmp_path: Path) -> None:
    anne = add_guest(services, "Anne", "Martin", phone="+33612345678")
    tickets = tmp_path / "tickets.csv"
    tickets.write_text(
        "Date;Couverts;Montant TTC;Téléphone\n2026-11-02;2;80,00;06 12 34 56 78\n",
        encoding="utf-8",
    )
    import_visits(_at(services, "Bastille"), tickets)
    assert query(services, "SELECT site FROM visit") == [("Bastille",)]
    assert scalar(services, "SELECT home_site FROM guest WHERE id = ?", anne) == "Bastille"
    guests = tmp_path / "guests.csv"
    guests.write_text(
        "first_name,last_name,phone,last visit\nPaul,Roux,+33698765432,2026-10-03\n",
        encoding="utf-8",
    )
    import_file(_at(services, "Oberkampf"), guests)
    paul = scalar(services, "SELECT id FROM guest WHERE first_name = 'Paul'")
    assert query(
        services,
        "SELECT v.site FROM visit v JOIN visit_guest vg ON vg.visit_id = v.id "
        "WHERE vg.guest_id = ?",
        paul,
    ) == [("Oberkampf",)]
    assert scalar(services, "SELECT home_site FROM guest WHERE id = ?", paul) == "Oberkampf"


def test_site_names_are_checked_and_tidied() -> None:
    assert with_site(Settings(), "  Paris   Bastille ").site == "Paris Bastille"
    assert with_site(Settings(site="Bastille"), "").site == ""
    with pytest.raises(SettingsError, match="--site must be at most 40 characters"):
        with_site(Settings(), "x" * 41)


def test_site_from_the_command_line_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "g.db"
    services = make_services(db, FixedClock(D(2026, 11, 22)), Settings())
    anne = add_guest(services, "Anne", "Martin")
    services.close()
    visits = tmp_path / "tickets.csv"
    visits.write_text("Date;Couverts;Montant TTC;Prénom;Nom\n2026-11-02;1;30;Anne;Martin\n")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["--db", str(db), "--site", "Bastille", "import-visits", str(visits), "--json"],
    )
    assert result.exit_code == 0, result.output
    monkeypatch.setenv("GUESTBOOK_SITE", "x" * 41)
    refused = runner.invoke(cli, ["--db", str(db), "today"])
    assert refused.exit_code == 1
    assert "--site must be at most 40 characters long, got 41" in str(refused.exception)
    services = make_services(db, FixedClock(D(2026, 11, 22)), Settings())
    assert query(services, "SELECT site FROM visit") == [("Bastille",)]
    assert scalar(services, "SELECT home_site FROM guest WHERE id = ?", anne) == "Bastille"
    services.close()
