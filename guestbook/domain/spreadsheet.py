"""Spreadsheet safety: a cell a spreadsheet would run as a formula gets a leading apostrophe.

The rule lives here once; the CSV export applies it inside SQLite (storage.sqlite.export derives
its expression from FORMULA_STARTS and PHONE_LIKE_GLOBS), and a test checks both agree.
"""

from __future__ import annotations

import re

# What Excel and LibreOffice read as the start of a formula (tab and CR too: OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Phone numbers aside: '+' then only digits and phone punctuation ('+33612345678, +3369…',
# '+33 6 12 34 56 78') is at worst arithmetic to a spreadsheet, never a call to anything.
_PHONE_LIKE = re.compile(r"\+[0-9][0-9 .()/,+-]*")
# The same as two glob patterns: starts with '+' and a digit, holds nothing outside the set.
PHONE_LIKE_GLOBS = ("+[0-9]*", "*[^0-9 .()/,+-]*")


def neutralise(text: str) -> str:
    """'=HYPERLINK(…)' → "'=HYPERLINK(…)"; anything else, and phone numbers, unchanged."""
    if text and text[0] in FORMULA_STARTS and not _PHONE_LIKE.fullmatch(text):
        return "'" + text
    return text


def unneutralise(text: str) -> str:
    """Undo neutralise() on a cell read back from a file guestbook (or a careful tool) wrote."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text
