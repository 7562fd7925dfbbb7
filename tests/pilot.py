"""Driving the app in UI tests: wait for its workers, type, read what a widget shows."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static


async def wait_for_workers(pilot: Pilot[Any], rounds: int = 3) -> None:
    """Until the workers started by the last key, and those their messages started, are done
    and their answers painted: a worker's message can start another worker."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Press each key and let its work finish before the next, as a person would."""
    for key in keys:
        await pilot.press(key)
        await wait_for_workers(pilot)


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*text)
    await wait_for_workers(pilot)


def text_of(pilot: Pilot[Any], selector: str) -> str:
    """What a Static on the current screen shows, as plain text (rich renderables included)."""
    content = pilot.app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], seconds: float = 10) -> None:
    """Wait for work that chains workers (a write, then a reload) until `condition` holds;
    fails the test if it never does."""
    for _ in range(int(seconds / 0.05)):
        await wait_for_workers(pilot, rounds=1)
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"still not true after {seconds} s: {condition}")
