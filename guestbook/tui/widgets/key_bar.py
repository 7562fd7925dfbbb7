"""The keys of the current screen, on one line at the bottom: Textual's footer, drawn as text.

Textual's Footer mounts one widget per key, and this app shows a dozen keys on most screens:
laying those out was a quarter of the time to the first painted agenda. One line of text
looks the same, follows the same bindings (focus changes, disabled actions) and still runs a
key when clicked. Key descriptions are English (marked with N_ where the bindings are defined,
guestbook.tui.textual_words for Textual's own): translated here, where they are drawn.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from guestbook.i18n import _

KEPT_ACTIONS = ("app.help", "help")  # shown however narrow the bar (with the palette's key)
Entry = tuple[str, str, str, bool]  # key, how it is shown, what it does, whether it works now


def _rank(of_app: bool, of_screen: bool, binding: Binding) -> int:
    """When the keys do not all fit, those of the highest rank go first: the app's own
    (quit: the palette has it), then a focused widget's, then the screen's; a key that works
    even while typing (a priority binding: the screen's main actions) goes last."""
    if of_app:
        return 3
    if binding.priority:
        return 0
    return 1 if of_screen else 2


def _entry_width(_key: str, display: str, description: str, _enabled: bool, compact: bool) -> int:
    """The cells one key takes in the bar (as KeyBar._append writes it)."""
    width = cell_len(f" {display}" if compact else f" {display} ")
    if description:
        width += cell_len(f" {description}" if compact else f"{description} ")
    return width


class KeyBar(Widget):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        # Where each key was drawn on the last render: (first column, past the last, key).
        self._spans: list[tuple[int, int, str]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.refresh()

    def render(self) -> Text:
        shown: dict[str, tuple[str, str, str, bool]] = {}  # action → key, display, text, on
        ranks: dict[str, int] = {}  # action → the higher, the sooner it goes when short of room
        palette = None
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            description = _(binding.description) if binding.description else ""
            entry = (binding.key, self.app.get_key_display(binding), description, enabled)
            if binding.action in ("app.command_palette", "command_palette"):
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
                ranks[binding.action] = _rank(node is self.app, node is self.screen, binding)
        if palette is not None and not self.app.ENABLE_COMMAND_PALETTE:
            palette = None
        entries = list(shown.items())
        compact = self._width(entries, palette, compact=False) > self.size.width
        if compact:
            entries = self._fitting(entries, ranks, palette)
        left = Text(no_wrap=True, overflow="ellipsis")
        spans = [self._append(left, *entry, compact=compact) for _action, entry in entries]
        if palette is not None:
            # Docked right, as in Textual's footer.
            right = Text("│", style=self.get_component_rich_style("key-bar--description"))
            span = self._append(right, *palette, compact=compact)
            gap = max(self.size.width - left.cell_len - right.cell_len, 1)
            offset = left.cell_len + gap
            left.append(" " * gap)
            left.append_text(right)
            spans.append((span[0] + offset, span[1] + offset, span[2]))
        self._spans = spans
        return left

    def _fitting(
        self,
        entries: list[tuple[str, Entry]],
        ranks: dict[str, int],
        palette: Entry | None,
    ) -> list[tuple[str, Entry]]:
        """The keys that fit the bar's width (drawn compact) beside the palette. Keys go in
        the order of their rank (_rank), each group from its last key; never Help."""
        kept = list(entries)
        droppable = [action for action, _entry in kept if action not in KEPT_ACTIONS]
        droppable.sort(key=lambda action: ranks[action])  # stable: in its group, in order
        while self._width(kept, palette, compact=True) > self.size.width and droppable:
            last = droppable.pop()
            kept = [(action, entry) for action, entry in kept if action != last]
        return kept

    @staticmethod
    def _width(entries: list[tuple[str, Entry]], palette: Entry | None, compact: bool) -> int:
        """The cells the bar takes with these keys (as _append writes them)."""
        width = sum(_entry_width(*entry, compact=compact) for _action, entry in entries)
        if palette is not None:  # a space at least, the bar, the palette's key
            width += 2 + _entry_width(*palette, compact=compact)
        return width

    def _append(
        self,
        text: Text,
        key: str,
        display: str,
        description: str,
        enabled: bool,
        *,
        compact: bool = False,
    ) -> tuple[int, int, str]:
        """Add one key to `text`; returns the columns it takes and the key. Compact: one
        space before the key and none around it."""
        dim = Style(dim=not enabled)
        start = text.cell_len
        shown = f" {display}" if compact else f" {display} "
        text.append(shown, self.get_component_rich_style("key-bar--key") + dim)
        if description:
            words = f" {description}" if compact else f"{description} "
            text.append(words, self.get_component_rich_style("key-bar--description") + dim)
        return start, text.cell_len, key

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
