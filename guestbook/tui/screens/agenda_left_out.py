"""The birthdays the agenda leaves out, by name: who has no phone number, who has not agreed to
be called, so the host can ask at their next visit. Enter opens a guest's card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.agenda.missed import LeftOutGuest, left_out_guests
from guestbook.tui.failures import ReportsWorkerFailures

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp

SHOWN = 1000  # a large group leaves out thousands: the first (soonest birthdays) are listed
MISSING = {  # English, marked: shown through `_`
    "no_phone": N_("no phone number"),
    "no_consent": N_("no consent to be called"),
}


class LeftOutScreen(ReportsWorkerFailures, ModalScreen[None]):
    DEFAULT_CSS = """
    LeftOutScreen .dialog {
        height: 80%;
    }
    #left-out-list {
        height: 1fr;
        margin: 1 0;
    }
    """
    BINDINGS = [
        Binding("escape", "close", N_("Close"), id="left_out.close"),
        Binding("enter", "open_guest", N_("Open guest"), id="left_out.open", show=False),
    ]

    @dataclass
    class Loaded(Message):
        guests: list[LeftOutGuest]

    def __init__(self, days: int, site: str = "") -> None:
        super().__init__(classes="dialog-screen")
        self.days = days
        self.site = site  # a site's agenda: its guests left out
        self.guests: list[LeftOutGuest] = []

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(_("Birthdays left out"), classes="dialog-title")
            yield Static(_("Loading…"), id="left-out-count")
            yield OptionList(id="left-out-list")
            yield Static(
                _(
                    "Ask for what is missing at their next visit. Enter opens the card, Escape closes."
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#left-out-list", OptionList).focus()
        self.load()

    @work(thread=True, exclusive=True, group="left-out", exit_on_error=False)
    def load(self) -> None:
        found = left_out_guests(self.services, days=self.days, site=self.site)
        self.post_message(self.Loaded(found))

    def on_left_out_screen_loaded(self, message: Loaded) -> None:
        self.guests = message.guests
        total = len(message.guests)
        words = ngettext(
            "{count} guest whose birthday call cannot be made (today and the next {days} days)",
            "{count} guests whose birthday calls cannot be made (today and the next {days} days)",
            total,
        ).format(count=number(total), days=self.days)
        if total > SHOWN:
            words = _("{count} — the first {shown} listed").format(count=words, shown=number(SHOWN))
        self.query_one("#left-out-count", Static).update(words)
        listed = self.query_one("#left-out-list", OptionList)
        listed.clear_options()
        shown = self.guests[:SHOWN]
        birthdays = [_birthday(guest) for guest in shown]
        name_width = min(30, max((len(guest.name) for guest in shown), default=0))
        day_width = max((len(day) for day in birthdays), default=0)
        listed.add_options(
            [
                Option(_line(guest, day, name_width, day_width), id=str(index))
                for index, (guest, day) in enumerate(zip(shown, birthdays, strict=True))
            ]
        )
        if self.guests:
            listed.highlighted = 0

    @on(OptionList.OptionSelected, "#left-out-list")
    def action_open_guest(self) -> None:
        listed = self.query_one("#left-out-list", OptionList)
        if listed.highlighted is None or listed.highlighted >= len(self.guests):
            return
        from guestbook.tui.screens.guest_card import GuestCardScreen

        self.app.push_screen(GuestCardScreen(self.guests[listed.highlighted].guest_id))

    def action_close(self) -> None:
        self.dismiss(None)


def _birthday(guest: LeftOutGuest) -> str:
    return _("birthday {day}").format(day=date_text(guest.birthday_on, "weekday"))


def _line(guest: LeftOutGuest, birthday: str, name_width: int, day_width: int) -> Content:
    """'Name  birthday Tue 24 Nov  no phone number', in columns as wide as the list needs."""
    return Content.assemble(
        (f"{guest.name:<{name_width}.{name_width}}", "bold"),
        f"  {birthday:<{day_width}}  ",
        (_(MISSING[guest.missing]), "bold $text-warning"),
    )
