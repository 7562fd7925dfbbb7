"""The retention review (issue 18): the inactive guests listed, erased one by one or all at
once after the typed word; the audit records each erasure as the retention's."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.tui.screens.retention import RetentionScreen
from tests.builders import add_guest
from tests.database import execute, query
from tests.pilot import press, text_of, type_text
from tests.tui.test_guests_duplicates_and_card import SIZE


async def test_review_then_erase_one_then_all(services: Services) -> None:
    long_ago = services.clock.today() - dt.timedelta(days=4 * 365)
    inactive = [add_guest(services, name, "Ancien") for name in ("Albert", "Bruno", "Carla")]
    add_guest(services, "Denise", "Récente")
    for guest_id in inactive:
        for name, column, key in (("guest", "created_at", "id"),
                                   ("consent_event", "at", "guest_id")):  # fmt: skip
            execute(services, f"UPDATE {name} SET {column} = ? WHERE {key} = ?",
                    f"{long_ago} 09:00:00.000000", guest_id)  # fmt: skip
    async with make_app(services).run_test(size=SIZE) as pilot:
        await press(pilot, "2", "ctrl+r")
        screen = pilot.app.screen
        assert isinstance(screen, RetentionScreen)
        assert text_of(pilot, "#retention-status").startswith("3 guests without a visit nor")
        table: DataTable[str] = screen.query_one(DataTable)
        assert table.row_count == 3
        await press(pilot, "x")
        await type_text(pilot, "ERASE")
        await press(pilot, "enter")
        assert table.row_count == 2
        await press(pilot, "ctrl+x")
        await type_text(pilot, "ERASE")
        await press(pilot, "enter")
        assert table.row_count == 0
        assert "Nobody without a visit nor a contact for 3 years" in text_of(
            pilot, "#retention-status"
        )
    erased = query(services, "SELECT id FROM guest WHERE erased_at IS NOT NULL ORDER BY id")
    assert [row[0] for row in erased] == inactive
    audited = query(services, "SELECT action, guests FROM audit_event ORDER BY id")
    assert audited == [("retention", 1), ("retention", 2)]
