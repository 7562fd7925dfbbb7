"""Each figure of the report opens the guests behind it (issue 17): Enter on a figure marked ›
lists them in the guest table, says what puts the guest under the cursor there, and Enter
opens the card. Today is Sunday 22 November 2026 (tests/conftest.py): the period is
23 November 2025 to 22 November 2026."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.referrals import record_referral
from guestbook.tui.screens.guest_card import GuestCardScreen
from guestbook.tui.screens.report_guests import ReportGuestsScreen
from guestbook.tui.screens.reports import ReportsScreen
from guestbook.tui.widgets.guest_table import GuestTable
from tests.builders import add_guest, add_visit
from tests.pilot import press, text_of, wait_for_workers

D = dt.date


def _tables(services: Services) -> dict[str, int]:
    """Anne and Bruno at a table of 3 on 1 February 2026 (100.01 €: 33.34 € each), Anne alone
    on 1 March (50.00 €), Bruno on 1 December 2025 (70.00 €); Jo, born on 25 October, reached
    on 19 October, came on 28 October (60.00 €); Léa, born on 30 October, reached on
    23 October, never came; Félix, brought by Anne, first came on 5 May (20.00 €)."""
    anne = add_guest(services, "Anne", "Test")
    bruno = add_guest(services, "Bruno", "Test", call_consent=False)
    add_visit(services, D(2026, 2, 1), anne, bruno, party_size=3, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    add_visit(services, D(2025, 12, 1), bruno, spend_cents=7_000)
    earlier = replace(services, clock=FixedClock(D(2026, 1, 1)))
    jo = add_guest(earlier, "Jo", "Anniversaire", birthday=Birthday(25, 10))
    lea = add_guest(earlier, "Léa", "Anniversaire", birthday=Birthday(30, 10))
    for guest_id, called, birthday in ((jo, 19, 25), (lea, 23, 30)):
        call_day = replace(services, clock=FixedClock(D(2026, 10, called)))
        call = CallToLog(guest_id, Reason.BIRTHDAY, D(2026, 10, birthday), None)
        log_outcome(call_day, call, Outcome.REACHED)
    add_visit(services, D(2026, 10, 28), jo, spend_cents=6_000)
    felix = add_guest(services, "Félix", "Filleul")
    record_referral(services, sponsor_id=anne, referred_id=felix)
    add_visit(services, D(2026, 5, 5), felix, spend_cents=2_000)
    return {"anne": anne, "bruno": bruno, "jo": jo, "lea": lea, "felix": felix}


async def open_figure(pilot: Pilot[None], label: str) -> ReportGuestsScreen:
    """Enter on the figure `label` of the report (the Reports section open)."""
    table = pilot.app.screen.query_one("#report-table", DataTable)
    labels = [str(table.get_row_at(i)[0]).strip() for i in range(table.row_count)]
    table.move_cursor(row=labels.index(f"{label} ›"))
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ReportGuestsScreen)
    return screen


def listed(pilot: Pilot[None]) -> list[str]:
    table = pilot.app.screen.query_one("#report-guests-table", GuestTable)
    return [row.name for i in range(table.total) if (row := table.row_at(i)) is not None]


async def test_the_invited_who_came_back_and_their_cards(services: Services) -> None:
    guests = _tables(services)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await open_figure(pilot, "came back within 30 days")
        assert text_of(pilot, "#report-guests-title") == (
            "Invited guests who came back within 30 days of their birthday, "
            "23 Nov 2025 – 22 Nov 2026"
        )
        assert listed(pilot) == ["Jo Anniversaire"]
        assert text_of(pilot, "#report-guests-status").startswith("1 guest.")
        assert text_of(pilot, "#report-guests-fact") == (
            "Jo Anniversaire — birthday 25 Oct 2026, came back once (€60.00)"
        )
        await press(pilot, "enter")
        card = app.screen
        assert isinstance(card, GuestCardScreen) and card.guest_id == guests["jo"]
        await press(pilot, "escape")
        assert isinstance(app.screen, ReportGuestsScreen)
        await press(pilot, "escape")
        assert isinstance(app.screen, ReportsScreen)

        await open_figure(pilot, "did not come back")
        assert listed(pilot) == ["Léa Anniversaire"]
        assert "not back within 30 days" in text_of(pilot, "#report-guests-fact")
        await press(pilot, "escape")
        await open_figure(pilot, "guests invited")
        assert listed(pilot) == ["Jo Anniversaire", "Léa Anniversaire"]  # by birthday
        await press(pilot, "down")
        assert text_of(pilot, "#report-guests-fact").startswith("Léa Anniversaire — birthday")


async def test_the_top_fifth_and_the_referred_guests(services: Services) -> None:
    guests = _tables(services)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        # 4 guests came: the top fifth is one, Bruno (70.00 € + 33.34 €).
        await open_figure(pilot, "share of the top 20% of guests")
        assert listed(pilot) == ["Bruno Test"]
        assert text_of(pilot, "#report-guests-fact") == "Bruno Test — €103.34 in 2 visits"
        await press(pilot, "escape")
        await open_figure(pilot, "referred guests who came")
        assert listed(pilot) == ["Félix Filleul"]
        assert text_of(pilot, "#report-guests-fact") == (
            "Félix Filleul — first visit on 5 May 2026, brought by Anne Test; €20.00 in the period"
        )
        await press(pilot, "escape")

        erase_guests(services, [guests["bruno"]])  # counted still, but no card to open
        await open_figure(pilot, "share of the top 20% of guests")
        assert listed(pilot) == ["(erased)"]
        await press(pilot, "enter")
        assert isinstance(app.screen, ReportGuestsScreen)


async def test_an_empty_list_says_so(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await open_figure(pilot, "guests invited")
        assert listed(pilot) == []
        assert text_of(pilot, "#report-guests-status").startswith("Nobody for this period.")


@pytest.mark.usefixtures("french")
async def test_in_french_at_80_columns(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await open_figure(pilot, "de retour sous 30 jours")
        assert listed(pilot) == ["Jo Anniversaire"]
        fact = text_of(pilot, "#report-guests-fact").replace("\u202f", " ").replace("\xa0", " ")
        assert "25 oct. 2026" in fact and "60,00 €" in fact
