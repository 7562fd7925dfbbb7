"""Checkout's feedback key (ctrl+o): what a guest of the table thought, asked as they pay, in
person (tui.dialogs.feedback_dialog).

On a known guest's seat it asks that guest. A guest met tonight has no card until the table is
saved, so once it is (the table clears for the next one), ctrl+o asks the guests of the table
just saved, whose response then goes with that visit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.widgets import DataTable

from guestbook.i18n import _
from guestbook.services.checkout import CheckoutSaved
from guestbook.tui.screens.checkout_rewards import CheckoutRewards

if TYPE_CHECKING:
    from guestbook.tui.app import GuestbookApp


@dataclass(frozen=True)
class SavedTable:
    visit_id: int
    guests: list[tuple[int, str]]  # (guest id, name), in the order they sat


class CheckoutFeedback(CheckoutRewards):
    """The checkout screen's feedback key; the checkout screen is one of these."""

    saved_table: SavedTable | None = None

    def remember_table(self, saved: CheckoutSaved) -> None:
        """The table just saved, before it clears: its visit, and everyone at it with the
        number each has now (the new guests' in the order they were seated)."""
        new_ids = iter(saved.new_guest_ids)
        guests = [
            (seat.guest_id if seat.guest_id is not None else next(new_ids), seat.name)
            for seat in self.draft.seats
        ]
        self.saved_table = SavedTable(saved.visit_id, guests)

    def action_feedback(self) -> None:
        if self.draft.seats:
            row = self.query_one("#seats", DataTable).cursor_row
            seat = self.draft.seats[min(max(row, 0), len(self.draft.seats) - 1)]
            if seat.guest_id is None:
                self.notify(
                    _(
                        "{name} is new here: save the table first (ctrl+s), then ctrl+o asks "
                        "the guests of the table saved."
                    ).format(name=seat.name),
                    severity="warning",
                )
                return
            self._ask(seat.guest_id, seat.name, None)
            return
        table = self.saved_table
        if table is None:
            self.notify(_("Seat a guest first: ctrl+o asks the guest in focus."))
            return
        if len(table.guests) == 1:
            self._ask(*table.guests[0], table.visit_id)
            return
        from guestbook.tui.dialogs.feedback_dialog import PickTableGuest

        def picked(guest: tuple[int, str] | None) -> None:
            if guest is not None:
                self._ask(*guest, table.visit_id)

        self.app.push_screen(PickTableGuest(table.guests), picked)

    def _ask(self, guest_id: int, name: str, visit_id: int | None) -> None:
        from guestbook.tui.dialogs.feedback_dialog import ask_feedback

        host = cast("GuestbookApp", self.app).door_staff
        ask_feedback(self, guest_id, name, visit_id=visit_id, staff=host or None)
