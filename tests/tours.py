"""Walks to every screen state a user can reach, as the keys they would press from the agenda.

One list serves the SVG snapshot tests (tests/snapshots) and the screenshots of the README
(scripts/screenshots.py), so both always show the same states. Pure data: nothing imports
Textual here.
"""

from __future__ import annotations

Keys = tuple[str, ...]

# A table of two new guests at checkout: Hélène (with consent to be called) and Marc, her
# partner, then the spend and the occasion.
_CHECKOUT_TABLE: Keys = (
    "f4",
    "ctrl+n", *"Hélène", "tab", *"Dupont", "tab", *"0612345678", "tab", "tab",
    *"12/03/1970", "tab", "tab", "tab", "space", "ctrl+s",
    "ctrl+n", *"Marc", "tab", *"Dupont", "tab", "tab", "tab", *"5 nov", "tab",
    "enter", "down", "enter", "ctrl+s",
    "tab", *"84,50", "tab", *"anniversaire",
)  # fmt: skip

TOURS: dict[str, Keys] = {
    "agenda": (),
    "agenda-guest-card": ("down", "enter"),
    "help": ("question_mark",),
    "guests": ("f3", "escape"),
    "guests-search": ("f3", *"helene"),
    "guest-card": ("f3", "escape", "enter"),
    "guest-form": ("f3", "escape", "enter", "e"),
    "guest-form-errors": (
        "f3",
        "ctrl+n",
        *"Camille",
        "tab",
        *"Roux",
        "tab",
        *"pas de tel",
        "tab",
        *"camille@roux",
        "tab",
        *"31/02/1980",
        "ctrl+s",
    ),
    "checkout-empty": ("f4",),
    "checkout": _CHECKOUT_TABLE,
    "checkout-new-guest": ("f4", "ctrl+n", *"Camille", "tab", *"Roux", "tab", *"06 12"),
    "checkout-new-guest-error": (
        "f4",
        "ctrl+n",
        *"Camille",
        "tab",
        *"Roux",
        "tab",
        *"pas de tel",
        "tab",
        "tab",
        *"31/02/1980",
        "ctrl+s",
    ),
    "calendar": ("f5",),
    "calendar-selected-day": ("f5", "right", "right", "right"),  # Wed 25 Nov: five birthdays
    "calendar-next-30-days": ("f5", "v"),
    "referrals": ("f6",),
    "ambassadors": ("f6", "a"),
    "export": ("f7",),
    "import": ("f8",),
}
