"""The Reports screen of a site (issue 19): this site's report first, `a` for the whole
group's and back, the line above the period saying which, and the guests behind a figure and
the workbook of the report shown; a restaurant without sites is told why `a` does nothing.
The figures are tested in tests/unit/test_report_sites.py."""

from __future__ import annotations

from dataclasses import replace

from textual.pilot import Pilot
from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.domain.calls import Reason
from guestbook.tui.dialogs.report_export import ReportExportDialog
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.report_guests import ReportGuestsScreen
from guestbook.tui.screens.reports import ReportsScreen
from tests.pilot import press, text_of, wait_for_workers
from tests.tui.test_reports_screen import figures, label_of
from tests.unit.test_report_sites import _group


async def _open_figure(pilot: Pilot[None], label: str) -> None:
    """Enter on the report's figure `label`, once the report is computed."""
    await wait_for_workers(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReportsScreen)
    table = screen.query_one("#report-table", DataTable)
    labels = [label_of(table.get_row_at(row)[0]) for row in range(table.row_count)]
    table.move_cursor(row=labels.index(label))
    await press(pilot, "enter")
    await wait_for_workers(pilot)


async def test_a_switches_the_report_between_this_site_and_the_whole_group(
    services: Services,
) -> None:
    _group(services)
    services.settings = replace(services.settings, site="Marais")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await wait_for_workers(pilot)
        screen = app.screen
        assert isinstance(screen, ReportsScreen)
        period = text_of(pilot, "#report-period")
        assert period.startswith("Marais (a: whole group)\n23 Nov 2025 – 22 Nov 2026")
        # The Marais: Anne's 40 € and Bruno's 80 €; the whole group adds Bastille and Chloé.
        assert figures(pilot)["revenue"][0] == "€120.00"
        assert figures(pilot)["referred guests who came"][0] == "1"
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert text_of(pilot, "#report-period").startswith("Whole group (a: Marais)\n")
        assert figures(pilot)["revenue"][0] == "€355.00"
        assert screen.report is not None and screen.report.site == ""
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert figures(pilot)["revenue"][0] == "€120.00"


async def test_the_guests_behind_a_figure_and_the_workbook_are_the_sites(
    services: Services,
) -> None:
    guests = _group(services)
    services.settings = replace(services.settings, site="Bastille")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await _open_figure(pilot, "share of the top 20% of guests")
        listed = app.screen
        assert isinstance(listed, ReportGuestsScreen) and listed.listed is not None
        assert text_of(pilot, "#report-guests-title").endswith(" · Bastille")
        assert [row.guest_id for row in listed.listed.rows] == [guests["anne"]]
        await press(pilot, "escape", "x")
        assert isinstance(app.screen, ReportExportDialog) and app.screen.site == "Bastille"
        assert text_of(pilot, "#report-site").startswith("Site: Bastille")


async def test_without_sites_a_says_why(services: Services) -> None:
    _group(services)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        await wait_for_workers(pilot)
        assert text_of(pilot, "#report-period").startswith("23 Nov 2025 – 22 Nov 2026")
        await press(pilot, "a")
        await wait_for_workers(pilot)
        assert figures(pilot)["revenue"][0] == "€355.00"
        messages = [notification.message for notification in app._notifications]
        assert any("its report counts every visit" in message for message in messages)


async def test_the_late_regulars_of_the_whole_group_open_the_whole_groups_win_backs(
    services: Services,
) -> None:
    services.settings = replace(services.settings, site="Bastille")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6", "a")
        await _open_figure(pilot, "late regulars")
        agenda = app.screen
        assert isinstance(agenda, AgendaScreen) and agenda.reason is Reason.WINBACK
        assert agenda.whole_group and agenda.site == ""
        assert text_of(pilot, "#agenda-summary").startswith("Whole group (a: Bastille)")
