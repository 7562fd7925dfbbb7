"""Spreadsheet safety: a cell a spreadsheet would run as a formula gets a leading apostrophe.

The rule lives here once; the CSV export applies it inside SQLite (storage.sqlite.export derives
its expression from FORMULA_STARTS), and a test checks both agree. Phone numbers are exempt in
phone columns only: '+1+1' in a name is a formula like any other.
"""

from __future__ import annotations

import re

# What Excel and LibreOffice read as the start of a formula (tab and CR too: OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# In a phone column: '+' then only digits and phone punctuation ('+33612345678, +3369…',
# '+33 6 12 34 56 78') is at worst arithmetic to a spreadsheet, never a call to anything.
_PHONE_LIKE = re.compile(r"\+[0-9][0-9 .()/,+-]*")


def neutralise(text: str, *, phone: bool = False) -> str:
    """'=HYPERLINK(…)' → "'=HYPERLINK(…)", '+1+1' → "'+1+1"; anything else unchanged, and in
    a phone column (`phone`), phone numbers too."""
    if text and text[0] in FORMULA_STARTS and not (phone and _PHONE_LIKE.fullmatch(text)):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo neutralise() on a cell read back from a file guestbook (or a careful tool) wrote."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
