"""What every section screen shares: header, section bar, footer, the app's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events, on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

from guestbook.i18n import _
from guestbook.tui.failures import ReportsWorkerFailures
from guestbook.tui.widgets.key_bar import KeyBar
from guestbook.tui.widgets.section_bar import SectionBar

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp


class SectionScreen(ReportsWorkerFailures, Screen[None]):
    """A top-level section. Subclasses yield their body from `compose_body`."""

    SECTION = ""  # the mode name in guestbook.tui.sections

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        yield Header(icon="☰")
        yield SectionBar(self.SECTION)
        yield from self.compose_body()
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        yield from ()

    @on(events.Mount)
    def _translate_header_icon(self) -> None:
        """The header's icon opens the palette: its tooltip, English in Textual, in the
        language shown (set after the icon's own mount, which writes Textual's)."""

        def translate() -> None:
            for icon in self.query("HeaderIcon"):  # Textual's, inside Header
                if self.app.ENABLE_COMMAND_PALETTE:
                    icon.tooltip = _("Open the command palette")

        self.call_after_refresh(translate)

    def open_guest(self, guest_id: int) -> None:
        """The guest's card, from wherever the guest appears (it loads itself in a worker)."""
        from guestbook.tui.screens.guest_card import GuestCardScreen

        self.app.push_screen(GuestCardScreen(guest_id))
