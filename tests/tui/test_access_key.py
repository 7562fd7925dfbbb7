"""`a` on a guest's card writes their access bundle (services.rights.access): in the folder of
the session's last export, else the documents folder, then says where."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from guestbook.bootstrap import Services, make_app
from guestbook.services.rights.erasure import erase_guests
from guestbook.tui.app import GuestbookApp
from guestbook.tui.screens.guest_card import GuestCardScreen
from tests.builders import add_guest
from tests.pilot import press, type_text, until, wait_for_workers

SIZE = (120, 40)


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home of its own with a Documents folder."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.delenv("XDG_DOCUMENTS_DIR", raising=False)
    return home / "Documents"


def messages(app: object) -> list[str]:
    return [str(n.message) for n in app._notifications]  # type: ignore[attr-defined]


async def open_card(pilot: Pilot[Any], name: str) -> None:
    await wait_for_workers(pilot)
    await press(pilot, "2")
    await type_text(pilot, name)
    await press(pilot, "enter")
    assert isinstance(pilot.app.screen, GuestCardScreen)


async def test_a_writes_the_bundle_in_the_documents_folder(
    services: Services, documents: Path
) -> None:
    guest = add_guest(services, "Zoé", "Accès")
    folder = documents / f"guest-{guest}-2026-11-22"
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "acces")
        await press(pilot, "a")
        await until(pilot, lambda: any(str(folder) in message for message in messages(pilot.app)))
        assert isinstance(pilot.app.screen, GuestCardScreen)  # the card stays open
    data = json.loads((folder / "guest.json").read_text("utf-8"))
    assert data["identity"]["last_name"] == "Accès"


async def test_a_writes_beside_the_last_export(
    services: Services, documents: Path, tmp_path: Path
) -> None:
    guest = add_guest(services, "Zoé", "Accès")
    exports = tmp_path / "exports"
    exports.mkdir()
    app = make_app(services)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app, GuestbookApp)
        app.last_export_folder = exports
        await open_card(pilot, "acces")
        await press(pilot, "a")
        folder = exports / f"guest-{guest}-2026-11-22"
        await until(pilot, lambda: any(str(folder) in message for message in messages(app)))
    assert (folder / "guest.html").is_file()
    assert not list(documents.iterdir())


async def test_an_erased_guest_gets_an_error_and_no_bundle(
    services: Services, documents: Path
) -> None:
    guest = add_guest(services, "Zoé", "Accès")
    async with make_app(services).run_test(size=SIZE) as pilot:
        await open_card(pilot, "acces")
        erase_guests(services, [guest])  # by another terminal, while the card is open
        await press(pilot, "a")
        await until(pilot, lambda: any("was erased" in m for m in messages(pilot.app)))
    assert not list(documents.iterdir())
