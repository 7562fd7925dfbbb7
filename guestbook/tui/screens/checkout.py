"""Checkout: the host records a table — who sat there, new guests, rewards redeemed — in one go.

Keys are ctrl combinations so they work while typing in a field (ctrl+e aside: in a field it
goes to the end of the line, as everywhere; on the table it edits the guest, as Enter does).
Nothing is written until ctrl+s; on an error nothing is written, every value stays as typed,
every problem is listed at once and the first wrong field gets the focus. The host's name, the
witness of the consents recorded, is asked once per session (tui.dialogs.staff_name).
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

from guestbook.domain.guest_form import GuestForm
from guestbook.i18n import N_, _, date_text
from guestbook.services.checkout import known_at_table
from guestbook.tui.dialogs.new_table_guest import DoorAnswer, NewTableGuest
from guestbook.tui.screens.checkout_draft import (
    Seat,
    TableDraft,
    birthday_text,
    new_seat,
    phones_text,
)
from guestbook.tui.screens.checkout_save import CheckoutSaving

__all__ = ["CheckoutScreen", "Seat"]


class CheckoutScreen(CheckoutSaving):
    SECTION = "checkout"
    DEFAULT_CSS = """
    #checkout-form { height: 2; padding: 0 1; margin-top: 1; }
    .checkout-field { height: 2; margin-right: 2; }
    #seats { height: 1fr; min-height: 6; }
    #rewards { height: auto; max-height: 8; }
    /* Right under the fields: the focus goes to the first one named, at 80×24 too. */
    #checkout-problems { padding: 0 1; width: 100%; height: auto; }
    #checkout-hint { padding: 0 1; width: 100%; }
    /* Everyone's allergies at the table, for the kitchen (in the app only: never exported). */
    #table-allergies { padding: 0 1; width: 100%; height: auto; color: $warning; }
    """
    BINDINGS = [
        Binding("ctrl+n", "new_guest", N_("New guest"), id="checkout.new_guest", priority=True),
        Binding("ctrl+f", "find_guest", N_("Known guest"), id="checkout.find_guest", priority=True),
        # Not a priority: in a field, ctrl+e is the end of the line.
        Binding("ctrl+e", "edit_seat", N_("Edit"), id="checkout.edit"),
        Binding(
            "ctrl+r", "referred_by", N_("Referred by"), id="checkout.referred_by", priority=True
        ),
        Binding("ctrl+d", "remove_seat", N_("Remove"), id="checkout.remove", priority=True),
        Binding("ctrl+s", "save", N_("Save table"), id="checkout.save", priority=True),
        Binding("ctrl+o", "feedback", N_("Feedback"), id="checkout.feedback", priority=True),
        Binding("ctrl+l", "clear", N_("Clear"), id="checkout.clear", priority=True, show=False),
        Binding("down", "to_seats", N_("At the table"), id="checkout.to_seats", show=False),
    ]

    @dataclass
    class KnownLoaded(Message):
        cards: dict[int, GuestForm]

    def __init__(self) -> None:
        super().__init__()
        self.draft = TableDraft()
        self.rewards = []
        self.problems: dict[str, str] = {}

    def compose_body(self) -> ComposeResult:
        today = self.services.clock.today()
        with Horizontal(id="checkout-form"):
            yield from self._field("date", _("Date"), date_text(today, "numeric"), 16)
            yield from self._field("party", _("Party size"), "", 12)
            yield from self._field("spend", _("Spend (€)"), "", 16)
            yield from self._field("occasion", _("Occasion"), "", 34)
        yield Static("", id="checkout-problems", classes="error")
        yield Label(_("At the table"), classes="section-title")
        seats: DataTable[str | Text] = DataTable(id="seats", cursor_type="row")
        seats.add_columns("", _("Guest"), _("Phone"), _("Birthday"), _("Partner"), _("Referred by"))
        yield seats
        yield Static("", id="table-allergies")
        yield Label(_("No rewards owed at this table"), classes="section-title", id="rewards-title")
        rewards: DataTable[str | Text] = DataTable(id="rewards", cursor_type="row")
        rewards.add_columns(_("Redeem"), _("Guest"), _("Reward"), _("Valid until"))
        yield rewards
        yield Static("", id="checkout-hint", classes="hint")

    def _field(self, key: str, label: str, value: str, width: int) -> ComposeResult:
        with Vertical(classes="checkout-field", id=f"box-{key}") as box:
            box.styles.width = width
            yield Label(label)
            yield Input(value=value, id=f"table-{key}", compact=True)

    def on_mount(self) -> None:
        self.query_one("#table-party", Input).focus()
        self.query_one("#table-allergies", Static).display = False
        self.show_hint()
        if not self.host:  # asked as the host starts, not while the first guests wait
            self.call_after_refresh(self.ask_host)

    # --- seats ------------------------------------------------------------------------

    def refresh_seats(self) -> None:
        table = self.query_one("#seats", DataTable)
        cursor = table.cursor_row
        table.clear()
        region, today = self.services.settings.phone_region, self.services.clock.today()
        for index, seat in enumerate(self.draft.seats):
            shown = seat.shown
            kind = Text(_("new"), style="bold") if seat.new else _("known")
            phone: str | Text = phones_text(shown.phones, region) if shown else "…"
            birthday: str | Text = birthday_text(shown.birthday, today) if shown else "…"
            if seat.new is None and shown is not None:  # a known guest: ask what is missing
                phone = phone or Text(_("to ask (Enter)"), style="italic")
                birthday = birthday or Text(_("to ask (Enter)"), style="italic")
            partner = self.draft.partner_of(index)
            table.add_row(kind, seat.name, phone, birthday, partner, seat.sponsor_name)
        if self.draft.seats:
            table.move_cursor(row=min(cursor, len(self.draft.seats) - 1))
        self.show_allergies()
        party = self.query_one("#table-party", Input)
        if not party.value.strip() or (
            party.value.strip().isdigit() and int(party.value) < len(self.draft.seats)
        ):
            party.value = str(len(self.draft.seats)) if self.draft.seats else ""
        self.forget_problems(lambda key: key.startswith(("new.", "known.", "guests")))
        self.load_rewards()

    def show_allergies(self) -> None:
        """Everyone's allergies at once, for the kitchen (in the app only: never exported)."""
        line = self.query_one("#table-allergies", Static)
        found = self.draft.allergies()
        line.display = bool(found)
        people = " · ".join(_("{name}: {allergies}").format(name=n, allergies=a) for n, a in found)
        line.update(_("Allergies at this table: {people}").format(people=people))

    def _others(self, skip: int | None = None) -> list[str]:
        this = _("(this guest)")
        return [s.name if i != skip else this for i, s in enumerate(self.draft.seats)]

    def _last_names(self) -> list[str]:
        return [s.new.form.last_name.strip() for s in self.draft.seats if s.new is not None]

    def action_new_guest(self) -> None:
        self.app.push_screen(
            NewTableGuest(
                self.services.settings,
                self.services.clock.today(),
                others_at_table=self._others(),
                last_names=self._last_names(),
            ),
            lambda answer: self.seat_answer(answer, None),
        )

    def seat_answer(self, answer: DoorAnswer | None, index: int | None) -> None:
        """A guest typed in the dialog takes a seat (`index`: the seat they were edited in)."""
        if answer is None:
            return
        if answer.existing is not None:  # someone already here: seated as known
            guest_id, name = answer.existing
            if any(seat.guest_id == guest_id for seat in self.draft.seats):
                self.notify(_("{name} is already at the table.").format(name=name))
            else:
                seat = Seat(name, guest_id=guest_id, details=answer.guest.form)
                self.put_seat(seat, index)
                self.load_known([guest_id])
        else:
            seat = new_seat(answer.guest)
            if index is not None:
                old = self.draft.seats[index]
                seat.sponsor, seat.sponsor_seat = old.sponsor, old.sponsor_seat
            self.put_seat(seat, index)
        if answer.another:
            self.action_new_guest()

    def put_seat(self, seat: Seat, index: int | None) -> None:
        if index is None:
            self.draft.seats.append(seat)
            index = len(self.draft.seats) - 1
        else:
            old = self.draft.seats[index]
            self.draft.seats[index] = seat
            for other in self.draft.seats:
                if other.sponsor_seat is old:
                    other.sponsor_seat = seat
        self.refresh_seats()
        self.query_one("#seats", DataTable).move_cursor(row=index)

    def selected_seat(self) -> int | None:
        table = self.query_one("#seats", DataTable)
        if not self.draft.seats:
            return None
        return min(table.cursor_row, len(self.draft.seats) - 1)

    @on(DataTable.RowSelected, "#seats")
    def seat_chosen(self) -> None:
        self.action_edit_seat()

    def action_to_seats(self) -> None:
        self.query_one("#seats", DataTable).focus()

    def action_edit_seat(self) -> None:
        index = self.selected_seat()
        if index is None:
            self.notify(_("Add a guest first (ctrl+n new, ctrl+f known)."))
            return
        seat = self.draft.seats[index]
        settings, today = self.services.settings, self.services.clock.today()
        if seat.new is not None:
            dialog = NewTableGuest(
                settings,
                today,
                others_at_table=self._others(skip=index),
                existing=seat.new,
                title=_("Edit {name} (at this table)").format(name=seat.name),
            )
            self.app.push_screen(dialog, lambda answer: self.seat_answer(answer, index))
            return
        if seat.known is None:
            self.notify(_("{name}'s card is still loading.").format(name=seat.name))
            return
        from guestbook.tui.dialogs.known_table_guest import KnownTableGuest

        def completed(details: GuestForm | None) -> None:
            if details is not None:
                empty = not (details.phones or details.birthday or details.consent)
                seat.details = None if empty else details
                self.refresh_seats()

        typed = seat.details or GuestForm()
        dialog_known = KnownTableGuest(settings, today, seat.name, seat.known, typed)
        self.app.push_screen(dialog_known, completed)

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
            self.put_seat(Seat(guest[1], guest_id=guest[0]), None)
            self.load_known([guest[0]])

        seated = [seat.guest_id for seat in self.draft.seats if seat.guest_id is not None]
        self.app.push_screen(PickGuest(_("Who is at the table?"), exclude=seated), picked)

    @work(thread=True, group="checkout-known", exit_on_error=False)
    def load_known(self, guest_ids: list[int]) -> None:
        self.post_message(self.KnownLoaded(known_at_table(self.services, guest_ids)))

    def on_checkout_screen_known_loaded(self, message: KnownLoaded) -> None:
        for seat in self.draft.seats:
            if seat.guest_id in message.cards:
                seat.known = message.cards[seat.guest_id]
        self.refresh_seats()

    def action_referred_by(self) -> None:
        from guestbook.tui.dialogs.door_choices import Sponsor, WhoReferred
        from guestbook.tui.dialogs.pick_guest import PickGuest

        index = self.selected_seat()
        if index is None:
            self.notify(_("Add the guest first, then say who referred them."))
            return
        seat = self.draft.seats[index]

        def picked(sponsor: Sponsor | tuple[int, str] | None) -> None:
            if sponsor is None:
                return
            if isinstance(sponsor, int):
                seat.sponsor, seat.sponsor_seat = None, self.draft.seats[sponsor]
            elif sponsor[0] == seat.guest_id:
                self.notify(_("A guest cannot refer themselves."), severity="error")
                return
            else:
                seat.sponsor, seat.sponsor_seat = sponsor, None
            self.refresh_seats()

        own = [seat.guest_id] if seat.guest_id is not None else []
        question = _("Who referred {name}?").format(name=seat.name)
        # A known guest's sponsor is someone known; a new guest's may be met tonight too.
        at_table = [
            (i, other.name)
            for i, other in enumerate(self.draft.seats)
            if i != index and (seat.new is not None or other.guest_id is not None)
        ]
        if at_table:
            self.app.push_screen(WhoReferred(question, at_table, own), picked)
        else:
            self.app.push_screen(PickGuest(question, exclude=own), picked)
