"""Small display helpers shared by screens (amounts: guestbook.i18n.money)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

from rich.cells import cell_len

from guestbook.domain.dates import DateError
from guestbook.i18n import DateStyle, Language, date_text, language


def date_problem(read: Callable[[str, dt.date], dt.date], text: str, today: dt.date) -> str | None:
    """What is wrong with a typed date, as one of domain.dates' readers sees it, or None."""
    try:
        read(text, today)
    except DateError as error:
        return str(error)
    return None


def date_width(style: DateStyle = "day_month_year") -> int:
    """The cells the longest date of `style` takes in the current language ("28 Jan 2026" 11,
    "28 sept. 2026" 13): a column of dates is made that wide, so no date is cut."""
    return _date_width(language(), style)


@functools.cache
def _date_width(_language: Language, style: DateStyle) -> int:
    # The language is part of the key: a switch never keeps the other language's width.
    return max(cell_len(date_text(dt.date(2026, month, 28), style)) for month in range(1, 13))
