"""The settings screen (F9): values changed, saved with ctrl+s into the settings file, and used
by the running app at once; problems shown under their fields with nothing written; Escape
with changes asks first."""

from __future__ import annotations

import datetime as dt
import stat
import tomllib
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, Static
from textual.widgets._header import HeaderTitle

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.paths import settings_path
from guestbook.settings import load_settings
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.pick_region import PickRegion
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.help import HelpScreen
from guestbook.tui.screens.settings import SettingsScreen
from tests.builders import add_guest
from tests.pilot import press, text_of, type_text, wait_for_workers

SIZE = (120, 36)


def header(pilot: Pilot[Any]) -> str:
    """The restaurant's name and the date, as the header shows them."""
    return str(pilot.app.screen.query_one(HeaderTitle).content)


async def clear_and_type(pilot: Pilot[Any], text: str) -> None:
    await press(pilot, "end", "ctrl+u")
    await type_text(pilot, text)


def shown_error(pilot: Pilot[Any], key: str) -> str:
    message = pilot.app.screen.query_one(f"#error-{key}", Static)
    return text_of(pilot, f"#error-{key}") if message.display else ""


async def test_saved_settings_go_to_the_file_and_to_the_running_app(services: Services) -> None:
    # Her birthday is in 6 days: overdue with 7 lead days, upcoming with 3.
    add_guest(services, "Hélène", "Dupont", birthday=Birthday(28, 11, 1970))
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        assert text_of(pilot, "#agenda-summary").startswith("0 calls today, 1 overdue")
        assert header(pilot).startswith("Chez Nous")
        await press(pilot, "f9")
        assert isinstance(pilot.app.screen, SettingsScreen)
        await clear_and_type(pilot, "Le Bistrot d'Hélène")  # the name has the focus
        await press(pilot, "tab", "tab", "tab", "tab")  # site, language, region, lead days
        await clear_and_type(pilot, "3")
        await press(pilot, "tab")  # the wording of calls
        await type_text(pilot, "Le chef peut-il vous appeler ?")
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
        await wait_for_workers(pilot)
        assert header(pilot).startswith("Le Bistrot d'Hélène")
        assert text_of(pilot, "#agenda-summary").startswith(
            "0 calls today, 0 overdue · 1 in the next 7 days"
        )
    expected = {
        "restaurant_name": "Le Bistrot d'Hélène",
        "lead_days": 3,
        "consent_wordings": {"call": "Le chef peut-il vous appeler ?"},
    }
    assert tomllib.loads(path.read_text(encoding="utf-8")) == expected
    in_file = load_settings(path)
    assert in_file == services.settings
    assert services.settings.wording("call") == "Le chef peut-il vous appeler ?"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_problems_show_under_their_fields_and_nothing_is_written(
    services: Services,
) -> None:
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9", "end", "ctrl+u", "tab", "tab", "tab", "tab")
        await clear_and_type(pilot, "sept")
        await press(pilot, "ctrl+s")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)  # still open, as typed
        assert shown_error(pilot, "restaurant_name") == "Restaurant name cannot be empty"
        assert shown_error(pilot, "lead_days") == (
            "Lead days must be a whole number of days between 0 and 60, got 'sept'"
        )
        assert shown_error(pilot, "phone_region") == ""
        assert screen.focused is screen.query_one("#field-restaurant_name", Input)
        assert "Nothing was saved: see the messages in red." in [
            notice.message for notice in pilot.app._notifications
        ]
        assert not path.exists()
        await type_text(pilot, "Le Bistrot")  # the name fixed: one problem left
        await press(pilot, "ctrl+s")
        assert shown_error(pilot, "restaurant_name") == ""
        assert shown_error(pilot, "lead_days").startswith("Lead days must be a whole number")
        assert not path.exists()
        assert header(pilot).startswith("Chez Nous")
    assert services.settings.lead_days == 7


async def test_escape_with_changes_asks_first(services: Services) -> None:
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9", "escape")  # nothing changed: back at once
        assert isinstance(pilot.app.screen, AgendaScreen)
        await press(pilot, "f9", "end")
        await type_text(pilot, " et fils")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, Confirm)
        await press(pilot, "n")  # keep editing: nothing lost
        assert pilot.app.screen.query_one("#field-restaurant_name", Input).value == (
            "Chez Nous et fils"
        )
        await press(pilot, "escape", "y")
        assert isinstance(pilot.app.screen, AgendaScreen)
        assert header(pilot).startswith("Chez Nous —")
    assert not path.exists()


