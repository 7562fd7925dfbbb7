"""The retention review (from Guests, ctrl+r, or the palette): the guests with no visit and no
contact for `retention_years`, to erase one by one or all at once after a typed confirmation.

A guest listed here may still matter (a regular who moved away and writes at Christmas): the
owner opens the card (Enter) before deciding, and nothing is erased without the typed word.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Static

from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.rights.retention import InactiveGuest, inactive_guests, retention_cutoff
from guestbook.tui.dialogs.erase_confirm import ask_to_erase, tell_what_remains
from guestbook.tui.screens.base import SectionScreen

# Rows drawn at once: a first review after years of use may list tens of thousands.
SHOWN_ROWS = 2000


class RetentionScreen(SectionScreen):
    SECTION = "guests"
    DEFAULT_CSS = """
    #retention-status { height: auto; padding: 0 1; margin-top: 1; color: $accent; }
    #retention-keys { height: auto; padding: 0 1; color: $text-muted; }
    #retention-table { height: 1fr; margin: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "open_guest", N_("Open"), id="retention.open"),
        Binding("x", "erase_one", N_("Erase"), id="retention.erase"),
        Binding("ctrl+x", "erase_all", N_("Erase them all"), id="retention.erase_all"),
        Binding("escape", "back", N_("Back"), id="retention.back"),
    ]

    @dataclass
    class Loaded(Message):
        guests: list[InactiveGuest]

    def __init__(self) -> None:
        super().__init__()
        self.guests: list[InactiveGuest] = []

    def compose_body(self) -> ComposeResult:
        yield Static(_("Looking for inactive guests…"), id="retention-status")
        keys = _("Enter opens the card · x erases the guest · ctrl+x erases them all")
        yield Static(keys, id="retention-keys")
        table: DataTable[str] = DataTable(id="retention-table", cursor_type="row")
        table.add_columns(_("Guest"), _("Last contact"), _("Last visit"))
        yield table

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#retention-table", DataTable)

    def on_screen_resume(self) -> None:
        self.load()  # back from a card: erased or contacted there, maybe

    @work(thread=True, exclusive=True, group="retention", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(inactive_guests(self.services)))

    def on_retention_screen_loaded(self, message: Loaded) -> None:
        row = self.table.cursor_row
        self.guests = message.guests
        self.table.clear()
        for guest in self.guests[:SHOWN_ROWS]:
            last_visit = guest.last_visit
            self.table.add_row(
                f"{guest.name} (#{guest.id})",
                date_text(guest.last_contact, "day_month_year"),
                date_text(last_visit, "day_month_year") if last_visit else _("never"),
                key=str(guest.id),
            )
        if self.guests:
            self.table.move_cursor(row=min(row, len(self.guests[:SHOWN_ROWS]) - 1))
        self.table.focus()
        self.query_one("#retention-status", Static).update(self.status())

    def status(self) -> str:
        years = self.services.settings.retention_years
        since = date_text(retention_cutoff(self.services.clock.today(), years), "day_month_year")
        count = len(self.guests)
        if not count:
            return ngettext(
                "Nobody without a visit nor a contact for {years} year (since {since}).",
                "Nobody without a visit nor a contact for {years} years (since {since}).",
                years,
            ).format(years=number(years), since=since)
        text = ngettext(
            "{count} guest without a visit nor a contact since {since}: the retention period "
            "(retention_years) is over, erase them or ask for their consent again.",
            "{count} guests without a visit nor a contact since {since}: the retention period "
            "(retention_years) is over, erase them or ask for their consent again.",
            count,
        ).format(count=number(count), since=since)
        if count > SHOWN_ROWS:
            text += " " + _("The first {shown} are listed; ctrl+x erases all {count}.").format(
                shown=number(SHOWN_ROWS), count=number(count)
            )
        return text

    @property
    def current(self) -> InactiveGuest | None:
        row = self.table.cursor_row
        shown = self.guests[:SHOWN_ROWS]
        return shown[row] if shown and 0 <= row < len(shown) else None

    # --- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_open_guest(self) -> None:
        if (guest := self.current) is not None:
            self.open_guest(guest.id)

    @on(DataTable.RowSelected, "#retention-table")
    def selected(self) -> None:
        self.action_open_guest()

    def action_erase_one(self) -> None:
        if (guest := self.current) is None:
            return
        question = _("Erase {name} for good?").format(name=guest.name)
        ask_to_erase(self.app, question, lambda: self.erase([guest.id]))

    def action_erase_all(self) -> None:
        if not self.guests:
            return
        ids = [guest.id for guest in self.guests]
        question = ngettext(
            "Erase {count} inactive guest for good?",
            "Erase these {count} inactive guests for good?",
            len(ids),
        ).format(count=number(len(ids)))
        ask_to_erase(self.app, question, lambda: self.erase(ids))

    @work(thread=True, exclusive=True, group="retention-erase", exit_on_error=False)
    def erase(self, guest_ids: list[int]) -> None:
        def progress(done: int, total: int) -> None:
            said = _("Erasing… {done} of {total}").format(done=number(done), total=number(total))
            self.app.call_from_thread(self.query_one("#retention-status", Static).update, said)

        result = erase_guests(self.services, guest_ids, action="retention", progress=progress)
        erased = len(result.erased)
        self.app.call_from_thread(
            self.notify,
            ngettext("{count} guest erased.", "{count} guests erased.", erased).format(
                count=number(erased)
            ),
        )
        self.app.call_from_thread(tell_what_remains, self.app, result)
        self.load()
