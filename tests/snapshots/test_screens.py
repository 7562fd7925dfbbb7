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


STATES = {
    "agenda": (),
    "agenda_guest_dialog": ("down", "enter"),
    "agenda_help": ("question_mark",),
    "calendar_month": ("4",),
    "calendar_selected_day": ("4", "right", "right", "down"),
    "calendar_next_30_days": ("4", "v"),
    "referrals_ledger": ("5",),
    "referrals_ambassadors": ("5", "a"),
    "checkout_empty": ("3",),
    "checkout_new_guest_error": (
        "3",
        "ctrl+n",
        *"Camille",
        "tab",
        *"Roux",
        "tab",
        *"pas de tel",
        "tab",
        "tab",
        *"31/02/1980",
        "ctrl+s",
    ),
    "checkout_table": (
        "3",
        "ctrl+n",
        *"Hélène",
        "tab",
        *"Dupont",
        "tab",
        *"0612345678",
        "tab",
        "tab",
        *"12/03/1970",
        "tab",
        "tab",
        "tab",
        "space",
        "ctrl+s",
        "ctrl+n",
        *"Marc",
        "tab",
        *"Dupont",
        "tab",
        "tab",
        "tab",
        *"5 nov",
        "tab",
        "enter",
        "down",
        "enter",
        "ctrl+s",
        "tab",
        *"84,50",
        "tab",
        *"anniversaire",
    ),
    "guests_list": ("2", "escape"),
    "guests_search": ("2", *"mar"),
    "guest_card": ("2", "escape", "enter"),
    "guest_form_errors": (
        "2",
        "ctrl+n",
        *"Camille",
        "tab",
        *"Roux",
        "tab",
        *"pas de tel",
        "tab",
        *"camille@roux",
        "tab",
        *"31/02/1980",
        "ctrl+s",
    ),
    "export_dialog": ("f7",),
    "import_dialog": ("f8",),
}


@pytest.mark.parametrize("state", list(STATES))
def test_screen(state: str, snap_compare: object, demo_app: Callable[[], GuestbookApp]) -> None:
    assert snap_compare(  # type: ignore[operator]
        demo_app(), terminal_size=SIZE, run_before=keys_then_settle(*STATES[state])
    )
