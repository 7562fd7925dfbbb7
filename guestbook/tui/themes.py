"""The app's two themes: Textual's dark and light ones, every text colour made readable.

Every colour the app draws text in reads against every background it is drawn on: a contrast
ratio of at least 4.5:1 (WCAG 2, tests/tui/test_contrast.py computes it from these variables).
Textual's light theme drew orange headings on light grey (about 1.5:1); its dark one drew the
cursor row's text on a bright blue (3.8:1).
"""

from __future__ import annotations

from textual.color import Color
from textual.theme import Theme

DARK = Theme(
    name="guestbook-dark",
    # Textual's dark theme, but for the two colours noted.
    primary="#0178D4",
    secondary="#004578",
    accent="#ffa62b",
    warning="#ffa62b",
    error="#B63B59",  # Textual's #BA3C5B a touch deeper: white text reads on it
    success="#4EBF71",
    foreground="#e0e0e0",
    dark=True,
    # White text on the cursor's blue and on the main buttons' (Textual's is 87% white).
    variables={"block-cursor-foreground": "#FFFFFF", "button-color-foreground": "#FFFFFF"},
)

LIGHT = Theme(
    name="guestbook-light",
    # Textual's light greys; the colours that write text darker, to read on them.
    primary="#004578",
    secondary="#0178D4",
    accent="#8A4500",
    warning="#8A4500",
    error="#A3213F",
    success="#1E6B35",
    background="#E0E0E0",
    surface="#D8D8D8",
    panel="#D0D0D0",
    foreground="#111111",  # (Textual's #1F1F1F: dimmed, it was 4.4:1 in the header)
    dark=False,
    variables={
        "footer-key-foreground": "#00508C",
        "text-muted": "auto 70%",
        "block-cursor-foreground": "#FFFFFF",
    },
)

THEMES = (DARK, LIGHT)

# WCAG 2's minimum contrast for text (success criterion 1.4.3, level AA).
MINIMUM_CONTRAST = 4.5


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(color: Color) -> float:
    """WCAG 2's relative luminance of an opaque colour: 0 for black, 1 for white."""
    return 0.2126 * _linear(color.r) + 0.7152 * _linear(color.g) + 0.0722 * _linear(color.b)


def contrast_ratio(text: Color, background: Color) -> float:
    """WCAG 2's contrast ratio, from 1 (the same colour) to 21 (black on white). A text
    colour with some transparency is taken as drawn on the background."""
    text = background + text
    lighter, darker = sorted(
        (relative_luminance(text), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)
