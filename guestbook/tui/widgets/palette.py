"""Textual's command palette with every word it shows in the language shown."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from guestbook.i18n import _
from guestbook.tui.failures import ReportsWorkerFailures


class TranslatedPalette(ReportsWorkerFailures, CommandPalette):
    """The palette, whose "No matches found" Textual writes as an English literal.

    This replaces the private countdown of the pinned Textual version (the same steps, the
    words translated); tests/tui/test_palette.py fails if an upgrade changes them."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        if not search_value or self._no_matches_timer is None:
            return  # discovery mode: Textual shows nothing, so nothing to translate
        self._no_matches_timer.stop()

        def show_no_matches() -> None:
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(_("No matches found"), style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
