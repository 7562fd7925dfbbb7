"""Every group of a large agenda reached (finding D8): thousands of overdue win-backs never
hide the birthday calls, today's or overdue."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Reason
from guestbook.tui.screens.agenda import AgendaScreen
from tests.builders import add_guest
from tests.pilot import press, text_of, wait_for_workers

WINBACKS = 3000


def add_late_regulars(services: Services, count: int) -> None:
    """`count` regulars late by their rhythm, their win-back calls overdue (due from 9 to 21
    November, today being the 22nd), written in one statement: building them visit by visit
    would take minutes."""
    services.write(
        lambda session: session.connection().exec_driver_sql(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
            INSERT INTO guest (first_name, last_name, name_key, partner_name, address,
                postcode, notes, preferences, created_at, updated_at, visit_count,
                spend_cents, primary_phone, consent_call, last_visit_on,
                visit_interval_days, late_from)
            SELECT 'Late', 'Regular' || printf('%05d', i), 'regular' || printf('%05d', i),
                '', '', '', '', '', '2026-01-01 00:00:00.000000',
                '2026-01-01 00:00:00.000000', 5, 50000, '+3361' || printf('%07d', i), 1,
                '2026-09-01', 30, date('2026-11-09', '+' || (i % 13) || ' days')
            FROM n
            """,
            (count,),
        )
    )


def listed(pilot: Pilot[Any]) -> list[str]:
    calls = pilot.app.screen.query_one("#calls", OptionList)
    return [str(calls.get_option_at_index(i).prompt) for i in range(calls.option_count)]


def agenda_screen(pilot: Pilot[Any]) -> AgendaScreen:
    screen = pilot.app.screen
    assert isinstance(screen, AgendaScreen)
    return screen


def in_sight(pilot: Pilot[Any], index: int) -> bool:
    """Whether the option at `index` is within the visible part of the list."""
    calls = pilot.app.screen.query_one("#calls", OptionList)
    line = calls._index_to_line[index]
    return calls.scroll_y <= line < calls.scroll_y + calls.scrollable_content_region.height


async def test_todays_birthdays_are_reached_behind_thousands_of_win_backs(
    services: Services,
) -> None:
    add_late_regulars(services, WINBACKS)
    for name in ("Anne", "Bruno", "Chloé"):
        add_guest(services, name, "Fête", birthday=Birthday(29, 11))  # due today
    add_guest(services, "Denis", "Retard", birthday=Birthday(26, 11))  # due on the 19th
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        screen = agenda_screen(pilot)
        texts = listed(pilot)
        # Every group is listed; the overdue one holds its birthday among the win-backs.
        assert "Overdue (3,001, 50 shown)" in texts
        assert "Today (3)" in texts
        assert any(text.startswith("Denis Retard") for text in texts)
        assert any("Not listed: 2,951 win-backs." in text for text in texts)
        assert "3 calls today, 3,001 overdue" in text_of(pilot, "#agenda-summary")
        # g: the first of today's calls, its heading at the top of the list.
        await press(pilot, "g")
        call = screen.selected_call()
        assert call is not None and call.name == "Anne Fête"
        calls = screen.query_one("#calls", OptionList)
        heading = texts.index("Today (3)")
        assert all(in_sight(pilot, heading + n) for n in range(4))  # heading and calls
        # G: back to the overdue group; g twice goes round to it again.
        await press(pilot, "G")
        assert calls.highlighted == 1
        # f: birthdays only, every one of them on the first screen.
        await press(pilot, "f")
        assert "birthdays" in text_of(pilot, "#agenda-view")
        assert {call.reason for call in screen.shown.values()} == {Reason.BIRTHDAY}
        texts = listed(pilot)
        assert texts[0] == "Overdue (1)" and "Today (3)" in texts
        names = ("Denis Retard", "Anne Fête", "Bruno Fête", "Chloé Fête")
        for name in names:
            index = next(i for i, text in enumerate(texts) if text.startswith(name))
            assert in_sight(pilot, index), name
        # f again: thank-yous (none today), win-backs, then every call again.
        await press(pilot, "f")
        assert any("No call of this kind to make today" in text for text in listed(pilot))
        await press(pilot, "f")
        assert {call.reason for call in screen.shown.values()} == {Reason.WINBACK}
        await press(pilot, "f")
        assert "Today (3)" in listed(pilot) and "Overdue (3,001, 50 shown)" in listed(pilot)


async def test_the_keys_to_move_around_are_shown_and_explained(services: Services) -> None:
    add_guest(services, "Anne", "Fête", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        view = text_of(pilot, "#agenda-view")
        assert view.startswith(" f  all  · birthdays · thank-yous · win-backs")
        for keys in ("g/G next/previous group", "l left out", "p print"):
            assert keys in view
        await press(pilot, "question_mark")
        help_text = str(app.screen.query_one("#help-body Static", Static).render())
        for words in (
            "Next group",
            "Previous group",
            "First call",
            "Show: all, birthdays, thank-yous, win-backs",
            "Birthdays left out, by name",
            "Print today's calls",
        ):
            assert words in help_text
