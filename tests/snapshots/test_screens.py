"""One SVG snapshot per screen state, on demo data with a fixed date and terminal size.

Update after an intended change with `pytest tests/snapshots --snapshot-update`, and look
at the report before committing.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.pilot import Pilot

from guestbook.tui.app import GuestbookApp
from tests.snapshots.conftest import SIZE
from tests.tours import TOURS


async def settled(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def keys_then_settle(*keys: str) -> Callable[[Pilot[None]], object]:
    async def run(pilot: Pilot[None]) -> None:
        await settled(pilot)
        for key in keys:
            await pilot.press(key)
            await settled(pilot)

    return run


@pytest.mark.parametrize("state", list(TOURS))
def test_screen(state: str, snap_compare: object, demo_app: Callable[[], GuestbookApp]) -> None:
    assert snap_compare(  # type: ignore[operator]
        demo_app(), terminal_size=SIZE, run_before=keys_then_settle(*TOURS[state])
    )
