"""The settings screen's Messages group (F9): the SMTP server, the SMS gateway, the STOP
mention, the postal address and the time zone typed, saved with ctrl+s into the settings file
(the owner's comments kept) and used by the next send at once; a wrong value shown under its
field with nothing written and nothing typed lost; the secrets only said set or not, never
shown, never written."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from guestbook.bootstrap import Services, make_app
from guestbook.paths import settings_path
from guestbook.settings import load_settings
from guestbook.settings_messages import SmsSettings, SmtpSettings
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.settings import SettingsScreen
from tests.pilot import press, text_of, type_text, wait_for_workers

SIZE = (120, 36)

HAND_WRITTEN = """\
# written by the owner
lapse_factor = 3   # patient with regulars

[smtp]
# the relay of our provider
host = "smtp.example.fr"
"""


async def fill(pilot: Pilot[Any], key: str, text: str) -> None:
    """Focus the field of a dotted key, empty it, type `text`."""
    field = pilot.app.screen.query_one(f"#field-{key.replace('.', '-')}", Input)
    field.focus()
    await press(pilot, "end", "ctrl+u")
    await type_text(pilot, text)


def shown_error(pilot: Pilot[Any], key: str) -> str:
    message = pilot.app.screen.query_one(f"#error-{key.replace('.', '-')}", Static)
    return text_of(pilot, f"#error-{key.replace('.', '-')}") if message.display else ""


def without_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GUESTBOOK_SMTP_PASSWORD", raising=False)
    monkeypatch.delenv("GUESTBOOK_SMS_API_KEY", raising=False)


async def test_typed_settings_go_to_the_file_with_its_comments_and_to_the_next_send(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_secrets(monkeypatch)
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    services.settings = load_settings(path)  # as the app started with it
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#field-smtp-host", Input).value == "smtp.example.fr"
        await fill(pilot, "smtp.port", "465")
        screen.query_one("#field-smtp-security", Select).focus()
        await press(pilot, "enter", "down", "enter")  # STARTTLS → SSL/TLS
        await fill(pilot, "smtp.username", "contact@chez-nous.fr")
        await fill(pilot, "smtp.from", "Chez Nous <contact@chez-nous.fr>")
        screen.query_one("#field-sms-provider", Select).value = "brevo"
        await fill(pilot, "sms.sender", "ChezNous")
        await fill(pilot, "sms_stop", "STOP au 36111")
        screen.query_one("#field-restaurant_address", TextArea).focus()
        await type_text(pilot, "Chez Nous")
        await press(pilot, "enter")
        await type_text(pilot, "12 rue des Lilas")
        await press(pilot, "enter")
        await type_text(pilot, "75011 Paris")
        await fill(pilot, "time_zone", "Europe/Brussels")
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# written by the owner\nlapse_factor = 3   # patient with regulars\n")
    assert "[smtp]\n# the relay of our provider\n" in text
    assert tomllib.loads(text) == {
        "lapse_factor": 3,
        "sms_stop": "STOP au 36111",
        "time_zone": "Europe/Brussels",
        "restaurant_address": "Chez Nous\n12 rue des Lilas\n75011 Paris",
        "smtp": {
            "host": "smtp.example.fr",
            "port": 465,
            "security": "ssl",
            "username": "contact@chez-nous.fr",
            "from": "Chez Nous <contact@chez-nous.fr>",
        },
        "sms": {"provider": "brevo", "sender": "ChezNous"},
    }
    # What the Messages section sends with, already: no restart.
    settings = services.settings
    assert settings.smtp == SmtpSettings(
        "smtp.example.fr", 465, "ssl", "contact@chez-nous.fr", "Chez Nous <contact@chez-nous.fr>"
    )
    assert settings.sms == SmsSettings(provider="brevo", sender="ChezNous")
    assert (settings.sms_stop, settings.time_zone) == ("STOP au 36111", "Europe/Brussels")
    assert settings.restaurant_address == "Chez Nous\n12 rue des Lilas\n75011 Paris"
    assert load_settings(path) == settings


async def test_a_bad_port_is_said_under_it_and_nothing_is_written_or_lost(
    services: Services,
) -> None:
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        await fill(pilot, "smtp.host", "smtp.example.fr")
        await fill(pilot, "smtp.port", "58 7")
        await fill(pilot, "time_zone", "Paris")
        await press(pilot, "ctrl+s")
        screen = pilot.app.screen
        assert isinstance(screen, SettingsScreen)  # still open, as typed
        assert shown_error(pilot, "smtp.port") == (
            "Server port must be a port number from 1 to 65535, got '58 7'"
        )
        assert shown_error(pilot, "time_zone") == (
            "Time zone must be a time zone such as Europe/Paris, got 'Paris'"
        )
        assert shown_error(pilot, "smtp.host") == ""
        assert screen.focused is screen.query_one("#field-smtp-port", Input)
        assert screen.query_one("#field-smtp-host", Input).value == "smtp.example.fr"
        assert screen.query_one("#field-smtp-port", Input).value == "58 7"
        assert not path.exists()
        await fill(pilot, "smtp.port", "70000")
        await press(pilot, "ctrl+s")
        assert shown_error(pilot, "smtp.port").endswith("got 70000")
        assert not path.exists()
        await fill(pilot, "smtp.port", "2525")
        await fill(pilot, "time_zone", "")  # empty: the default zone
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "smtp": {"host": "smtp.example.fr", "port": 2525}
    }
    assert (services.settings.smtp.port, services.settings.time_zone) == (2525, "Europe/Paris")


async def test_the_secrets_are_said_set_or_not_never_shown_never_written(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUESTBOOK_SMTP_PASSWORD", "s3cret-pass")
    monkeypatch.delenv("GUESTBOOK_SMS_API_KEY", raising=False)
    path = settings_path()
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        assert text_of(pilot, "#secret-GUESTBOOK_SMTP_PASSWORD") == (
            "set (in GUESTBOOK_SMTP_PASSWORD)"
        )
        assert text_of(pilot, "#secret-GUESTBOOK_SMS_API_KEY") == (
            "not set — export GUESTBOOK_SMS_API_KEY before starting guestbook"
        )
        shown = [str(static.content) for static in pilot.app.screen.query(Static)]
        assert not [line for line in shown if "s3cret" in line]
        assert not pilot.app.screen.query("#field-smtp-password")  # nowhere to type it
        await fill(pilot, "smtp.host", "smtp.example.fr")
        await press(pilot, "ctrl+s")
        assert isinstance(pilot.app.screen, AgendaScreen)
    text = path.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert tomllib.loads(text) == {"smtp": {"host": "smtp.example.fr"}}


async def test_a_changed_messages_setting_asks_before_leaving(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_secrets(monkeypatch)
    async with make_app(services).run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        screen = pilot.app.screen
        screen.query_one("#field-restaurant_address", TextArea).focus()
        await press(pilot, "escape")  # nothing changed: back at once
        assert isinstance(pilot.app.screen, AgendaScreen)
        await press(pilot, "f9")
        await fill(pilot, "sms_stop", "STOP au 36111")
        await press(pilot, "escape")
        assert isinstance(pilot.app.screen, Confirm)
        await press(pilot, "n")  # keep editing: nothing lost
        assert pilot.app.screen.query_one("#field-sms_stop", Input).value == "STOP au 36111"
    assert not settings_path().exists()
