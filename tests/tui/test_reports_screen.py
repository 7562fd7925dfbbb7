"""The Reports section (issue 17): key 6 opens it, the report is computed in a worker while
the screen says so, the figures of constructed tables appear beside the period before's, and
[ ] and p move the period. Today is Sunday 22 November 2026 (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.reports import Report
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.reports import ReportsScreen, shift_month
from tests.builders import add_guest, add_visit
from tests.pilot import press, text_of, type_text, wait_for_workers

D = dt.date


def _tables(services: Services) -> None:
    """Anne twice and Bruno once in 2026 (100.01 € for the two, 50.00 € for Anne), Bruno in
    December 2025 (70.00 €); Jo, born on 25 October, reached by her birthday call on
    19 October 2026, came on 28 October (60.00 €)."""
    anne = add_guest(services, "Anne", "Test")
    bruno = add_guest(services, "Bruno", "Test", call_consent=False)
    add_visit(services, D(2026, 2, 1), anne, bruno, party_size=3, spend_cents=10_001)
    add_visit(services, D(2026, 3, 1), anne, spend_cents=5_000)
    add_visit(services, D(2025, 12, 1), bruno, spend_cents=7_000)
    earlier = replace(services, clock=FixedClock(D(2026, 1, 1)))
    jo = add_guest(earlier, "Jo", "Anniversaire", birthday=Birthday(25, 10))
    call_day = replace(services, clock=FixedClock(D(2026, 10, 19)))
    log_outcome(call_day, CallToLog(jo, Reason.BIRTHDAY, D(2026, 10, 25), None), Outcome.REACHED)
    add_visit(services, D(2026, 10, 28), jo, spend_cents=6_000)


def label_of(cell: object) -> str:
    """A figure's label without the mark of a figure that opens its guests."""
    return str(cell).strip().removesuffix(" ›")


def figures(pilot: Pilot[None]) -> dict[str, tuple[str, ...]]:
    """The table's rows by label: (this period, before, difference)."""
    table = pilot.app.screen.query_one("#report-table", DataTable)
    rows: dict[str, tuple[str, ...]] = {}
    for index in range(table.row_count):
        label, *values = (str(cell).strip() for cell in table.get_row_at(index))
        rows.setdefault(label_of(label), tuple(values))
    return rows


async def test_key_6_opens_the_report_of_the_last_twelve_months(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        assert isinstance(app.screen, ReportsScreen)
        assert text_of(pilot, "#report-period").startswith("23 Nov 2025 – 22 Nov 2026")
        shown = figures(pilot)
        assert shown["revenue"] == ("€280.01", "€0.00", "—")
        assert shown["per guest"][0] == "€93.34"  # 280.01 € over 3 guests
        assert shown["guests invited"][0] == "1"
        assert shown["came back within 30 days"][0] == "1"
        assert shown["return rate"][0] == "100%"
        assert shown["retention"][:2] == ("—", "—")  # nobody came the year before
        assert shown["agreed to calls"][0] == "66.7%"  # Anne and Jo of 3

        await press(pilot, "left_square_bracket")  # a month back: Jo's visit is after it
        assert text_of(pilot, "#report-period").startswith("23 Oct 2025 – 22 Oct 2026")
        assert figures(pilot)["revenue"][0] == "€220.01"
        await press(pilot, "right_square_bracket", "right_square_bracket")
        # On stops at today: a period to come read -100 % on every line (a user walk).
        assert text_of(pilot, "#report-period").startswith("23 Nov 2025 – 22 Nov 2026")
        assert figures(pilot)["revenue"][0] == "€280.01"
        assert [n.message for n in app._notifications] == ["The report already ends today."]


async def test_p_types_a_period_day_first(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6", "p", "ctrl+u")
        await type_text(pilot, "1/7/2026 - 31/12/2025")  # the start after the end
        await press(pilot, "enter")
        assert "after its end" in text_of(pilot, "#error")
        await press(pilot, "ctrl+u")
        await type_text(pilot, "01/01/2026 - 30/06/2026")
        await press(pilot, "enter")
        assert isinstance(app.screen, ReportsScreen)
        assert text_of(pilot, "#report-period").startswith("1 Jan 2026 – 30 Jun 2026")
        assert figures(pilot)["revenue"][:2] == ("€150.01", "€70.00")
        await press(pilot, "r")
        assert figures(pilot)["revenue"][:2] == ("€150.01", "€70.00")


async def test_computing_shows_and_never_freezes(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guestbook.services.reports import report

    release = threading.Event()

    def slow(services: Services, start: D | None, end: D | None) -> Report:
        release.wait(10)
        return report(services, start, end)

    monkeypatch.setattr("guestbook.tui.screens.reports.report", slow)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("6")
        await pilot.pause()
        assert text_of(pilot, "#report-status") == "Computing the report…"
        await pilot.press("1")  # the app answers while the report is computed
        await pilot.pause()
        assert isinstance(app.screen, AgendaScreen)
        release.set()
        await wait_for_workers(pilot)


async def test_enter_on_the_late_regulars_opens_the_win_back_calls(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        table = app.screen.query_one("#report-table", DataTable)
        labels = [label_of(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=labels.index("late regulars"))
        await press(pilot, "enter")
        assert isinstance(app.screen, AgendaScreen)
        assert app.screen.reason is Reason.WINBACK


@pytest.mark.usefixtures("french")
async def test_in_french_at_80_columns(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        shown = figures(pilot)
        assert shown["chiffre d’affaires"][0].replace("\u202f", " ") == "280,01\xa0€"
        assert shown["taux de retour"][0].replace("\xa0", " ") == "100 %"
        assert "Rentabilité" in shown
        table = app.screen.query_one("#report-table", DataTable)
        assert table.virtual_size.width <= table.size.width  # no column cut at 80


def test_a_month_later_keeps_the_day_or_the_month_s_last() -> None:
    assert shift_month(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert shift_month(D(2026, 1, 15), -1) == D(2025, 12, 15)
    assert shift_month(D(2025, 12, 31), 2) == D(2026, 2, 28)


async def test_a_month_on_stops_at_today_keeping_the_length(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6", "p", "ctrl+u")
        await type_text(pilot, "01/01/2026 - 30/10/2026")
        await press(pilot, "enter", "right_square_bracket")
        # 1 Feb – 30 Nov would end after today (22 Nov): as long, ending today.
        assert text_of(pilot, "#report-period").startswith("24 Jan 2026 – 22 Nov 2026")
        await press(pilot, "p", "ctrl+u")
        await type_text(pilot, "01/12/2026 - 31/12/2026")
        await press(pilot, "enter")
        assert "after today" in text_of(pilot, "#error")
