"""Pick the country of phone numbers typed without +country: answers its code (FR) or None.

Every region phonenumbers knows, named in the language shown (Babel's names); found by a few
letters of that name or of the English one, accents and case ignored, by its code (BE) or by
its calling code (+32).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.domain.text import fold
from guestbook.i18n import N_, _, language
from guestbook.tui.failures import ReportsWorkerFailures


@dataclass(frozen=True)
class Region:
    code: str  # FR
    name: str  # in the language shown: "Belgique"
    english: str  # "Belgium"
    calling_code: int  # 32

    def line(self) -> str:
        """'Belgique (BE, +32)'."""
        return f"{self.name} ({self.code}, +{self.calling_code})"


def region(code: str, lang: str) -> Region:
    import phonenumbers
    from babel import Locale

    name, english = Locale.parse(lang).territories, Locale.parse("en").territories
    calling_code = phonenumbers.country_code_for_region(code)
    return Region(code, name.get(code, code), english.get(code, code), calling_code)


@functools.cache
def regions(lang: str) -> tuple[Region, ...]:
    """Every region phonenumbers knows, in the order of their names in `lang`."""
    import phonenumbers

    found = [region(code, lang) for code in phonenumbers.SUPPORTED_REGIONS]
    return tuple(sorted(found, key=lambda one: fold(one.name)))


def region_line(code: str) -> str:
    """'France (FR, +33)' for a code, in the language shown."""
    return region(code, language()).line()


def matching(query: str, lang: str) -> list[Region]:
    """The regions `query` names: names starting with it first, then names holding it."""
    words = fold(query)
    if not words:
        return list(regions(lang))
    digits = words.removeprefix("+").replace(" ", "")
    first: list[Region] = []
    then: list[Region] = []
    for region in regions(lang):
        names = (fold(region.name), fold(region.english))
        if words.upper() == region.code or digits == str(region.calling_code):
            first.insert(0, region)  # the exact code, or the calling code, comes first
        elif any(name.startswith(words) for name in names):
            first.append(region)
        elif any(words in name for name in names):
            then.append(region)
    return first + then


class PickRegion(ReportsWorkerFailures, ModalScreen[str | None]):
    DEFAULT_CSS = """
    #pick-region {
        height: 24;
    }
    #region-results {
        height: 1fr;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="pick_region.cancel"),
        Binding("down", "to_results", N_("Results"), id="pick_region.results", show=False),
    ]

    def __init__(self, current: str) -> None:
        super().__init__(classes="dialog-screen")
        self.current = current
        self.shown: list[Region] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="pick-region"):
            yield Label(_("Country of phone numbers"), classes="dialog-title")
            yield Input(placeholder=_("Country, code (BE) or +32"), id="region-query")
            yield OptionList(id="region-results")
            yield Static(_("Enter picks · ↓ to the list · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#region-query", Input).focus()

    @on(Input.Changed, "#region-query")
    def typed(self, event: Input.Changed) -> None:
        self.show(event.value)

    def show(self, query: str) -> None:
        self.shown = matching(query, language())
        results = self.query_one("#region-results", OptionList)
        results.clear_options()
        results.add_options([Option(region.line(), id=region.code) for region in self.shown])
        if self.shown:
            codes = [region.code for region in self.shown]
            at_current = not query and self.current in codes
            results.highlighted = codes.index(self.current) if at_current else 0
            results.scroll_to_highlight()

    @on(Input.Submitted, "#region-query")
    def submitted(self) -> None:
        results = self.query_one("#region-results", OptionList)
        if results.option_count:
            self.pick(results.highlighted or 0)

    @on(OptionList.OptionSelected, "#region-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option_index)

    def pick(self, index: int) -> None:
        self.dismiss(self.shown[index].code)

    def action_to_results(self) -> None:
        self.query_one("#region-results", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
