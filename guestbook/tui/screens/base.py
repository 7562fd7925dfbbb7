"""What every section screen shares: header, footer, the app's services and clean errors."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header

if TYPE_CHECKING:
    from guestbook.bootstrap import Services
    from guestbook.tui.app import GuestbookApp


class SectionScreen(Screen[None]):
    """A top-level section. Subclasses yield their body from `compose_body`."""

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        yield Header(icon="☰")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()
