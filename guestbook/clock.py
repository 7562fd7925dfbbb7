"""One source of "today" for the whole app, so `--today` makes every screen reproducible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    def today(self) -> dt.date: ...

    def now(self) -> dt.datetime:
        """A timezone-aware UTC timestamp."""
        ...


class SystemClock:
    def today(self) -> dt.date:
        # The restaurant's local date: the machine's local time zone.
        return dt.datetime.now().astimezone().date()

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class FixedClock:
    """Pretends today is `day`; the time of day still moves so attempts keep their order."""

    day: dt.date

    def today(self) -> dt.date:
        return self.day

    def now(self) -> dt.datetime:
        # Today's date at the real local time of day, so the attempt's local date is `day`.
        local = dt.datetime.now().astimezone()
        return dt.datetime.combine(self.day, local.timetz()).astimezone(dt.UTC)


def parse_today(text: str) -> dt.date:
    """Parse a `--today` value; raises ValueError with a message a user can act on."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"--today expects a date as YYYY-MM-DD, got {text!r}") from None


def make_clock(today: dt.date | None) -> Clock:
    return FixedClock(today) if today is not None else SystemClock()
