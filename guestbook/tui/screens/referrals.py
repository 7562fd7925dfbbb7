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
from guestbook.i18n import N_, _, date_text, money, ngettext, number
from guestbook.services.visits.report import (
    Ambassador,
    LedgerRow,
    ReferralTotals,
    referral_overview,
)
from guestbook.tui.screens.base import SectionScreen

STATE_WORDS = {  # the reward's state, stored → in words (English, marked: shown through `_`)
    "owed": N_("owed"),
    "redeemed": N_("redeemed"),
    "expired": N_("expired"),
    "not_yet": N_("not yet valid"),
    "none yet": N_("— (no visit yet)"),
    "void": N_("void (sponsor erased)"),
}


def _state_words(state: str) -> str:
    return _(STATE_WORDS[state]) if state in STATE_WORDS else state


class ReferralsScreen(SectionScreen):
    SECTION = "referrals"
    BINDINGS = [
        Binding("l", "show_tab('ledger')", N_("Ledger"), id="referrals.ledger"),
        Binding("a", "show_tab('ambassadors')", N_("Ambassadors"), id="referrals.ambassadors"),
        Binding("n", "record", N_("New referral"), id="referrals.new"),
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
        yield Static(_("Loading referrals…"), id="referrals-summary")
        with TabbedContent(initial="ledger", id="referral-tabs"):
            with TabPane(_("Ledger"), id="ledger"):
                table: DataTable[str | Text] = DataTable(id="ledger-table", cursor_type="row")
                table.add_columns(
                    _("Recorded"),
                    _("Sponsor"),
                    _("→ Brought"),
                    _("First visit"),
                    _("Visits"),
                    _("Spend"),
                    _("Reward"),
                )
                yield table
            with TabPane(_("Ambassadors"), id="ambassadors"):
                best: DataTable[str | Text] = DataTable(id="ambassadors-table", cursor_type="row")
                best.add_columns(
                    "#",
                    _("Sponsor"),
                    _("Came"),
                    _("Brought"),
                    _("Their spend"),
                    _("Friends' friends"),
                )
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
                date_text(row.recorded_on, "day_month_year"),
                row.sponsor,
                row.referred,
                date_text(row.first_visit_on, "day_month_year")
                if row.first_visit_on
                else _("not yet"),
                Text(number(row.visits), justify="right"),
                Text(money(row.spend_cents), justify="right"),
                _state_words(row.reward_state),
                key=str(row.referral_id),
            )
        best = self.query_one("#ambassadors-table", DataTable)
        best.clear()
        for rank, ambassador in enumerate(message.ambassadors, start=1):
            best.add_row(
                number(rank),
                ambassador.name,
                Text(number(ambassador.referred_who_came), justify="right"),
                Text(number(ambassador.referred_total), justify="right"),
                Text(money(ambassador.spend_cents), justify="right"),
                Text(number(ambassador.second_level), justify="right"),
                key=str(ambassador.guest_id),
            )
        totals = message.totals
        top = message.ambassadors[0].name if message.ambassadors else _("nobody yet")
        referrals = ngettext("{count} referral", "{count} referrals", totals.referrals)
        referrals = referrals.format(count=number(totals.referrals))
        listed = len(message.ledger)
        if listed < totals.referrals:
            referrals = ngettext(
                "{referrals} (the latest {count} listed)",
                "{referrals} (the latest {count} listed)",
                listed,
            ).format(referrals=referrals, count=number(listed))
        came = ngettext(
            "{referrals}, {count} of the friends came",
            "{referrals}, {count} of the friends came",
            totals.came,
        ).format(referrals=referrals, count=number(totals.came))
        owed = ngettext(
            "{count} sponsor reward owed",
            "{count} sponsor rewards owed",
            totals.sponsor_rewards_owed,
        ).format(count=number(totals.sponsor_rewards_owed))
        best_one = _("top ambassador: {name}").format(name=top)
        self.query_one("#referrals-summary", Static).update(f"{came} · {owed} · {best_one}")

    def action_show_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.query_one(f"#{tab}-table" if tab == "ambassadors" else "#ledger-table").focus()

    @on(DataTable.RowSelected, "#ledger-table")
    def open_sponsor_from_ledger(self, event: DataTable.RowSelected) -> None:
        if event.cursor_row >= len(self.ledger_rows):
            return
        row = self.ledger_rows[event.cursor_row]
        if row.sponsor_erased:  # still in the ledger, but nothing personal is left
            self.notify(_("This guest was erased: there is no card to open."))
            return
        self.open_guest(row.sponsor_id)

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

            # Not hidden from the list: picked, the rule refuses them naming them (hidden, they
            # were "No match", as if they did not exist).
            self.app.push_screen(
                PickGuest(_("Who referred {name}?").format(name=referred[1])), sponsor_picked
            )

        self.app.push_screen(PickGuest(_("Which guest was referred?")), referred_picked)

    @work(thread=True, exclusive=True, group="referrals-write", exit_on_error=False)
    def save_referral(self, sponsor: tuple[int, str], referred: tuple[int, str]) -> None:
        from guestbook.services.visits.referrals import record_referral

        try:
            record_referral(self.services, sponsor_id=sponsor[0], referred_id=referred[0])
        except UserError as error:
            self.app.call_from_thread(
                self.notify,
                _("Not recorded: {error}").format(error=error),
                title=_("Referral"),
                severity="error",
            )
            return
        recorded = _("{sponsor} referred {referred}: recorded.").format(
            sponsor=sponsor[1], referred=referred[1]
        )
        self.app.call_from_thread(self.notify, recorded, title=_("Referral"))
        self.load()
