"""The audit screen (F12, anywhere): the events newest first, the highlighted one's detail
whole, older ones read 500 at a time as the cursor reaches the end; Escape goes back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from sqlmodel import Session
from textual.pilot import Pilot
from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.services.rights.audit import record
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.audit import PAGE, AuditScreen
from guestbook.tui.screens.guests import GuestsScreen
from guestbook.tui.screens.help import describe_bindings
from guestbook.tui.widgets.section_bar import section_line
from tests.pilot import press, text_of, wait_for_workers

SIZE = (120, 36)
NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def add_exports(services: Services, count: int) -> None:
    """`count` exports, an hour apart, the newest at noon: 'export-0.csv' is the newest."""

    def write(session: Session) -> None:
        connection = session.connection()
        for index in range(count):
            at = NOON - dt.timedelta(hours=index)
            detail = f"export-{index}.csv"
            record(connection, "export", at=at, staff="Paul", guests=index, detail=detail)

    services.write(write)


def add_events(services: Services) -> None:
    add_exports(services, 1)

    def write(session: Session) -> None:
        connection = session.connection()
        at = NOON + dt.timedelta(hours=1)
        record(connection, "erasure", at=at, staff="", guests=2, detail="#12, [b]#505[/b]")

    services.write(write)


def table(pilot: Pilot[Any]) -> DataTable[Text]:
    return pilot.app.screen.query_one("#audit-table", DataTable)


def row(pilot: Pilot[Any], index: int) -> list[str]:
    return [cell.plain for cell in table(pilot).get_row_at(index)]


async def test_f12_opens_the_audit_newest_first_and_escape_closes_it(services: Services) -> None:
    add_events(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f12")

        assert isinstance(pilot.app.screen, AuditScreen)
        assert text_of(pilot, "#audit-status").strip() == "2 events recorded, newest first."
        assert table(pilot).row_count == 2
        local = (NOON + dt.timedelta(hours=1)).astimezone()
        when = f"{local.day} Nov 2026 {local:%H:%M}"
        # No staff name: a dash. The detail as written (a bracket is no markup).
        assert row(pilot, 0) == [when, "—", "erasure", "2", "#12, [b]#505[/b]"]
        assert row(pilot, 1)[1:] == ["Paul", "export", "0", "export-0.csv"]
        assert "Detail: #12, [b]#505[/b]" in text_of(pilot, "#audit-detail")
        await press(pilot, "down")
        assert "Detail: export-0.csv" in text_of(pilot, "#audit-detail")
        await press(pilot, "f12")  # already open: not a second one
        assert len(pilot.app.screen_stack) == 2

        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, AgendaScreen)


async def test_nothing_recorded_yet(services: Services) -> None:
    async with make_app(services).run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f12")
        status = " ".join(text_of(pilot, "#audit-status").split())
        assert status.startswith("Nothing recorded yet: exports, access bundles, erasures")
        assert not table(pilot).display


async def test_f12_works_while_typing(services: Services) -> None:
    add_events(services)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f3", *"hel")  # typing in the guests' search box
        assert isinstance(pilot.app.screen, GuestsScreen)
        await press(pilot, "f12")
        assert isinstance(pilot.app.screen, AuditScreen)
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, GuestsScreen)


async def test_a_long_audit_is_read_a_page_at_a_time(services: Services) -> None:
    add_exports(services, 2 * PAGE + 34)
    async with make_app(services).run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f12")
        assert table(pilot).row_count == PAGE
        status = " ".join(text_of(pilot, "#audit-status").split())
        assert status.startswith("The newest 500 of 1,034 events recorded.")

        await press(pilot, "end")  # the end of the list reads the next page
        assert table(pilot).row_count == 2 * PAGE
        assert row(pilot, PAGE)[-1] == f"export-{PAGE}.csv"  # in order, nothing twice
        await press(pilot, "m")
        assert table(pilot).row_count == 2 * PAGE + 34
        status = " ".join(text_of(pilot, "#audit-status").split())
        assert status == "1,034 events recorded, newest first."
        await press(pilot, "end", "m")  # nothing more to read
        assert table(pilot).row_count == 2 * PAGE + 34
        assert row(pilot, 2 * PAGE + 33)[-1] == f"export-{2 * PAGE + 33}.csv"


async def test_the_detail_column_gives_way_at_80_columns(services: Services) -> None:
    add_events(services)
    async with make_app(services).run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f12")
        assert len(table(pilot).columns) == 5
        await pilot.resize_terminal(60, 24)
        await wait_for_workers(pilot)
        assert len(table(pilot).columns) == 4  # too narrow: the detail is under the list
        assert table(pilot).virtual_size.width <= 60
        assert "Detail: #12, [b]#505[/b]" in text_of(pilot, "#audit-detail")


async def test_the_key_is_named_in_the_help_the_palette_and_the_section_bar(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        rows = describe_bindings(app.screen)
        assert ("Everywhere", "f12", "Audit") in rows
        titles = [entry.command.title for entry in app.palette_commands(app.screen)]
        assert "Audit" in titles
    assert (
        "F12 audit" in section_line("agenda", 150).plain
    )  # seven sections: F12 fits from 150 columns
    assert "F12" not in section_line("agenda", 118).plain  # dropped before F9 settings


async def test_a_long_name_cut_in_its_column_is_whole_under_the_list(services: Services) -> None:
    name = "Marie-Bérénice Alexandrine"

    def write(session: Session) -> None:
        record(session.connection(), "access", at=NOON, staff=name, guests=1, detail="#12")

    services.write(write)
    async with make_app(services).run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f12")
        assert row(pilot, 0)[1:3] == [name, "access bundle"]  # the cell holds it; drawn cut
        assert " ".join(text_of(pilot, "#audit-detail").split()) == f"{name} · Detail: #12"
