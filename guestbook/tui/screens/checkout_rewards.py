"""Checkout's rewards: what the guests at the table are owed, shown as soon as they sit down,
redeemed with one key (Enter on a reward). The part of the checkout screen that reads them."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.message import Message
from textual.widgets import DataTable, Label

from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.checkout import RewardOwed, rewards_owed_at_table
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.checkout_draft import TableDraft


class CheckoutRewards(SectionScreen):
    """The rewards owed at the table; the checkout screen is one of these."""

    draft: TableDraft
    rewards: list[RewardOwed]

    @dataclass
    class RewardsLoaded(Message):
        rewards: list[RewardOwed]

    @work(thread=True, exclusive=True, group="checkout-rewards", exit_on_error=False)
    def load_rewards(self) -> None:
        ids = [seat.guest_id for seat in self.draft.seats if seat.guest_id is not None]
        rewards = rewards_owed_at_table(self.services, ids)
        self.post_message(self.RewardsLoaded(rewards))

    def on_checkout_rewards_rewards_loaded(self, message: RewardsLoaded) -> None:
        known_before = {reward.reward_id for reward in self.rewards}
        self.rewards = message.rewards
        self.draft.redeem &= {reward.reward_id for reward in message.rewards}
        self.show_rewards()
        if {reward.reward_id for reward in message.rewards} - known_before:
            count = len(message.rewards)
            self.notify(
                ngettext(
                    "{count} reward owed at this table — see below.",
                    "{count} rewards owed at this table — see below.",
                    count,
                ).format(count=number(count)),
                title=_("Rewards owed"),
            )

    def show_rewards(self) -> None:
        title = self.query_one("#rewards-title", Label)
        if self.rewards:
            chosen = len(self.draft.redeem)
            owed = number(len(self.rewards))
            if chosen:
                title.update(
                    _(
                        "Rewards owed at this table: {count} — enter on one redeems it "
                        "({chosen} to redeem)"
                    ).format(count=owed, chosen=number(chosen))
                )
            else:
                title.update(
                    _("Rewards owed at this table: {count} — enter on one redeems it").format(
                        count=owed
                    )
                )
        else:
            title.update(_("No rewards owed at this table"))
        table = self.query_one("#rewards", DataTable)
        cursor = table.cursor_row
        table.clear()
        for reward in self.rewards:
            chosen = reward.reward_id in self.draft.redeem
            table.add_row(
                Text("[x]" if chosen else "[ ]", style="bold" if chosen else ""),
                reward.guest_name,
                Text(reward.label, style="bold"),
                date_text(reward.valid_to, "day_month_year"),
                key=str(reward.reward_id),
            )
        if self.rewards:
            table.move_cursor(row=min(cursor, len(self.rewards) - 1))

    @on(DataTable.RowSelected, "#rewards")
    def toggle_redeem(self, event: DataTable.RowSelected) -> None:
        reward_id = int(str(event.row_key.value))
        self.draft.redeem ^= {reward_id}
        self.show_rewards()
