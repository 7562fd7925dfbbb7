"""Sections whose own tools are still to come show the real figures they already can."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from guestbook.services.overview import Overview, overview
from guestbook.tui.screens.base import SectionScreen


class SummaryScreen(SectionScreen):
    """A section showing a few figures from the database, loaded in a worker."""

    HEADING = ""
    COMING = ""

    @dataclass
    class Loaded(Message):
        figures: Overview

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="summary"):
            yield Static(self.HEADING, classes="summary-heading")
            yield Static("Counting…", id="figures", classes="figures")
            yield Static(self.COMING, classes="coming")

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def load(self) -> None:
        figures = overview(self.services.sessions, self.services.clock.today())
        self.post_message(self.Loaded(figures))

    def on_summary_screen_loaded(self, message: Loaded) -> None:
        lines = "\n".join(
            f"{value:>10,}  {label}" for label, value in self.figures(message.figures)
        )
        self.query_one("#figures", Static).update(lines)

    def figures(self, o: Overview) -> list[tuple[str, int]]:
        raise NotImplementedError


class GuestsScreen(SummaryScreen):
    SECTION = "guests"
    HEADING = "Guests"
    COMING = "Search, the guest list and the guest card are on their way."

    def figures(self, o: Overview) -> list[tuple[str, int]]:
        return [
            ("guests", o.guests),
            ("with a birthday", o.with_birthday),
            ("with a phone", o.with_phone),
            ("may be called", o.callable),
        ]
