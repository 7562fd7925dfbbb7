"""The keys of the current screen, on one line at the bottom: Textual's footer, drawn as text.

Textual's Footer mounts one widget per key, and this app shows a dozen keys on most screens:
laying those out was a quarter of the time to the first painted agenda. One line of text
looks the same, follows the same bindings (focus changes, disabled actions) and still runs a
key when clicked. Key descriptions are English (marked with N_ where the bindings are defined,
guestbook.tui.textual_words for Textual's own): translated here, where they are drawn.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from guestbook.i18n import _


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
        palette = None
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            description = _(binding.description) if binding.description else ""
            entry = (binding.key, self.app.get_key_display(binding), description, enabled)
            if binding.action in ("app.command_palette", "command_palette"):
                palette = entry
            elif binding.show and binding.action not in shown:
                shown[binding.action] = entry
        left = Text(no_wrap=True, overflow="ellipsis")
        spans = [self._append(left, *entry) for entry in shown.values()]
        if palette is not None and self.app.ENABLE_COMMAND_PALETTE:
            # Docked right, as in Textual's footer, when there is room for it.
            right = Text("│", style=self.get_component_rich_style("key-bar--description"))
            span = self._append(right, *palette)
            gap = self.size.width - left.cell_len - right.cell_len
            if gap > 0:
                offset = left.cell_len + gap
                left.append(" " * gap)
                left.append_text(right)
                spans.append((span[0] + offset, span[1] + offset, span[2]))
        self._spans = spans
        return left

    def _append(
        self, text: Text, key: str, display: str, description: str, enabled: bool
    ) -> tuple[int, int, str]:
        """Add one key to `text`; returns the columns it takes and the key."""
        dim = Style(dim=not enabled)
        start = text.cell_len
        text.append(f" {display} ", self.get_component_rich_style("key-bar--key") + dim)
        if description:
            text.append(
                f"{description} ", self.get_component_rich_style("key-bar--description") + dim
            )
        return start, text.cell_len, key

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                self.app.simulate_key(key)
                return
