"""Checkout: the host records a table — who sat there, new guests, rewards redeemed — in one go.

Keys are ctrl combinations so they work while typing in a field. Nothing is written until
ctrl+s; on an error nothing is written and every value stays as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Input, Label, Static
from textual.worker import Worker, WorkerState

from guestbook.domain.table_form import Table, TableGuest
from guestbook.errors import DatabaseBusy, FieldErrors, UserError
from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.checkout import (
    CheckoutSaved,
    RewardOwed,
    rewards_owed_at_table,
    save_checkout,
)
from guestbook.tui.dialogs.new_table_guest import NewTableGuest
from guestbook.tui.failures import working
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.checkout_draft import Seat, TableDraft, new_seat

__all__ = ["CheckoutScreen", "Seat"]


class CheckoutScreen(SectionScreen):
    SECTION = "checkout"
    BINDINGS = [
        Binding("ctrl+n", "new_guest", N_("New guest"), id="checkout.new_guest", priority=True),
        Binding("ctrl+f", "find_guest", N_("Known guest"), id="checkout.find_guest", priority=True),
        Binding("ctrl+e", "edit_seat", N_("Edit"), id="checkout.edit", priority=True),
        Binding(
            "ctrl+r", "referred_by", N_("Referred by"), id="checkout.referred_by", priority=True
        ),
        Binding("ctrl+d", "remove_seat", N_("Remove"), id="checkout.remove", priority=True),
        Binding("ctrl+s", "save", N_("Save table"), id="checkout.save", priority=True),
        Binding("ctrl+l", "clear", N_("Clear"), id="checkout.clear", priority=True, show=False),
    ]

    @dataclass
    class RewardsLoaded(Message):
        rewards: list[RewardOwed]

    @dataclass
    class Saved(Message):
        saved: CheckoutSaved
        guests: int

    @dataclass
    class Refused(Message):
        problems: dict[str, str]

    def __init__(self) -> None:
        super().__init__()
        self.draft = TableDraft()
        self.rewards: list[RewardOwed] = []

    def compose_body(self) -> ComposeResult:
        today = self.services.clock.today()
        with Horizontal(id="checkout-form"):
            yield from self._field("date", _("Date"), date_text(today, "numeric"), 16)
            yield from self._field("party", _("Party size"), "", 12)
            yield from self._field("spend", _("Spend (€)"), "", 16)
            yield from self._field("occasion", _("Occasion"), "", 34)
        yield Label(_("At the table"), classes="section-title")
        seats: DataTable[str | Text] = DataTable(id="seats", cursor_type="row")
        seats.add_columns("", _("Guest"), _("Phone"), _("Birthday"), _("Partner"), _("Referred by"))
        yield seats
        yield Label(_("No rewards owed at this table"), classes="section-title", id="rewards-title")
        rewards: DataTable[str | Text] = DataTable(id="rewards", cursor_type="row")
        rewards.add_columns(_("Redeem"), _("Guest"), _("Reward"), _("Valid until"))
        yield rewards
        yield Static("", id="checkout-problems", classes="error")
        yield Static(
            _("ctrl+n new guest · ctrl+f known guest · ctrl+r referred by · ctrl+s save"),
            id="checkout-hint",
            classes="hint",
        )

    def _field(self, key: str, label: str, value: str, width: int) -> ComposeResult:
        with Vertical(classes="checkout-field", id=f"box-{key}") as box:
            box.styles.width = width
            yield Label(label)
            yield Input(value=value, id=f"table-{key}", compact=True)

    def on_mount(self) -> None:
        self.query_one("#table-party", Input).focus()

    # --- seats ------------------------------------------------------------------------

    def refresh_seats(self) -> None:
        table = self.query_one("#seats", DataTable)
        table.clear()
        for index, seat in enumerate(self.draft.seats):
            new = seat.new
            table.add_row(
                Text(_("new"), style="bold") if new else _("known"),
                seat.name,
                new.form.phones if new else "",
                new.form.birthday if new else "",
                self.draft.partner_of(index),
                seat.sponsor[1] if seat.sponsor else "",
                key=str(index),
            )
        party = self.query_one("#table-party", Input)
        if not party.value.strip() or (
            party.value.strip().isdigit() and int(party.value) < len(self.draft.seats)
        ):
            party.value = str(len(self.draft.seats)) if self.draft.seats else ""
        self.load_rewards()

    def _new_seat_names(self, skip: int | None = None) -> list[str]:
        this = _("(this guest)")
        return [s.name if i != skip else this for i, s in enumerate(self.draft.seats)]

    def action_new_guest(self) -> None:
        self.app.push_screen(
            NewTableGuest(
                self.services.settings,
                self.services.clock.today(),
                others_at_table=self._new_seat_names(),
            ),
            self._add_new_guest,
        )

    def _add_new_guest(self, guest: TableGuest | None) -> None:
        if guest is None:
            return
        self.draft.seats.append(new_seat(guest))
        self.refresh_seats()
        self.query_one("#seats", DataTable).move_cursor(row=len(self.draft.seats) - 1)

    def selected_seat(self) -> int | None:
        table = self.query_one("#seats", DataTable)
        if not self.draft.seats:
            return None
        return min(table.cursor_row, len(self.draft.seats) - 1)

    def action_edit_seat(self) -> None:
        index = self.selected_seat()
        if index is None or self.draft.seats[index].new is None:
            self.notify(_("Pick a new guest in the table to edit (known guests: open their card)."))
            return
        seat = self.draft.seats[index]

        def edited(guest: TableGuest | None) -> None:
            if guest is not None:
                seat.new, seat.name = guest, new_seat(guest).name
                self.refresh_seats()

        self.app.push_screen(
            NewTableGuest(
                self.services.settings,
                self.services.clock.today(),
                others_at_table=self._new_seat_names(skip=index),
                existing=seat.new,
            ),
            edited,
        )

    def action_remove_seat(self) -> None:
        index = self.selected_seat()
        if index is None:
            return
        removed = self.draft.remove(index)
        self.notify(_("{name} removed from the table.").format(name=removed.name))
        self.refresh_seats()

    def action_find_guest(self) -> None:
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def picked(guest: tuple[int, str] | None) -> None:
            if guest is None:
                return
            if any(seat.guest_id == guest[0] for seat in self.draft.seats):
                self.notify(_("{name} is already at the table.").format(name=guest[1]))
                return
            self.draft.seats.append(Seat(guest[1], guest_id=guest[0]))
            self.refresh_seats()

        seated = [seat.guest_id for seat in self.draft.seats if seat.guest_id is not None]
        self.app.push_screen(PickGuest(_("Who is at the table?"), exclude=seated), picked)

    def action_referred_by(self) -> None:
        index = self.selected_seat()
        if index is None:
            self.notify(_("Add the guest first, then say who referred them."))
            return
        from guestbook.tui.dialogs.pick_guest import PickGuest

        seat = self.draft.seats[index]

        def picked(sponsor: tuple[int, str] | None) -> None:
            if sponsor is None:
                return
            if sponsor[0] == seat.guest_id:
                self.notify(_("A guest cannot refer themselves."), severity="error")
                return
            seat.sponsor = sponsor
            self.refresh_seats()

        own = [seat.guest_id] if seat.guest_id is not None else []
        question = _("Who referred {name}?").format(name=seat.name)
        self.app.push_screen(PickGuest(question, exclude=own), picked)

    # --- rewards ----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="checkout-rewards", exit_on_error=False)
    def load_rewards(self) -> None:
        ids = [seat.guest_id for seat in self.draft.seats if seat.guest_id is not None]
        rewards = rewards_owed_at_table(self.services, ids)
        self.post_message(self.RewardsLoaded(rewards))

    def on_checkout_screen_rewards_loaded(self, message: RewardsLoaded) -> None:
        self.rewards = message.rewards
        self.draft.redeem &= {reward.reward_id for reward in message.rewards}
        self.show_rewards()
        if message.rewards:
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

    # --- saving -----------------------------------------------------------------------

    def build_table(self) -> Table:
        """The table as typed: the service checks it all when it is saved."""

        def typed(key: str) -> str:
            return self.query_one(f"#table-{key}", Input).value

        return self.draft.table(
            date=typed("date"),
            party_size=typed("party"),
            spend=typed("spend"),
            occasion=typed("occasion"),
        )

    def action_save(self) -> None:
        if working(self, "checkout-save"):
            return  # "Saving…" shows: a second save would record the table twice
        self.query_one("#checkout-problems", Static).update(_("Saving…"))
        self.write_table(self.build_table())

    @work(thread=True, exclusive=True, group="checkout-save", exit_on_error=False)
    def write_table(self, table: Table) -> None:
        try:
            saved = save_checkout(self.services, table)
        except FieldErrors as error:
            self.post_message(self.Refused(error.errors))
            return
        except DatabaseBusy:
            raise  # not the table's fault: the app says so, like any failed work
        except UserError as error:
            self.post_message(self.Refused({"table": str(error)}))
            return
        self.post_message(self.Saved(saved, len(table.guest_ids) + len(table.new_guests)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A save that failed (the app tells the user why) leaves the table as typed, and
        says it was not saved instead of "Saving…"."""
        if event.worker.group == "checkout-save" and event.state is WorkerState.ERROR:
            self.query_one("#checkout-problems", Static).update(
                _("Not saved — nothing was written. The table is kept: save it again.")
            )

    def on_checkout_screen_refused(self, message: Refused) -> None:
        self.show_problems(message.problems)

    def show_problems(self, problems: dict[str, str]) -> None:
        lines = [
            _("{field}: {problem}").format(field=self.draft.where(key), problem=why)
            for key, why in problems.items()
        ]
        self.query_one("#checkout-problems", Static).update(
            "\n".join([_("Not saved — nothing was written:"), *lines])
        )

    def on_checkout_screen_saved(self, message: Saved) -> None:
        saved = message.saved
        guests = message.guests
        who = ngettext("{count} guest", "{count} guests", guests).format(count=number(guests))
        if saved.new_guest_ids:
            new = len(saved.new_guest_ids)
            who = ngettext("{guests}, {count} new", "{guests}, {count} new", new).format(
                guests=who, count=number(new)
            )
        parts = [who]
        if saved.redeemed:
            redeemed = ngettext(
                "{count} reward redeemed", "{count} rewards redeemed", saved.redeemed
            )
            parts.append(redeemed.format(count=number(saved.redeemed)))
        if saved.sponsor_rewards:
            parts.append(
                ngettext(
                    "{count} sponsor reward earned",
                    "{count} sponsor rewards earned",
                    saved.sponsor_rewards,
                ).format(count=number(saved.sponsor_rewards))
            )
        said = _("Table saved: {details}.").format(details=", ".join(parts))
        self.notify(said, title=_("Checkout"))
        self.action_clear()

    def action_clear(self) -> None:
        self.draft = TableDraft()
        self.rewards = []
        for key in ("party", "spend", "occasion"):
            self.query_one(f"#table-{key}", Input).value = ""
        today = self.services.clock.today()
        self.query_one("#table-date", Input).value = date_text(today, "numeric")
        self.query_one("#checkout-problems", Static).update("")
        self.refresh_seats()
        self.query_one("#table-party", Input).focus()
