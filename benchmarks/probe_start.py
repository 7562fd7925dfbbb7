"""Start a fresh app (or the floor: an empty Textual app with a header and a footer) and
print the wall-clock time of the first painted screen.

    python benchmarks/probe_start.py app DB      guestbook on DB, up to the painted agenda
    python benchmarks/probe_start.py floor       the empty app
    python benchmarks/probe_start.py rss DB      guestbook: open every screen, print max RSS (MB)
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time


def painted_at() -> float:
    """Wall-clock time of the paint: the parent subtracts the time it spawned us."""
    return time.time()


async def floor() -> float:
    import sqlmodel  # noqa: F401  (the floor imports what guestbook needs at the bottom)
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    app = Empty()
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        return painted_at()


async def guestbook_app(db: str, visit_all: bool) -> float:
    import datetime as dt
    from pathlib import Path

    from guestbook.bootstrap import freeze_imported_heap, make_app, make_services
    from guestbook.clock import FixedClock
    from guestbook.settings import Settings
    from guestbook.tui.screens.agenda import AgendaScreen

    services = make_services(Path(db), FixedClock(dt.date(2026, 11, 22)), Settings())
    app = make_app(services)
    freeze_imported_heap()  # as the guestbook command does before running the app
    async with app.run_test(size=(120, 36)) as pilot:
        while not (isinstance(app.screen, AgendaScreen) and app.screen.agenda is not None):
            await asyncio.sleep(0.002)
        await pilot.pause()
        painted = painted_at()
        if visit_all:
            for key in "2345":
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause()
    services.close()
    return painted


def main() -> None:
    mode = sys.argv[1]
    if mode == "floor":
        print(asyncio.run(floor()))
    elif mode == "app":
        print(asyncio.run(guestbook_app(sys.argv[2], visit_all=False)))
    elif mode == "rss":
        asyncio.run(guestbook_app(sys.argv[2], visit_all=True))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    main()
