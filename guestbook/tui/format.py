"""Small display helpers shared by screens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from guestbook.domain.dates import DateError


def euros(cents: int) -> str:
    whole, rest = divmod(cents, 100)
    return f"{whole:,}.{rest:02d} €".replace(",", " ")


def date_problem(read: Callable[[str, dt.date], dt.date], text: str, today: dt.date) -> str | None:
    """What is wrong with a typed date, as one of domain.dates' readers sees it, or None."""
    try:
        read(text, today)
    except DateError as error:
        return str(error)
    return None
