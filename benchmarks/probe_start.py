"""Start a fresh app (or the floor: an empty Textual app with a header and a footer) and
print the wall-clock time of the first painted screen.

    python benchmarks/probe_start.py app DB      guestbook on DB, up to the painted agenda (its
                                                 first calls, which a large agenda paints first)
    python benchmarks/probe_start.py whole DB    up to the painted whole agenda, with its counts
    python benchmarks/probe_start.py floor       the empty app
    python benchmarks/probe_start.py rss DB      guestbook: open every screen, print max RSS (MB)
"""

from __future__ import annotations

import asyncio
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def first_frame(app: Any, ready: Callable[[], bool]) -> asyncio.Future[float]:
    """The wall-clock time (the parent subtracts the time it spawned us) of the first frame
    the app composes once `ready()` holds. Frames are caught where Textual hands them to the
    terminal driver (App._display); headless, the driver writes nothing, but the frame is
    composed all the same. (Pilot.pause() would wait for the whole process to go idle, which
    a worker still busy elsewhere delays.)"""
    painted: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    display = app._display

    def display_and_note(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None and not painted.done() and ready():
            painted.set_result(time.time())

    app._display = display_and_note
    return painted


async def floor() -> float:
    import sqlmodel  # noqa: F401  (the floor imports what guestbook needs at the bottom)
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header

    class Empty(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Footer()

    app = Empty()
    painted = first_frame(app, lambda: True)
    async with app.run_test(size=(120, 36)):
        return await painted


async def guestbook_app(db: str, visit_all: bool, whole: bool = False) -> float:
    import datetime as dt
    from pathlib import Path

    from guestbook.bootstrap import freeze_imported_heap, make_app, make_services
    from guestbook.clock import FixedClock
    from guestbook.settings import Settings
    from guestbook.tui.screens.agenda import AgendaScreen

    services = make_services(Path(db), FixedClock(dt.date(2026, 11, 22)), Settings())
    app = make_app(services)
    freeze_imported_heap()  # as the guestbook command does before running the app

    def agenda_shown() -> bool:
        screen = app.screen
        return (
            isinstance(screen, AgendaScreen)
            and screen.agenda is not None
            and (screen.agenda.complete or not whole)
        )

    frame = first_frame(app, agenda_shown)
    async with app.run_test(size=(120, 36)) as pilot:
        painted = await frame
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
    elif mode == "whole":
        print(asyncio.run(guestbook_app(sys.argv[2], visit_all=False, whole=True)))
    elif mode == "rss":
        asyncio.run(guestbook_app(sys.argv[2], visit_all=True, whole=True))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


if __name__ == "__main__":
    main()
