"""The Guests section: search as you type, or scroll the whole list, then open a guest's card.

Search first: the input has the focus and every keystroke starts a search in a worker. Results
carry the sequence number of the query they answer, so a slow answer to "hel" never replaces
the answer to "helene". With nothing typed, the table is the whole list, a window of pages
loaded as the cursor moves (services.guests.listing): a million guests cost a few pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from guestbook.i18n import N_, _, ngettext, number
from guestbook.services.guests.listing import (
    PAGE_SIZE,
    GuestRow,
    Page,
    SortOrder,
    load_page,
    open_list,
)
from guestbook.services.guests.search import SearchResult, search_guests
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.sections import SECTIONS
from guestbook.tui.widgets.guest_table import GuestTable

# English, marked: shown through `_`.
ORDER_WORDS = {SortOrder.NAME: N_("by name"), SortOrder.LAST_VISIT: N_("by last visit")}
# Typed on the list, these keep their meaning (sections, help, search); any other character
# starts a search with it.
KEYS_OF_THE_LIST = frozenset({*(section.key for section in SECTIONS), "?", "/"})


class GuestsScreen(SectionScreen):
    SECTION = "guests"
    BINDINGS = [
        # Commands are ctrl keys: a letter typed anywhere on this screen goes to the search.
        Binding("ctrl+n", "new_guest", N_("New guest"), id="guests.new"),
        Binding("ctrl+o", "toggle_sort", N_("Sort"), id="guests.sort"),
        Binding("ctrl+g", "duplicates", N_("Duplicates"), id="guests.duplicates"),
        Binding("ctrl+r", "retention", N_("Retention review"), id="guests.retention"),
        Binding("slash", "focus_search", N_("Search"), id="guests.search", key_display="/"),
        Binding("escape", "clear_search", N_("Clear search / list"), show=False, id="guests.clear"),
        Binding("down", "to_table", N_("To the list"), show=False, id="guests.to_list"),
    ]

    @dataclass
    class ListLoaded(Message):
        order: SortOrder
        total: int
        page: Page
        cursor: int

    @dataclass
    class PageLoaded(Message):
        generation: int
        page: Page

    @dataclass
    class Searched(Message):
        sequence: int
        result: SearchResult

    def __init__(self) -> None:
        super().__init__()
        self.order = SortOrder.NAME  # the order asked for
        self.shown_order = SortOrder.NAME  # the order of the list on screen (and its pages)
        self.sequence = 0  # the latest query typed
        self.searching = ""  # the query whose results are shown ("" for the whole list)
        self.total = 0

    def compose_body(self) -> ComposeResult:
        yield Input(placeholder=_("Search: name, phone or email"), id="guest-search")
        yield Static(_("Loading guests…"), id="guest-status")
        yield GuestTable(self.services.settings.phone_region, id="guest-table")

    @property
    def table(self) -> GuestTable:
        return self.query_one("#guest-table", GuestTable)

    def on_mount(self) -> None:
        self.query_one("#guest-search", Input).focus()

    def on_screen_resume(self) -> None:
        # Back from a card (maybe edited, merged or new): show the same place, fresh.
        if self.searching:
            self.sequence += 1
            self.search(self.searching, self.sequence)
        else:
            self.load_list(self.order, self.table.current, self.table.cursor)

    # --- the whole list ---------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="guest-list", exit_on_error=False)
    def load_list(self, order: SortOrder, near: GuestRow | None, position: int = 0) -> None:
        """Count the list and load the page holding `near` (or `position`), in `order`."""
        opened = open_list(self.services, order, near=near, position=position, size=PAGE_SIZE)
        self.post_message(self.ListLoaded(order, opened.total, opened.page, opened.position))

    def on_guests_screen_list_loaded(self, message: ListLoaded) -> None:
        typed = self.query_one("#guest-search", Input).value.strip()
        if typed or message.order is not self.order:
            return  # the host has typed a search, or changed the order, since
        self.total, self.shown_order = message.total, message.order
        self.table.reset(message.total, PAGE_SIZE, [message.page], message.cursor)
        self.show_status()

    @on(GuestTable.PageWanted)
    def page_wanted(self, message: GuestTable.PageWanted) -> None:
        if not self.searching:
            wanted = (message.generation, message.number, message.neighbours)
            self.load_more(*wanted, self.shown_order, self.total)

    @work(thread=True, exclusive=True, group="guest-pages", exit_on_error=False)
    def load_more(
        self,
        generation: int,
        number: int,
        neighbours: tuple[Page, ...],
        order: SortOrder,
        total: int,
    ) -> None:
        """One more page of the list on screen (its order and length, as the table knows it)."""
        page = load_page(
            self.services, order, number, total=total, neighbours=neighbours, size=PAGE_SIZE
        )
        self.post_message(self.PageLoaded(generation, page))

    def on_guests_screen_page_loaded(self, message: PageLoaded) -> None:
        self.table.store(message.generation, message.page)

    def action_toggle_sort(self) -> None:
        self.order = SortOrder.LAST_VISIT if self.order is SortOrder.NAME else SortOrder.NAME
        if self.searching:
            order = _(ORDER_WORDS[self.order])
            self.notify(
                _("The list is sorted {order} once the search is cleared.").format(order=order)
            )
            return
        # A new order starts at its top (the latest visits first): keeping the cursor on the
        # same guest left the owner at row 44,240 of the new order, looking at nothing new.
        self.load_list(self.order, None)

    # --- search -------------------------------------------------------------------------------

    @on(Input.Changed, "#guest-search")
    def typed(self, event: Input.Changed) -> None:
        self.sequence += 1
        if event.value.strip():
            self.search(event.value, self.sequence)
        elif self.searching:
            self.searching = ""
            self.load_list(self.order, None)

    @work(thread=True, exclusive=True, group="guest-search", exit_on_error=False)
    def search(self, query: str, sequence: int) -> None:
        result = search_guests(self.services, query)
        self.post_message(self.Searched(sequence, result))

    def on_guests_screen_searched(self, message: Searched) -> None:
        if message.sequence != self.sequence:
            return  # an answer to an older query: a newer one is on its way
        result = message.result
        self.searching = result.query
        rows = result.rows
        self.table.reset(len(rows), max(len(rows), 1), [Page(self.order, 0, 0, rows)])
        self.show_status(result)

    @on(Input.Submitted, "#guest-search")
    def to_results(self) -> None:
        if self.table.total == 1 and self.searching:
            self.table.action_select()  # one match: Enter opens it straight away
        else:
            self.table.focus()

    def on_key(self, event: events.Key) -> None:
        """A character typed on the list goes to the search box, as if typed there: "Type
        and the matches appear as you type", wherever the focus is (digits still switch
        sections from the list, ? is help)."""
        search = self.query_one("#guest-search", Input)
        character = event.character
        if search.has_focus or not event.is_printable or character is None:
            return
        if character in KEYS_OF_THE_LIST or character.isspace():
            return
        event.stop()
        event.prevent_default()
        self.set_focus(search)  # at once: the keys typed next go to the search box
        search.call_later(self.type_into, search, character)  # after its focus event

    @staticmethod
    def type_into(search: Input, character: str) -> None:
        """Add the character at the end of the search (focusing selected what was there)."""
        search.cursor_position = len(search.value)
        search.insert_text_at_cursor(character)

    def action_to_table(self) -> None:
        self.table.focus()  # the table's own ↓ moves its cursor once it has the focus

    def action_focus_search(self) -> None:
        self.query_one("#guest-search", Input).focus()

    def action_clear_search(self) -> None:
        """Escape: clears the search, then goes to the list (where 1-5 switch sections)."""
        search = self.query_one("#guest-search", Input)
        if search.value:
            search.value = ""
            search.focus()
        elif search.has_focus:
            self.table.focus()
        else:
            search.focus()

    # --- status and opening -------------------------------------------------------------------

    @on(GuestTable.Moved)
    def moved(self) -> None:
        if not self.searching:
            self.show_status()

    def show_status(self, result: SearchResult | None = None) -> None:
        status = self.query_one("#guest-status", Static)
        if result is not None:
            found = _("{matches} for “{query}”").format(
                matches=result.total_text, query=result.query
            )
            if result.capped:
                shown = len(result.rows)
                found = ngettext(
                    "{found}, showing the first {count}",
                    "{found}, showing the first {count}",
                    shown,
                ).format(found=found, count=number(shown))
            if result.rows:
                status.update(_("{found} — Enter or ↓ to the results").format(found=found))
            else:
                status.update(_("{found} — ctrl+n adds a new guest").format(found=found))
            return
        if not self.total:
            status.update(_("No guests yet — ctrl+n adds one, or import your old list."))
            return
        position = ngettext(
            "{position} of {count} guest", "{position} of {count} guests", self.total
        ).format(position=number(self.table.cursor + 1), count=number(self.total))
        if self.order is SortOrder.NAME:
            other = _("ctrl+o to sort by last visit")
        else:
            other = _("ctrl+o to sort by name")
        status.update(f"{position} · {_(ORDER_WORDS[self.order])} · {other}")

    @on(GuestTable.Chosen)
    def chosen(self, message: GuestTable.Chosen) -> None:
        self.open_card(message.row.guest_id)

    def open_card(self, guest_id: int) -> None:
        from guestbook.tui.screens.guest_card import GuestCardScreen

        self.app.push_screen(GuestCardScreen(guest_id))

    def action_duplicates(self) -> None:
        from guestbook.tui.screens.duplicates import DuplicatesScreen

        self.app.push_screen(DuplicatesScreen())

    def action_retention(self) -> None:
        from guestbook.tui.screens.retention import RetentionScreen

        self.app.push_screen(RetentionScreen())

    def action_new_guest(self) -> None:
        from guestbook.tui.dialogs.guest_form import FormOutcome, GuestFormDialog

        def done(outcome: FormOutcome | None) -> None:
            if outcome is not None:
                self.open_card(outcome.guest_id)

        self.app.push_screen(GuestFormDialog(None), done)
