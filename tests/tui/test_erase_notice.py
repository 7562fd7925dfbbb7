"""After an erasure on a big server (its tables rewritten later: storage.postgresql.rewrite),
the screens that erase say where the erased values still are and what ends it."""

from __future__ import annotations

from textual.app import App

from guestbook.services.rights.erasure import Cleaning, ErasureResult
from guestbook.tui.dialogs.erase_confirm import tell_what_remains


async def test_a_rewrite_left_for_later_is_said() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        tell_what_remains(app, ErasureResult((12,), (), Cleaning.DONE))
        tell_what_remains(app, ErasureResult((12,), (), Cleaning.BUSY))
        await pilot.pause()
        assert list(app._notifications) == []
        tell_what_remains(app, ErasureResult((12,), (), Cleaning.LATER))
        await pilot.pause()
        (notice,) = list(app._notifications)
        assert "at night, by `guestbook forget --finish`" in notice.message


async def test_a_rewrite_the_role_may_not_do_is_said() -> None:
    app: App[None] = App()
    async with app.run_test() as pilot:
        tell_what_remains(app, ErasureResult((12,), (), Cleaning.REFUSED))
        await pilot.pause()
        (notice,) = list(app._notifications)
        assert "this terminal's role may not rewrite its tables" in notice.message
        assert "run by their owner" in notice.message
