"""Spreadsheet safety: a cell a spreadsheet would run as a formula gets a leading apostrophe.

The rule lives here once, in Python (XLSX, rejects files) and as an SQLite expression (the CSV
export, where doing it inside SQLite keeps a million rows fast). A test checks both agree.
"""

from __future__ import annotations

import re

# What Excel and LibreOffice read as the start of a formula (tab and CR too: OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Phone numbers aside: '+' then only digits and phone punctuation ('+33612345678, +3369…',
# '+33 6 12 34 56 78') is at worst arithmetic to a spreadsheet, never a call to anything.
_PHONE_LIKE = re.compile(r"\+[0-9][0-9 .()/,+-]*")
_PHONE_LIKE_SQL = "({x} GLOB '+[0-9]*' AND {x} NOT GLOB '*[^0-9 .()/,+-]*')"


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


def neutralise_sql(expression: str) -> str:
    """neutralise() as an SQLite expression over a text column."""
    starts = ", ".join(f"char({ord(char)})" for char in FORMULA_STARTS)
    phone_like = _PHONE_LIKE_SQL.format(x=expression)
    quote = "''''"  # an SQL string holding one apostrophe
    return (
        f"CASE WHEN substr({expression}, 1, 1) IN ({starts}) AND NOT {phone_like} "
        f"THEN {quote} || {expression} ELSE {expression} END"
    )