async def test_the_region_is_found_by_name_and_the_channels_reordered_with_keys(
    services: Services,
) -> None:
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9", "tab", "tab", "tab", "enter")
        assert isinstance(pilot.app.screen, PickRegion)
        await type_text(pilot, "belgi")
        await press(pilot, "enter")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert str(screen.query_one("#field-phone_region").render()).strip() == (
            "Belgium (BE, +32)"
        )
        screen.query_one("#field-channel_order", OptionList).focus()
        await press(pilot, "shift+down", "down", "down", "shift+up")
        lines = screen.query_one("#field-channel_order", OptionList)
        shown = [str(lines.get_option_at_index(i).prompt) for i in range(4)]
        assert shown == ["1. Text messages", "2. Emails", "3. Phone calls", "4. Letters"]
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "phone_region": "BE",
        "channel_order": ["sms", "email", "call", "post"],
    }
    assert services.settings.phone_region == "BE"
    assert services.settings.channel_order == ("sms", "email", "call", "post")


async def test_the_language_takes_effect_at_the_next_start(services: Services) -> None:
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        pilot.app.screen.query_one("#field-language", Select).value = "fr"
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
        notices = [notice.message for notice in pilot.app._notifications]
        assert "The new language takes effect at the next start." in notices
        assert text_of(pilot, "#agenda-summary").startswith("0 calls today")  # still English
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {"language": "fr"}
    assert services.settings.language == ""  # this run's language stays


async def test_comments_are_kept_and_an_emptied_wording_is_the_default_again(
    services: Services, tmp_path: Path
) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    hand_written = (
        "# written by the owner\n"
        "lapse_factor = 3   # patient with regulars\n\n"
        "[consent_wordings]\n"
        'call = "Allô ?"\n'
    )
    path.write_text(hand_written, encoding="utf-8")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        call = pilot.app.screen.query_one("#field-consent_wordings-call", Input)
        assert call.value == "Allô ?"
        call.focus()
        await press(pilot, "end", "ctrl+u", "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    assert path.read_text(encoding="utf-8") == (
        "# written by the owner\nlapse_factor = 3   # patient with regulars\n\n"
    )
    default = "May the chef phone you for your birthday and special evenings?"
    assert services.settings.wording("call") == default


async def test_settings_changed_by_hand_meanwhile_are_kept_unless_changed_here(
    services: Services,
) -> None:
    """The owner opens the settings, then edits the file by hand (lead days, the site, a
    wording), then changes only the restaurant's name here: ctrl+s writes the name and keeps
    what the file says now (before, the screen wrote back every value it had shown)."""
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('lead_days = 7\nsite = "Bastille"\n', encoding="utf-8")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        path.write_text(
            'lead_days = 10\nsite = "Marais"\n\n[consent_wordings]\nsms = "Un SMS ?"\n',
            encoding="utf-8",
        )
        await clear_and_type(pilot, "Le Bistrot")  # the name has the focus
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "lead_days": 10,
        "site": "Marais",
        "consent_wordings": {"sms": "Un SMS ?"},
        "restaurant_name": "Le Bistrot",
    }
    assert services.settings.lead_days == 10


async def test_the_palette_opens_the_settings(services: Services) -> None:
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "ctrl+p")
        await type_text(pilot, "settings")
        await press(pilot, "enter")
        assert isinstance(pilot.app.screen, SettingsScreen)
        await press(pilot, "f9")  # already open: not a second one
        assert len(pilot.app.screen_stack) == 2


async def test_the_screen_speaks_french(services: Services, french: None) -> None:
    add_guest(services, "Hélène", "Dupont", birthday=Birthday(28, 11, 1970))
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        placeholder = pilot.app.screen.query_one("#field-consent_wordings-call", Input)
        # The default wording, in the language shown.
        assert placeholder.placeholder.startswith("Le chef peut-il vous appeler")
        await press(pilot, "tab", "tab", "tab", "tab")
        await clear_and_type(pilot, "99")
        await press(pilot, "ctrl+s")
        assert shown_error(pilot, "lead_days") == (
            "Jours d’avance doit être un nombre entier de jours entre 0 et 60 (reçu : 99)"
        )
    assert services.clock.today() == dt.date(2026, 11, 22)


async def test_every_field_is_reached_at_80_by_24(services: Services) -> None:
    async with make_app(services).run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        # From the name: site, language, region, lead days, 4 wordings, 2 labels, the channels.
        await press(pilot, "f9", *["tab"] * 11)
        screen = pilot.app.screen
        order = screen.query_one("#field-channel_order", OptionList)
        assert screen.focused is order
        assert order.region.y >= 2 and order.region.bottom <= 23  # on screen, above the keys
        await press(pilot, "shift+down", "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    assert services.settings.channel_order == ("sms", "email", "post", "call")


async def test_the_help_names_the_settings_and_their_keys(services: Services) -> None:
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9", "f1")
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.title_text == "Keys — Settings"
        shown = str(help_screen.query_one(Static).content)
        assert "^s                    Save" in shown
        assert "esc                   Back" in shown
