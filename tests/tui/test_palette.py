"""The command palette speaks the language shown and finds a command by its English title too
(the words a French user may know from other software, and the ones this guide uses)."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.command import CommandInput, CommandList
from textual.pilot import Pilot

from guestbook.bootstrap import Services, make_app
from guestbook.tui.screens.help import HelpScreen
from guestbook.tui.widgets.palette import TranslatedPalette
from tests.pilot import press, type_text, until, wait_for_workers


def shown_options(pilot: Pilot[Any]) -> list[str]:
    """The palette's list as the user reads it, one line per option."""
    options = pilot.app.screen.query_one(CommandList)
    lines = []
    for index in range(options.option_count):
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(options.get_option_at_index(index).prompt)
        lines.append(" ".join(console.export_text().split()))
    return lines


async def search(pilot: Pilot[Any], query: str) -> None:
    await press(pilot, "ctrl+p")
    assert isinstance(pilot.app.screen, TranslatedPalette)
    await type_text(pilot, query)


async def test_in_french_an_english_title_finds_the_french_command(
    services: Services, french: None
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await search(pilot, "keys")
        await until(pilot, lambda: any("Touches" in line for line in shown_options(pilot)))
        first = shown_options(pilot)[0]
        assert first.startswith("Touches") and "Keys" in first  # the help names the English
        await press(pilot, "enter")
        assert isinstance(app.screen, HelpScreen)


async def test_in_french_no_match_is_said_in_french(services: Services, french: None) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await search(pilot, "zzqqxx")
        await until(pilot, lambda: "Aucune commande trouvée" in shown_options(pilot), seconds=5)
        assert not any("No matches" in line for line in shown_options(pilot))


async def test_in_english_the_palette_is_textual_s_own_words(services: Services) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await search(pilot, "zzqqxx")
        await until(pilot, lambda: "No matches found" in shown_options(pilot), seconds=5)
        await press(pilot, "escape")
        await search(pilot, "guests")
        await until(pilot, lambda: any("Guests" in line for line in shown_options(pilot)))
        assert not any("·" in line for line in shown_options(pilot))  # no English echo


async def test_the_theme_picker_speaks_french(services: Services, french: None) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        app.search_themes()
        await pilot.pause()
        assert isinstance(app.screen, TranslatedPalette)
        placeholder = app.screen.query_one(CommandInput).placeholder
        assert placeholder == "Chercher un thème…"
