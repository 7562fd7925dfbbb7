"""Referrals (parrainage): the ledger of who brought whom, and the ambassadors to thank."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static, TabbedContent, TabPane

from guestbook.errors import UserError
from guestbook.services.visits.report import (
    Ambassador,
    LedgerRow,
    ReferralTotals,
    referral_overview,
)
from guestbook.tui.format import euros
from guestbook.tui.screens.base import SectionScreen

STATE_WORDS = {
    "owed": "owed",
    "redeemed": "redeemed",
    "expired": "expired",
    "not_yet": "not yet valid",
    "none yet": "— (no visit yet)",
}


class ReferralsScreen(SectionScreen):
    SECTION = "referrals"
    BINDINGS = [
        Binding("l", "show_tab('ledger')", "Ledger", id="referrals.ledger"),
        Binding("a", "show_tab('ambassadors')", "Ambassadors", id="referrals.ambassadors"),
        Binding("n", "record", "New referral", id="referrals.new"),
    ]

    @dataclass
    class Loaded(Message):
        ledger: list[LedgerRow]
        ambassadors: list[Ambassador]
        totals: ReferralTotals

    def __init__(self) -> None:
        super().__init__()
        self.ledger_rows: list[LedgerRow] = []
        self.ambassador_rows: list[Ambassador] = []

    def compose_body(self) -> ComposeResult:
        yield Static("Loading referrals…", id="referrals-summary")
        with TabbedContent(initial="ledger", id="referral-tabs"):
            with TabPane("Ledger", id="ledger"):
                table: DataTable[str | Text] = DataTable(id="ledger-table", cursor_type="row")
                table.add_columns(
                    "Recorded", "Sponsor", "→ Brought", "First visit", "Visits", "Spend", "Reward"
                )
                yield table
            with TabPane("Ambassadors", id="ambassadors"):
                best: DataTable[str | Text] = DataTable(id="ambassadors-table", cursor_type="row")
                best.add_columns("#", "Sponsor", "Came", "Brought", "Their spend", "Next level")
                yield best

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="referrals", exit_on_error=False)
    def load(self) -> None:
        overview = referral_overview(self.services)
        self.post_message(self.Loaded(overview.ledger, overview.ambassadors, overview.totals))

    def on_referrals_screen_loaded(self, message: Loaded) -> None:
        self.ledger_rows = message.ledger
        self.ambassador_rows = message.ambassadors
        table = self.query_one("#ledger-table", DataTable)
        table.clear()
        for row in message.ledger:
            table.add_row(
                f"{row.recorded_on:%d %b %Y}",
                row.sponsor,
                row.referred,
                f"{row.first_visit_on:%d %b %Y}" if row.first_visit_on else "not yet",
                Text(str(row.visits), justify="right"),
                Text(euros(row.spend_cents), justify="right"),
                STATE_WORDS.get(row.reward_state, row.reward_state),
                key=str(row.referral_id),
            )
        best = self.query_one("#ambassadors-table", DataTable)
        best.clear()
        for rank, ambassador in enumerate(message.ambassadors, start=1):
            best.add_row(
                str(rank),
                ambassador.name,
                Text(str(ambassador.referred_who_came), justify="right"),
                Text(str(ambassador.referred_total), justify="right"),
                Text(euros(ambassador.spend_cents), justify="right"),
                Text(str(ambassador.second_level), justify="right"),
                key=str(ambassador.guest_id),
            )
        totals = message.totals
        top = message.ambassadors[0].name if message.ambassadors else "nobody yet"
        listed = (
            f" (the latest {len(message.ledger):,} listed)"
            if len(message.ledger) < totals.referrals
            else ""
        )
        self.query_one("#referrals-summary", Static).update(
            f"{totals.referrals:,} referrals{listed}, {totals.came:,} of the friends came · "
            f"{totals.sponsor_rewards_owed:,} sponsor rewards owed · top ambassador: {top}"
        )

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table" if tab == "ambassadors" else "#ledger-table").focus()

    @on(DataTable.RowSelected, "#ledger-table")
    def open_sponsor_from_ledger(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row < len(self.ledger_rows):
            self.open_guest(self.ledger_rows[event.cursor_row].sponsor_id)

    @on(DataTable.RowSelected, "#ambassadors-table")
    def open_ambassador(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row < len(self.ambassador_rows):
            self.open_guest(self.ambassador_rows[event.cursor_row].guest_id)

    def action_record(self) -> None:
        """Pick the guest who was referred, then their sponsor; the rules are checked on save."""
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def referred_picked(referred: tuple[int, str] | None) -> None:
            if referred is None:
                return

            def sponsor_picked(sponsor: tuple[int, str] | None) -> None:
                if sponsor is not None:
                    self.save_referral(sponsor, referred)

            self.app.push_screen(
                PickGuest(f"Who referred {referred[1]}?", exclude=[referred[0]]), sponsor_picked
            )

        self.app.push_screen(PickGuest("Which guest was referred?"), referred_picked)

    @work(thread=True, exclusive=True, group="referrals-write", exit_on_error=False)
    def save_referral(self, sponsor: tuple[int, str], referred: tuple[int, str]) -> None:
        from guestbook.services.visits.referrals import record_referral

        try:
            record_referral(self.services, sponsor_id=sponsor[0], referred_id=referred[0])
        except UserError as error:
            self.app.call_from_thread(
                self.notify, f"Not recorded: {error}", title="Referral", severity="error"
            )
            return
        self.app.call_from_thread(
            self.notify, f"{sponsor[1]} referred {referred[1]}: recorded.", title="Referral"
        )
        self.load()
