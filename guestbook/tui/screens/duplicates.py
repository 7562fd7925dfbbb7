"""The possible duplicates still to look at, all in one list (from Guests, ctrl+g, or the
palette), and the merge picker of a card that offers its flagged duplicates first.

A pair is two guests sharing a phone or an email whose names or birthdays differ (product.md
"Same person"): both were kept and flagged for someone to look at. Here that someone opens the
pair (the older entry's card, which lists the other), merges the newer entry into the older one
after the usual confirmation, or records that they are two people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.guests.duplicates import (
    FlaggedPair,
    OpenPairs,
    not_the_same_person,
    open_possible_duplicates,
)
from guestbook.services.guests.history import LinkedGuest
from guestbook.services.guests.merge import MergePreview, merge_guests
from guestbook.services.guests.merge_plan import merge_preview
from guestbook.tui.failures import ReportsWorkerFailures
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.card_text import flag_reason

SEARCH = "search"  # the picker's last option: look for another guest by name


class DuplicatesScreen(SectionScreen):
    SECTION = "guests"
    DEFAULT_CSS = """
    #duplicates-status { height: 1; padding: 0 1; margin-top: 1; color: $accent; }
    #duplicates-keys { height: auto; padding: 0 1; color: $text-muted; }
    #duplicates-table { height: 1fr; margin: 0 1; }
    """
    BINDINGS = [
        Binding("enter", "open_pair", N_("Open"), id="duplicates.open"),
        Binding("m", "merge", N_("Merge"), id="duplicates.merge"),
        Binding("k", "keep_apart", N_("Two people"), id="duplicates.keep"),
        Binding("escape", "back", N_("Back"), id="duplicates.back"),
    ]

    @dataclass
    class Loaded(Message):
        found: OpenPairs

    @dataclass
    class Previewed(Message):
        preview: MergePreview

    def __init__(self) -> None:
        super().__init__()
        self.pairs: tuple[FlaggedPair, ...] = ()

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading possible duplicates…"), id="duplicates-status")
        keys = _("Enter opens the pair · m merges the second into the first · k: two people")
        yield Static(keys, id="duplicates-keys")
        table: DataTable[str] = DataTable(id="duplicates-table", cursor_type="row")
        table.add_columns(_("Guest"), _("May also be"), _("Flagged"), _("Why"))
        yield table

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#duplicates-table", DataTable)

    def on_screen_resume(self) -> None:
        self.load()  # back from a card: merged or changed there, maybe

    @work(thread=True, exclusive=True, group="duplicates", exit_on_error=False)
    def load(self) -> None:
        self.post_message(self.Loaded(open_possible_duplicates(self.services)))

    def on_duplicates_screen_loaded(self, message: Loaded) -> None:
        found = message.found
        row = self.table.cursor_row
        self.pairs = found.pairs
        self.table.clear()
        for pair in found.pairs:
            self.table.add_row(
                f"{pair.first_name} (#{pair.first_id})",
                f"{pair.second_name} (#{pair.second_id})",
                date_text(pair.found_on, "day_month_year"),
                flag_reason(pair.reason, self.services.settings.phone_region),
                key=str(pair.pair_id),
            )
        if found.pairs:
            self.table.move_cursor(row=min(row, len(found.pairs) - 1))
        self.table.focus()
        self.query_one("#duplicates-status", Static).update(self.status(found))

    @staticmethod
    def status(found: OpenPairs) -> str:
        if not found.total:
            return _("No possible duplicates to look at.")
        text = ngettext(
            "{count} possible duplicate to look at",
            "{count} possible duplicates to look at",
            found.total,
        ).format(count=number(found.total))
        if len(found.pairs) < found.total:
            text = ngettext(
                "{found} (the latest {count} listed)",
                "{found} (the latest {count} listed)",
                len(found.pairs),
            ).format(found=text, count=number(len(found.pairs)))
        return text

    @property
    def current(self) -> FlaggedPair | None:
        row = self.table.cursor_row
        return self.pairs[row] if self.pairs and 0 <= row < len(self.pairs) else None

    # --- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_open_pair(self) -> None:
        """The older entry's card: it lists the other, and its m offers to merge them."""
        if (pair := self.current) is not None:
            self.open_guest(pair.first_id)

    @on(DataTable.RowSelected, "#duplicates-table")
    def selected(self) -> None:
        self.action_open_pair()

    def action_merge(self) -> None:
        if (pair := self.current) is not None:
            self.preview_merge(pair.first_id, pair.second_id)

    @work(thread=True, exclusive=True, group="duplicates-merge", exit_on_error=False)
    def preview_merge(self, keep_id: int, drop_id: int) -> None:
        self.post_message(self.Previewed(merge_preview(self.services, keep_id, drop_id)))

    def on_duplicates_screen_previewed(self, message: Previewed) -> None:
        from guestbook.tui.dialogs.confirm import Confirm

        preview = message.preview

        def answered(yes: bool | None) -> None:
            if yes:
                self.merge(preview.keep_id, preview.drop_id)

        question = _("Merge {drop} into {keep}?")
        self.app.push_screen(
            Confirm(
                question.format(drop=preview.drop_name, keep=preview.keep_name),
                preview.lines(),
                yes=_("Merge"),
                no=_("Keep apart"),
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="duplicates-merge", exit_on_error=False)
    def merge(self, keep_id: int, drop_id: int) -> None:
        done = merge_guests(self.services, keep_id, drop_id)
        merged = _("{drop} merged into {keep}.")
        self.app.call_from_thread(
            self.notify, merged.format(drop=done.drop_name, keep=done.keep_name)
        )
        self.load()

    def action_keep_apart(self) -> None:
        if (pair := self.current) is None:
            return
        from guestbook.tui.dialogs.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                self.keep_apart(pair.pair_id)

        question = _("{first} and {second} are two people?")
        self.app.push_screen(
            Confirm(
                question.format(first=pair.first_name, second=pair.second_name),
                [_("The pair leaves this list and both cards; both guests stay as they are.")],
                yes=_("Two people"),
                no=_("Not sure"),
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="duplicates-merge", exit_on_error=False)
    def keep_apart(self, pair_id: int) -> None:
        not_the_same_person(self.services, pair_id)
        self.load()


class PickFlagged(ReportsWorkerFailures, ModalScreen[int | str | None]):
    """A card's merge picker: its flagged possible duplicates first, then "another guest…".
    Answers the chosen guest's id, SEARCH for a search by name, or None."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="pick_flagged.cancel")]

    def __init__(self, title: str, flagged: Sequence[LinkedGuest], *, region: str) -> None:
        """`region`: the restaurant's, for a shared phone's national form."""
        super().__init__(classes="dialog-screen")
        self.heading = title
        self.flagged = list(flagged)
        self.phone_region = region

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="pick-flagged"):
            yield Label(self.heading, classes="dialog-title")
            yield Static(_("Flagged as possible duplicates of this guest:"), classes="hint")
            line = _("{name} (#{guest_id}) — {why}")
            options = [
                Option(
                    line.format(
                        name=guest.name,
                        guest_id=guest.guest_id,
                        why=flag_reason(guest.note, self.phone_region),
                    ),
                    id=str(guest.guest_id),
                )
                for guest in self.flagged
            ]
            options.append(Option(_("Another guest: search by name, phone or email…"), id=SEARCH))
            yield OptionList(*options, id="pick-flagged-list")
            yield Static(_("Enter picks · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        choices = self.query_one("#pick-flagged-list", OptionList)
        choices.highlighted = 0
        choices.focus()

    @on(OptionList.OptionSelected, "#pick-flagged-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        self.dismiss(SEARCH if choice == SEARCH else int(choice))

    def action_cancel(self) -> None:
        self.dismiss(None)
