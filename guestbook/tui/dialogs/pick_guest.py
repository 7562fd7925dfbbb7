"""Find a guest by name, phone or email and pick them: answers (guest id, name) or None.

Used wherever one guest must be chosen: merging, a partner, a sponsor, a guest at the table.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.domain.contact import format_phone
from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.guests.listing import GuestRow
from guestbook.services.guests.search import SearchResult, search_guests
from guestbook.tui.failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp

SHOWN = 50  # a pick list longer than this means: type more


def describe(row: GuestRow, region: str) -> Text:
    """One line that tells two guests with the same name apart."""
    line = Text(f"{row.name:<28.28}", style="bold")
    details = [format_phone(row.phone, region) if row.phone else _("no phone")]
    if row.birthday:
        details.append(_("born {day}").format(day=row.birthday.short()))
    if row.last_visit_on:
        day = date_text(row.last_visit_on, "day_month_year")
        details.append(_("last came {day}").format(day=day))
    line.append("  " + " · ".join(details), style="dim")
    return line


class PickGuest(ReportsWorkerFailures, ModalScreen[tuple[int, str] | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="pick.cancel"),
        Binding("down", "to_results", N_("Results"), id="pick.results", show=False),
    ]

    @dataclass
    class Found(Message):
        sequence: int
        result: SearchResult

    def __init__(self, title: str, *, exclude: Collection[int] = (), query: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.heading = title
        self.exclude = set(exclude)
        self.initial_query = query
        self.sequence = 0  # the latest query typed: older answers are dropped
        self.rows: dict[str, GuestRow] = {}

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="pick-guest"):
            yield Label(self.heading, classes="dialog-title")
            yield Input(
                value=self.initial_query,
                placeholder=_("Name, phone or email"),
                id="pick-query",
            )
            yield Static(_("Type a few letters of a name, or digits of a phone."), id="pick-status")
            yield OptionList(id="pick-results")
            yield Static(_("Enter picks · ↓ to the list · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        if self.initial_query:
            self.find(self.initial_query, self.sequence)

    @on(Input.Changed, "#pick-query")
    def typed(self, event: Input.Changed) -> None:
        self.sequence += 1
        if event.value.strip():
            self.find(event.value, self.sequence)
        else:
            self.query_one("#pick-results", OptionList).clear_options()

    @work(thread=True, exclusive=True, group="pick-guest", exit_on_error=False)
    def find(self, query: str, sequence: int) -> None:
        result = search_guests(self.services, query, limit=SHOWN + len(self.exclude))
        self.post_message(self.Found(sequence, result))

    def on_pick_guest_found(self, message: Found) -> None:
        if message.sequence != self.sequence:
            return  # typed on since: a newer search is on its way
        region = self.services.settings.phone_region
        result = message.result
        candidates = [row for row in result.rows if row.guest_id not in self.exclude]
        total = result.total - (len(result.rows) - len(candidates))  # the excluded never count
        rows = candidates[:SHOWN]
        self.rows = {str(row.guest_id): row for row in rows}
        results = self.query_one("#pick-results", OptionList)
        results.clear_options()
        results.add_options([Option(describe(row, region), id=str(row.guest_id)) for row in rows])
        if rows:
            results.highlighted = 0
        status = result._replace(total=total).total_text  # the search's own wording
        if len(rows) < total or result.capped:
            status = ngettext(
                "{found}, showing {count}: type more to narrow",
                "{found}, showing {count}: type more to narrow",
                len(rows),
            ).format(found=status, count=number(len(rows)))
        self.query_one("#pick-status", Static).update(status)

    @on(Input.Submitted, "#pick-query")
    def submitted(self) -> None:
        results = self.query_one("#pick-results", OptionList)
        if results.option_count:
            self.pick(results.highlighted or 0)

    @on(OptionList.OptionSelected, "#pick-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option_index)

    def pick(self, index: int) -> None:
        option = self.query_one("#pick-results", OptionList).get_option_at_index(index)
        row = self.rows.get(option.id or "")
        if row is not None:
            self.dismiss((row.guest_id, row.name))

    def action_to_results(self) -> None:
        self.query_one("#pick-results", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
