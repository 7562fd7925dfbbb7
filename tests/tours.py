"""Walks to every screen state a user can reach, as the keys they would press from the agenda.

One list serves the SVG snapshot tests (tests/snapshots) and the screenshots of the README
(scripts/screenshots.py), so both always show the same states. Pure data: nothing imports
Textual here.
"""

from __future__ import annotations

Keys = tuple[str, ...]

# A table of two new guests at checkout: Hélène (she agrees to be called: y) and Marc, her
# partner (his family name suggested from the table: →; not asked about calls: Enter), then
# the spend and the occasion.
_CHECKOUT_TABLE: Keys = (
    "f4",
    "ctrl+n", *"Hélène", "enter", *"Dupont", "enter", *"0612345678", "enter", "y",
    *"12/03/1970", "ctrl+n",
    *"Marc", "enter", "D", "right", "enter", "enter", "enter", *"5 nov",
    *("tab",) * 6, "enter", "down", "enter", "ctrl+s",
    "tab", *"84,50", "tab", *"anniversaire",
)  # fmt: skip
# The new-guest dialog with its consent answered three ways: calls yes, texts no, the rest
# not asked.
_CHECKOUT_CONSENT: Keys = (
    "f4", "ctrl+n", *"Camille", "enter", *"Roux", "enter", *"0612345678", "enter", "y",
    *"12/03", "tab", "tab", "tab", "n",
)  # fmt: skip

# The settings: the restaurant's name emptied and "sept" lead days, then ctrl+s.
_SETTINGS_ERRORS: Keys = (
    "f9", "end", "ctrl+u", "tab", "tab", "tab", "end", "ctrl+u", *"sept", "ctrl+s",
)  # fmt: skip

# A message of news to everyone, previewed for guest 1: from the purpose, ten tabs to
# "everyone", then the subject and the text; the focus ends in the guest's number (a text box
# whose cursor does not blink in tests, where the text's would).
_MESSAGE: Keys = (
    "7", "n", *("tab",) * 10, "space", "tab", *"Le menu de Noël", "tab",
    *"Bonjour {first_name}, votre dernière visite date du {last_visit}.",
    "tab", "tab", "1",
)  # fmt: skip

TOURS: dict[str, Keys] = {
    "agenda": (),
    "agenda-guest-card": ("down", "enter"),
    "agenda-birthdays": ("f",),  # the birthday calls only
    "agenda-missed": ("end",),  # the calls missed in the last days, at the end
    "agenda-left-out": ("l",),  # the birthdays left out, by name
    "help": ("question_mark",),
    "guests": ("f3", "escape"),
    "guests-search": ("f3", *"helene"),
    "guest-card": ("f3", "escape", "enter"),
    "guest-form": ("f3", "escape", "enter", "e"),
    "possible-duplicates": ("f3", "ctrl+g"),
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
    "checkout-consent": _CHECKOUT_CONSENT,
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
    "reports": ("6",),  # the twelve months ending 22 November 2026 beside the year before
    "reports-charts": ("6", "c"),  # visits per week, return rate and value at risk per month
    "report-guests": ("6", "down", "down", "enter"),  # the guests behind a figure
    "feedback": ("f3", "escape", "enter", "s"),  # a guest's feedback, from their card
    "export": ("f7",),
    "import": ("f8",),
    "settings": ("f9",),
    "settings-errors": _SETTINGS_ERRORS,
    "settings-region": ("f9", "tab", "tab", "enter", *"bel"),
    "audit": ("f12",),
    "messages": ("7",),  # none yet in the demo: how to write the first one
    "message-compose": _MESSAGE,
    "message-plan": (*_MESSAGE, "ctrl+s"),  # the guests left out, by name
    "message-plan-reached": (*_MESSAGE, "ctrl+s", "t"),  # the first one's message
    "message-send": (*_MESSAGE, "ctrl+s", "s"),  # the question: how many, by which channel
}

# A group of restaurants (issue 19): the demo over three sites (`guestbook demo --sites`), seen
# from the terminal of the first. Each state's site line says which guests it shows.
GROUP_SITES = ("Bastille", "Marais", "Oberkampf")
GROUP_TOURS: dict[str, Keys] = {
    "group-agenda": (),  # this site's calls: "Bastille (a: whole group)"
    "group-agenda-whole-group": ("a",),  # every site's
    "group-reports": ("6",),  # this site's visits and guests
    "group-reports-whole-group": ("6", "a"),
}
