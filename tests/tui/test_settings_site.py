"""The site in the settings screen (F9, issue 19): typed, saved into the settings file, shown
in the header at once and recorded on the next visit; too long a name is refused under its
field with nothing written."""

from __future__ import annotations

import datetime as dt
import tomllib

from guestbook.bootstrap import Services, make_app
from guestbook.paths import settings_path
from guestbook.settings import SITE_NAME_LIMIT
from guestbook.tui.screens.settings import SettingsScreen
from tests.builders import add_guest, add_visit
from tests.database import scalar
from tests.pilot import press, wait_for_workers
from tests.tui.test_settings_messages_fields import SIZE, fill, shown_error


async def test_the_site_is_saved_shown_and_recorded(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f9")
        assert isinstance(app.screen, SettingsScreen)
        await fill(pilot, "site", "x" * (SITE_NAME_LIMIT + 1))
        await press(pilot, "ctrl+s")
        assert "at most 40 characters" in shown_error(pilot, "site")
        assert not settings_path().exists()  # nothing written
        await fill(pilot, "site", "  Paris   Bastille ")
        await press(pilot, "ctrl+s")
        await wait_for_workers(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.title == "Chez Nous · Paris Bastille"
    assert tomllib.loads(settings_path().read_text())["site"] == "Paris Bastille"
    anne = add_guest(services, "Anne", "Martin")
    add_visit(services, dt.date(2026, 11, 2), anne)
    assert scalar(services, "SELECT site FROM visit") == "Paris Bastille"
