"""One SVG snapshot per screen state, on demo data with a fixed date and terminal size.

Every state is taken twice: in English on the English demo, in French on the French one. A
group of restaurants' states (tours.GROUP_TOURS) are taken on the demo over three sites, from
the terminal of the first.

Update after an intended change with `pytest tests/snapshots --snapshot-update`, and look
at the report before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

import pytest
from textual.pilot import Pilot

from guestbook.tui.app import GuestbookApp
from tests.pilot import press, wait_for_workers
from tests.snapshots.conftest import SIZE
from tests.tours import GROUP_TOURS, TOURS, Keys


class SnapCompare(Protocol):
    """The `snap_compare` fixture of pytest-textual-snapshot (untyped), as used here."""

    def __call__(
        self,
        app: GuestbookApp,
        *,
        terminal_size: tuple[int, int],
        run_before: Callable[[Pilot[None]], Awaitable[None]],
    ) -> bool: ...


def tour(keys: Keys) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Walk the tour as scripts/screenshots.py does: each key's work finishes first."""

    async def run(pilot: Pilot[None]) -> None:
        await wait_for_workers(pilot)
        await press(pilot, *keys)

    return run


@pytest.mark.parametrize("state", list(TOURS))
def test_screen(
    state: str, snap_compare: SnapCompare, demo_app: Callable[[], GuestbookApp]
) -> None:
    assert snap_compare(demo_app(), terminal_size=SIZE, run_before=tour(TOURS[state]))


@pytest.mark.parametrize("state", list(TOURS))
def test_screen_in_french(
    state: str, snap_compare: SnapCompare, french_demo_app: Callable[[], GuestbookApp]
) -> None:
    assert snap_compare(french_demo_app(), terminal_size=SIZE, run_before=tour(TOURS[state]))


@pytest.mark.parametrize("state", list(GROUP_TOURS))
def test_group_screen(
    state: str, snap_compare: SnapCompare, group_demo_app: Callable[[], GuestbookApp]
) -> None:
    assert snap_compare(group_demo_app(), terminal_size=SIZE, run_before=tour(GROUP_TOURS[state]))


@pytest.mark.parametrize("state", list(GROUP_TOURS))
def test_group_screen_in_french(
    state: str, snap_compare: SnapCompare, french_group_demo_app: Callable[[], GuestbookApp]
) -> None:
    app = french_group_demo_app()
    assert snap_compare(app, terminal_size=SIZE, run_before=tour(GROUP_TOURS[state]))
