"""The key descriptions of Textual's own widgets, marked so that the catalogue has them in French.

Textual defines BINDINGS with English descriptions in its widgets (Input, DataTable, OptionList,
Select, Checkbox, Button, Tabs, scrolling containers…), in the screens and in the app. The help
screen (guestbook.tui.screens.help) and the key bar (guestbook.tui.widgets.key_bar) list the
bindings of whatever has the focus, and show each description through `_`: these English
descriptions are the msgids, so they must be extracted into the catalogue like our own. Nothing
imports this tuple: it exists for the extraction (and for a reader checking what is covered).

The list is Textual's (textual/app.py, screen.py, containers.py and widgets/_*.py BINDINGS) for
the widgets this app uses; after upgrading Textual, compare it with theirs.
"""

from __future__ import annotations

from guestbook.i18n import N_

TEXTUAL_KEY_DESCRIPTIONS: tuple[str, ...] = (
    # App: ctrl+q, and the command palette's key the app adds (ctrl+p)
    N_("Quit"),
    N_("palette"),
    # Screen
    N_("Focus Next"),
    N_("Focus Previous"),
    N_("Copy selected text"),
    # ScrollableContainer (VerticalScroll, and ScrollView under GuestTable)
    N_("Scroll Up"),
    N_("Scroll Down"),
    N_("Scroll Left"),
    N_("Scroll Right"),
    N_("Scroll Home"),
    N_("Scroll End"),
    N_("Page Up"),
    N_("Page Down"),
    N_("Page Left"),
    N_("Page Right"),
    # Input
    N_("Move cursor left"),
    N_("Move cursor left and select"),
    N_("Move cursor left a word"),
    N_("Move cursor left a word and select"),
    N_("Move cursor right or accept the completion suggestion"),
    N_("Move cursor right and select"),
    N_("Move cursor right a word"),
    N_("Move cursor right a word and select"),
    N_("Delete character left"),
    N_("Select all"),
    N_("Go to start"),
    N_("Go to end"),
    N_("Select line start"),
    N_("Select line end"),
    N_("Delete character right"),
    N_("Submit"),
    N_("Delete left to start of word"),
    N_("Delete all to the left"),
    N_("Delete right to start of word"),
    N_("Delete all to the right"),
    N_("Cut selected text"),
    # "Copy selected text": Screen's, above
    N_("Paste text from the clipboard"),
    # DataTable
    N_("Select"),
    N_("Cursor up"),
    N_("Cursor down"),
    N_("Cursor right"),
    N_("Cursor left"),
    N_("Page up"),
    N_("Page down"),
    N_("Top"),
    N_("Bottom"),
    N_("Home"),
    N_("End"),
    # OptionList (and Select's menu, an OptionList); "Select", "Page Up", "Page Down" above
    N_("Down"),
    N_("Last"),
    N_("First"),
    N_("Up"),
    # Select, and its menu (SelectOverlay)
    N_("Show menu"),
    N_("Dismiss menu"),
    # Checkbox (a ToggleButton)
    N_("Toggle"),
    # Button
    N_("Press button"),
    # Tabs (TabbedContent's)
    N_("Previous tab"),
    N_("Next tab"),
)
