"""Driving the app through work that is meant to fail: tests.pilot's helpers raise on a failed
worker (so that no other test fails unheard); these wait for the user to be told instead."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState


def errors(app: App[Any]) -> list[str]:
    """The error notifications shown so far."""
    return [str(n.message) for n in app._notifications if n.severity == "error"]


def titles(app: App[Any]) -> list[str]:
    """The titles of the error notifications shown so far."""
    return [str(n.title) for n in app._notifications if n.severity == "error"]


async def until_told(pilot: Pilot[Any], text: str, seconds: float = 10) -> None:
    """Until an error notification containing `text` shows and the worker that failed has
    left the app's workers; fails the test if that never happens."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        failed = [w for w in pilot.app.workers if w.state is WorkerState.ERROR]
        if not failed and any(text in error for error in errors(pilot.app)):
            return
    raise AssertionError(f"no error notification with {text!r} after {seconds} s")


async def until_running(pilot: Pilot[Any], name: str, seconds: float = 10) -> None:
    """Until the app's worker called `name` runs (a save, waiting for the database)."""
    for _ in range(int(seconds / 0.01)):
        if any(w.name == name and w.is_running for w in pilot.app.workers):
            return
        await pilot.pause(0.01)
    raise AssertionError(f"no worker {name!r} running after {seconds} s")
