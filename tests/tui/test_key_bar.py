"""The key bar at the bottom of every section: the screen's keys, and a click runs one."""

from __future__ import annotations

from guestbook.bootstrap import Services, make_app
from guestbook.tui.screens.help import HelpScreen
from guestbook.tui.widgets.key_bar import KeyBar
from tests.pilot import press, wait_for_workers


async def test_the_key_bar_lists_the_screen_s_keys_and_runs_a_clicked_one(
    services: Services,
) -> None:
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        for shown in ("r Reached", "v Voicemail", "u Undo", "^q Quit", "? Help", "^p palette"):
            assert shown in line
        assert line.rstrip().endswith("^p palette")  # docked right, as in Textual's footer
        help_key = line.index(" ? Help")
        await pilot.click(KeyBar, offset=(help_key + 2, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await press(pilot, "2")  # another section: its own keys
        line = str(app.screen.query_one(KeyBar).render())
        assert "New guest" in line and "Reached" not in line
