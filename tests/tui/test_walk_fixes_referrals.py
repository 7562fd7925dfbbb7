"""The Referrals screen after a sponsor's erasure (finding of a user's walk: their reward still
counted as owed, and the ambassadors ranked "(no name)")."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from guestbook.bootstrap import Services, make_app
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit
from tests.pilot import press, text_of, wait_for_workers


def cells(table: DataTable[object], column: int) -> list[str]:
    return [str(table.get_row_at(row)[column]) for row in range(table.row_count)]


async def test_an_erased_sponsor_is_neither_owed_nor_an_ambassador(services: Services) -> None:
    helene, jean = add_guest(services, "Hélène", "Bourdon"), add_guest(services, "Jean", "Roux")
    for sponsor, friend in ((helene, "Léa"), (jean, "Paul")):
        referred = add_guest(services, friend, "Vidal")
        record_referral(services, sponsor_id=sponsor, referred_id=referred)
        add_visit(services, dt.date(2026, 11, 20), referred)
    erase_guests(services, [helene])
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "5")
        summary = " ".join(text_of(pilot, "#referrals-summary").split())
        assert "2 referrals, 2 of the friends came · 1 sponsor reward owed" in summary
        ledger = app.screen.query_one("#ledger-table", DataTable)
        shown = zip(cells(ledger, 1), cells(ledger, 6), strict=True)
        by_friend = dict(zip(cells(ledger, 2), shown, strict=True))
        assert by_friend["Léa Vidal"] == ("(erased)", "void (sponsor erased)")
        assert by_friend["Paul Vidal"] == ("Jean Roux", "owed")
        ledger.move_cursor(row=cells(ledger, 2).index("Léa Vidal"))
        ledger.focus()
        await press(pilot, "enter")  # no card to open: said so, the screen stays
        messages = [str(n.message) for n in app._notifications]
        assert "This guest was erased: there is no card to open." in messages
        await press(pilot, "a")
        ambassadors = app.screen.query_one("#ambassadors-table", DataTable)
        assert cells(ambassadors, 1) == ["Jean Roux"]
