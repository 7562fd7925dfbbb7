"""What every section screen shares: header, footer, the app's services, opening a guest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header

from guestbook.services.guest_details import GuestDetails, guest_details
from guestbook.tui.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp


class SectionScreen(Screen[None]):
    """A top-level section. Subclasses yield their body from `compose_body`."""

    SECTION = ""  # the mode name in guestbook.tui.sections

    @dataclass
    class GuestLoaded(Message):
        details: GuestDetails

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        yield Header(icon="☰")
        yield SectionBar(self.SECTION)
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    @work(thread=True, exclusive=True, group="open-guest", exit_on_error=False)
    def open_guest(self, guest_id: int) -> None:
        """Load one guest in a worker, then show them (see on_section_screen_guest_loaded)."""
        services = self.services
        with services.engine.connect() as connection:
            details = guest_details(connection, guest_id, services.clock.today(), services.settings)
        self.post_message(self.GuestLoaded(details))

    def on_section_screen_guest_loaded(self, message: GuestLoaded) -> None:
        from guestbook.tui.dialogs.guest_details import GuestDetailsDialog

        self.app.push_screen(
            GuestDetailsDialog(message.details, self.services.settings.phone_region)
        )
