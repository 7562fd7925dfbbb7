"""The new-guest dialog at the door: the guest form's duplicate check, a consent that can be
refused and never looks the same in two states, the first wrong field focused, stale messages
cleared, numbers written as dialled, a French postcode, and an edit titled as one."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Input, Label, Static

from guestbook.bootstrap import Services, make_app
from guestbook.tui.widgets.consent_toggle import ConsentToggle
from tests.builders import add_guest
from tests.database import query, scalar
from tests.pilot import press, type_text, wait_for_workers


async def open_new_guest(pilot: Pilot[None], first: str, last: str, phone: str) -> None:
    """Checkout, a new guest: the names and the phone typed, Enter after each."""
    await press(pilot, "3", "ctrl+n")
    for typed in (first, last, phone):
        await type_text(pilot, typed)
        await press(pilot, "enter")


def drawn(toggle: ConsentToggle) -> tuple[str, tuple[str, ...]]:
    """What the toggle shows: its text and the style of each of its parts."""
    text = toggle.render()
    return text.plain, tuple(str(span.style) for span in text.spans)


async def test_a_refused_consent_is_recorded_and_looks_unlike_the_others(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await open_new_guest(pilot, "Léa", "Roux", "0612345678")
        toggle = app.screen.query_one("#consent-call", ConsentToggle)
        assert toggle.has_focus  # "may the chef call you?" comes right after the phone
        looks = {}
        for answer in (None, True, False):
            toggle.value = answer
            looks[answer] = drawn(toggle)
        assert len(set(looks.values())) == 3  # not asked, yes, no: three different looks
        toggle.value = None
        await press(pilot, "n")  # no: recorded as a refusal, and on to the birthday
        assert app.screen.query_one("#field-birthday", Input).has_focus
        await press(pilot, "ctrl+s", "ctrl+s")
    events = query(services, "SELECT channel, granted, source FROM consent_event")
    assert events == [("call", 0, "checkout")]
    assert query(services, "SELECT consent_call FROM guest") == [(0,)]


async def test_someone_already_here_is_offered_and_used(services: Services) -> None:
    oceane = add_guest(services, "Océane", "Guilbert", phone="+33745272631", call_consent=None)
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await open_new_guest(pilot, "Oceane", "Guilbert", "07 45 27 26 31")
        await press(pilot, "y")
        await type_text(pilot, "13/12")
        await press(pilot, "ctrl+s")
        shown = str(app.screen.query_one("#door-same-list").render_line(0).text)
        assert "Océane Guilbert" in shown and "07 45 27 26 31" in shown
        await press(pilot, "u")  # use the existing guest: she sits as a known guest
        await press(pilot, "ctrl+s")
    assert scalar(services, "SELECT count(*) FROM guest") == 1
    assert query(services, "SELECT guest_id FROM visit_guest") == [(oceane,)]
    row = query(services, "SELECT birth_day, birth_month, consent_call FROM guest")
    assert row == [(13, 12, 1)]  # what was typed completed her card


async def test_kept_as_new_is_flagged_as_a_possible_duplicate(services: Services) -> None:
    add_guest(services, "Roland", "Gaudin", phone="+33792080794")
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await open_new_guest(pilot, "Roland", "Gaudin", "0792080794")
        await press(pilot, "ctrl+s")
        assert app.screen.query_one(Label).content == "This guest may already be here"
        await press(pilot, "k", "ctrl+s")
    assert scalar(services, "SELECT count(*) FROM guest") == 2
    assert scalar(services, "SELECT count(*) FROM possible_duplicate") == 1


async def test_a_refused_add_focuses_the_first_wrong_field_and_retyping_clears_it(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await open_new_guest(pilot, "Camille", "Roux", "pas de tel")
        await press(pilot, "enter")
        await type_text(pilot, "31/02")
        app.screen.query_one("#field-postcode", Input).focus()
        await type_text(pilot, "ABCDEFGHIJ")
        await press(pilot, "ctrl+s")
        dialog = app.screen
        assert dialog.query_one("#field-phones", Input).has_focus
        errors = {key: dialog.query_one(f"#error-{key}", Static) for key in ("phones", "postcode")}
        assert all(error.display for error in errors.values())
        assert "5 digits" in str(errors["postcode"].content)
        await press(pilot, "backspace")
        assert not errors["phones"].display  # stale: it goes as the host retypes
        assert errors["postcode"].display


async def test_numbers_are_written_as_dialled_and_an_edit_is_titled_so(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "3", "ctrl+n")
        await type_text(pilot, "Léa")
        app.screen.query_one("#field-phones", Input).focus()
        await type_text(pilot, "0612345678")
        assert app.screen.query_one("#field-phones", Input).value == "06 12 34 56 78"
        await press(pilot, "ctrl+s", "down", "enter")  # down: onto the table; Enter edits
        assert app.screen.query_one(Label).content == "Edit Léa (at this table)"
        assert app.screen.query_one("#field-phones", Input).value == "06 12 34 56 78"
