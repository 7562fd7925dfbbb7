"""Demo data: the text SQLAlchemy stores in SQLite for dates and timestamps, from lookup
tables."""

from __future__ import annotations

import datetime as dt
import functools

from guestbook.demo.records import DAY


@functools.cache
def time_texts() -> list[str]:
    """' HH:MM:SS.000000' for every second of a day (built once: ~40 ms)."""
    return [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY)]


class Texts:
    """SQLAlchemy's SQLite text for dates ('YYYY-MM-DD') and timestamps ('YYYY-MM-DD
    HH:MM:SS.ffffff'), from lookup tables: formatting millions of datetimes costs seconds."""

    def __init__(self, first_day: int, end_day: int) -> None:
        """Days from `first_day` up to, not including, `end_day` are looked up; day() still
        formats any other date, just slower."""
        self.first_day = first_day
        self.days = [dt.date.fromordinal(n).isoformat() for n in range(first_day, end_day)]
        self.times = time_texts()

    def day(self, ordinal: int) -> str:
        index = ordinal - self.first_day
        if 0 <= index < len(self.days):
            return self.days[index]
        return dt.date.fromordinal(ordinal).isoformat()

    def stamp(self, stamp: int) -> str:
        return self.day(stamp // DAY) + self.times[stamp % DAY]

    def maybe_day(self, ordinal: int | None) -> str | None:
        return None if ordinal is None else self.day(ordinal)

    def maybe_stamp(self, stamp: int | None) -> str | None:
        return None if stamp is None else self.stamp(stamp)
