"""Checkout's problems are listed in the order of the fields, and the first one listed gets the
focus (finding of a user's walk: "Dépense (€)" was listed first, "Couverts" got the focus)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from guestbook.bootstrap import Services, make_app
from guestbook.tui.screens.checkout import CheckoutScreen, Seat
from tests.builders import add_guest
from tests.database import query
from tests.pilot import press, text_of, wait_for_workers


async def refused_table(services: Services) -> tuple[list[str], str]:
    """Three guests at a table typed for two, a spend of -5, saved: the problems' lines and
    the field in focus."""
    guests = [add_guest(services, first, "Martin") for first in ("Anne", "Luc", "Zoé")]
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        for guest_id, first in zip(guests, ("Anne", "Luc", "Zoé"), strict=True):
            screen.put_seat(Seat(f"{first} Martin", guest_id=guest_id), None)
            await wait_for_workers(pilot)  # one at a time, as the host seats them
        screen.query_one("#table-party", Input).value = "2"
        screen.query_one("#table-spend", Input).value = "-5"
        screen.query_one("#table-occasion", Input).focus()
        await press(pilot, "ctrl+s")
        lines = text_of(pilot, "#checkout-problems").splitlines()
        focused = app.focused
        assert isinstance(focused, Input) and focused.id is not None
        return lines, focused.id


async def test_the_first_problem_listed_is_the_field_in_focus(services: Services) -> None:
    lines, focused = await refused_table(services)
    assert lines[0] == "Not saved — nothing was written:"
    assert [line.split(":")[0] for line in lines[1:]] == ["Party size", "Spend (€)"]
    assert focused == "table-party"
    assert query(services, "SELECT count(*) FROM visit") == [(0,)]


@pytest.mark.usefixtures("french")
async def test_in_french_too(services: Services) -> None:
    lines, focused = await refused_table(services)
    assert [line.split(" :")[0] for line in lines[1:]] == ["Couverts", "Dépense (€)"]
    assert focused == "table-party"


async def test_retyping_a_field_keeps_the_others_in_order(services: Services) -> None:
    """Its message goes; the others stay as listed, and the first still names a field."""
    guests = [add_guest(services, first, "Martin") for first in ("Anne", "Luc")]
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3")
        screen = app.screen
        assert isinstance(screen, CheckoutScreen)
        for guest_id in guests:
            screen.put_seat(Seat("Martin", guest_id=guest_id), None)
            await wait_for_workers(pilot)
        for field, typed in (("date", "31/02/2026"), ("party", "1"), ("spend", "abc")):
            screen.query_one(f"#table-{field}", Input).value = typed
        await press(pilot, "ctrl+s")
        labels = [line.split(":")[0] for line in text_of(pilot, "#checkout-problems").splitlines()]
        assert labels[1:] == ["Date", "Party size", "Spend (€)"]
        assert screen.query_one("#table-date", Input).has_focus
        screen.query_one("#table-date", Input).value = "21/11/2026"
        await wait_for_workers(pilot)
        labels = [line.split(":")[0] for line in text_of(pilot, "#checkout-problems").splitlines()]
        assert labels[1:] == ["Party size", "Spend (€)"]
