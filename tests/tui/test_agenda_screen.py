"""The agenda screen driven by keys, checked against the database."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input, OptionList, Static

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.services.agenda.calls import Agenda, compute_agenda
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.database import query, scalar
from tests.pilot import press, wait_for_workers

OUTCOME_KEYS = [
    ("r", "reached"),
    ("b", "booked"),
    ("v", "voicemail"),
    ("n", "no_answer"),
    ("d", "declined"),
    ("w", "wrong_number"),
]


def attempts(services: Services) -> list[tuple[Any, ...]]:
    """(first name, outcome, booked for, note, staff) of every call attempt, in order."""
    return query(
        services,
        "SELECT g.first_name, a.outcome, a.booked_for, a.note, a.staff FROM call_attempt a "
        "JOIN guest g ON g.id = a.guest_id ORDER BY a.id",
    )


async def test_each_outcome_key_logs_one_attempt(services: Services) -> None:
    # Six guests due today, named so the agenda lists them in this order.
    names = ["Anne", "Bruno", "Chloé", "Denis", "Emma", "Félix"]
    for name in names:
        add_guest(services, name, "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        summary = str(app.screen.query_one("#agenda-summary", Static).render())
        assert "6 calls today, 0 overdue" in summary
        await pilot.press("t", *"left a message with his son", "enter")
        for key, _ in OUTCOME_KEYS:
            await press(pilot, key)
            if key == "b":
                await press(pilot, "enter")  # accept the suggested date (the birthday)
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert not screen.shown  # no call left to make: all six are done for today
        assert [done.call.name for done in screen.listing.done.values()] == [
            f"{name} Martin" for name in reversed(names)
        ]
    assert attempts(services) == [
        ("Anne", "reached", None, "left a message with his son", "Test"),
        ("Bruno", "booked", "2026-11-29", "", "Test"),
        ("Chloé", "voicemail", None, "", "Test"),
        ("Denis", "no_answer", None, "", "Test"),
        ("Emma", "declined", None, "", "Test"),
        ("Félix", "wrong_number", None, "", "Test"),
    ]
    rewards = [
        name
        for (name,) in query(
            services,
            "SELECT g.first_name FROM reward r JOIN guest g ON g.id = r.guest_id ORDER BY r.id",
        )
    ]
    flagged = scalar(services, "SELECT count(*) FROM phone WHERE wrong_since IS NOT NULL")
    assert rewards == ["Anne", "Bruno"]
    assert flagged == 1


async def test_undo_takes_back_the_last_outcome_and_its_reward(services: Services) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "r")
        assert len(attempts(services)) == 1
        await press(pilot, "u")
        assert attempts(services) == []
        calls = app.screen.query_one("#calls", OptionList)
        assert calls.highlighted_option is not None
        assert calls.highlighted_option.id is not None
        assert calls.highlighted_option.id.startswith("birthday:")
    assert scalar(services, "SELECT count(*) FROM reward") == 0


async def test_staff_name_is_asked_once_when_not_given(services: Services) -> None:
    services.staff = ""
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    add_guest(services, "Bruno", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "v")
        answer = app.screen.query_one("#answer", Input)
        answer.value = ""
        await pilot.press(*"Chef Paul", "enter")
        await wait_for_workers(pilot)
        await press(pilot, "v")
    assert [row[4] for row in attempts(services)] == ["Chef Paul", "Chef Paul"]


async def test_enter_opens_the_guest_and_sections_switch_by_key(services: Services) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11, 1976), partner_name="Luc")
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, GuestCardScreen)
        assert "Anne Martin" in str(app.screen.query_one("#card-title", Static).render())
        card = app.screen.card
        assert card is not None
        assert (card.details.turning, card.details.partner_name) == (50, "Luc")
        await press(pilot, "escape")
        assert app.current_mode == "agenda" and not isinstance(app.screen, GuestCardScreen)
        for key, mode in [
            # Function keys switch even where a text box has the focus (Guests, Checkout).
            ("2", "guests"),
            ("f4", "checkout"),
            ("f5", "calendar"),
            ("5", "referrals"),
            ("1", "agenda"),
            ("f3", "guests"),
            ("f2", "agenda"),
        ]:
            await press(pilot, key)
            assert app.current_mode == mode
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-body Static", Static).render())
        assert "Voicemail" in help_text and "Quit" in help_text


async def test_two_thank_you_calls_for_one_sponsor_show_without_crashing(
    services: Services,
) -> None:
    """Regression: two calls with one option id crashed the agenda on the 1M demo."""
    import datetime as dt

    from guestbook.services.visits.referrals import record_referral
    from tests.builders import add_visit

    sponsor = add_guest(services, "Ambre", "Sponsor")
    friends = [add_guest(services, name, "Amie", phone=None) for name in ("Léa", "Zoé")]
    for friend in friends:
        record_referral(services, sponsor_id=sponsor, referred_id=friend)
    add_visit(services, dt.date(2026, 11, 22), *friends)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        calls = app.screen.query_one("#calls", OptionList)
        ids = [calls.get_option_at_index(i).id for i in range(calls.option_count)]
        thanks = [i for i in ids if i and i.startswith("referral_thanks:")]
        assert len(thanks) == 2 and len(set(thanks)) == 2


async def test_a_huge_agenda_shows_the_most_urgent_calls(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: 37,000 calls at a million guests took seconds to lay out and 300 MB."""
    import guestbook.tui.screens.agenda_view as agenda_view

    monkeypatch.setattr(agenda_view, "GROUP_LIMIT", 3)
    for name in ("Anne", "Bruno", "Chloé", "Denis", "Emma"):
        add_guest(services, name, "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        calls = app.screen.query_one("#calls", OptionList)
        enabled = [
            i for i in range(calls.option_count) if not calls.get_option_at_index(i).disabled
        ]
        assert len(enabled) == 3
        texts = [str(calls.get_option_at_index(i).prompt) for i in range(calls.option_count)]
        assert any("Today (5, 3 shown)" in t for t in texts)
        assert any("Not listed: 2 birthdays." in t for t in texts)
        summary = str(app.screen.query_one("#agenda-summary", Static).render())
        assert "5 calls today" in summary


async def test_the_first_calls_paint_before_the_whole_agenda(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large group's agenda takes a moment: its first calls are on screen (and can be
    logged) while the rest is worked out; then the whole agenda, with its counts, replaces
    them in place."""
    import threading

    import guestbook.tui.screens.agenda as agenda_screen

    for name in ("Anne", "Bruno", "Chloé", "Denis"):
        add_guest(services, name, "Martin", birthday=Birthday(25, 11))  # due 18 Nov: overdue
    add_guest(services, "Emma", "Martin", birthday=Birthday(29, 11))  # due today
    whole_may_come = threading.Event()
    whole_agenda = compute_agenda  # what the screen calls, imported from the service

    def slow_agenda(services: Services, *, days: int = 0, site: str = "") -> Agenda:
        assert whole_may_come.wait(10)
        return whole_agenda(services, days=days, site=site)

    monkeypatch.setattr(agenda_screen, "FIRST_SCREEN", 2)
    monkeypatch.setattr(agenda_screen, "compute_agenda", slow_agenda)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            screen = app.screen
            assert isinstance(screen, AgendaScreen)
            if screen.shown:
                break
        calls = app.screen.query_one("#calls", OptionList)
        texts = [str(calls.get_option_at_index(i).prompt) for i in range(calls.option_count)]
        assert texts[0] == "Overdue"  # no count yet
        assert [t.split()[0] for t in texts[1:]] == ["Anne", "Bruno"]
        summary = str(app.screen.query_one("#agenda-summary", Static).render())
        assert summary == "Counting today's calls…"
        whole_may_come.set()
        await wait_for_workers(pilot)
        texts = [str(calls.get_option_at_index(i).prompt) for i in range(calls.option_count)]
        assert texts[0] == "Overdue (4)" and "Today (1)" in texts
        summary = str(app.screen.query_one("#agenda-summary", Static).render())
        assert summary.startswith("1 call today, 4 overdue")
        assert calls.highlighted == 1  # still on the first call


async def test_a_stale_agenda_never_replaces_a_newer_one(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: on a large database a load started before a call was logged could finish
    after the load that followed it, and put the call back on screen."""
    import threading

    import guestbook.tui.screens.agenda as agenda_screen

    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    first_may_finish = threading.Event()
    real_agenda = compute_agenda
    results: list[Agenda] = []

    def counted_agenda(services: Services, *, days: int = 0, site: str = "") -> Agenda:
        agenda = real_agenda(services, days=days, site=site)
        results.append(agenda)
        if len(results) == 1:
            assert first_may_finish.wait(10)  # the first load ends last
        return agenda

    monkeypatch.setattr(agenda_screen, "compute_agenda", counted_agenda)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if results:
                break
        await pilot.press("ctrl+r")  # a newer load, as logging a call makes
        for _ in range(100):
            await pilot.pause(0.02)
            screen = app.screen
            assert isinstance(screen, AgendaScreen)
            if screen.agenda is results[-1] and len(results) == 2:
                break
        first_may_finish.set()
        await wait_for_workers(pilot)
        assert len(results) == 2
        screen = app.screen
        assert isinstance(screen, AgendaScreen)
        assert screen.agenda is results[1]
