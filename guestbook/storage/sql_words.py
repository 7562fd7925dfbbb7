"""The words of a statement that SQLite and PostgreSQL spell differently (issue 19).

guestbook's statements are written once. Where the two engines need other words for the same
meaning, the statement asks for them here by the connection's dialect, so each rule keeps one
statement:

- SQLite's scalar max() and min() are PostgreSQL's greatest() and least();
- SQLite adds days to a date with date(d, '+N days'), PostgreSQL with d + N;
- SQLite stores booleans as 0 and 1 and its partial indexes are used only when a query repeats
  their WHERE word for word (`consent_call = 1`); PostgreSQL's booleans compare to no integer;
- SQLite's total() is a sum that is 0.0 over no rows; PostgreSQL has coalesce(sum(x), 0);
- `INDEXED BY` pins SQLite to an index; PostgreSQL has no hints and needs none here;
- a text range read through an index (search's prefixes) must compare bytes on PostgreSQL too,
  whatever collation the server's database was made with;
- SQLite counts a condition as 0 or 1 (`total(x > 0)`, `n + (a > b)`); PostgreSQL's booleans are
  no numbers: count(*) FILTER and a CAST say the same;
- SQLite's date(t, 'localtime') is the day of a stored UTC moment in the process's time zone;
  PostgreSQL says `(t AT TIME ZONE zone)::date`, the zone named from this process (local_zone)
  and given to each session as it connects (setting `guestbook.zone`: the statements' text,
  made once, does not depend on it);
- a moment as sortable text: SQLite's stored text is; PostgreSQL formats its timestamptz.
- a DATE read into a row that keeps SQLite's ISO text (a guest list's row): PostgreSQL formats
  its date.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection

from guestbook.storage.dialects import POSTGRESQL, SQLITE


@dataclass(frozen=True)
class Words:
    dialect: str

    @property
    def postgresql(self) -> bool:
        return self.dialect == POSTGRESQL

    def greatest(self, *values: str) -> str:
        return f"{'greatest' if self.postgresql else 'max'}({', '.join(values)})"

    def least(self, *values: str) -> str:
        return f"{'least' if self.postgresql else 'min'}({', '.join(values)})"

    def plus_days(self, date: str, days: str) -> str:
        """The date `days` (an integer expression) after the date `date`."""
        if self.postgresql:
            return f"(({date}) + ({days}))"
        return f"date({date}, '+' || ({days}) || ' days')"

    def true(self, column: str) -> str:
        """`column` (a boolean) is true, in the words SQLite's partial indexes repeat."""
        return column if self.postgresql else f"{column} = 1"

    def total(self, value: str) -> str:
        return f"coalesce(sum({value}), 0)" if self.postgresql else f"total({value})"

    def indexed_by(self, index: str) -> str:
        return "" if self.postgresql else f"INDEXED BY {index}"

    def flag(self, condition: str) -> str:
        """1 when `condition` holds, else 0 (NULL when it is unknown)."""
        return f"CAST(({condition}) AS INTEGER)" if self.postgresql else f"({condition})"

    def count_if(self, condition: str) -> str:
        """How many rows of the group meet `condition` (0 over none), as a number."""
        if self.postgresql:
            return f"count(*) FILTER (WHERE {condition})"
        return f"total({condition})"

    def local_date(self, moment: str) -> str:
        """The day, in this process's time zone, of the stored UTC moment `moment`."""
        if self.postgresql:
            return f"(({moment}) AT TIME ZONE current_setting('{ZONE_SETTING}'))::date"
        return f"date({moment}, 'localtime')"

    def sortable_moment(self, moment: str) -> str:
        """A stored moment as text that sorts as the moments do (microseconds included)."""
        if self.postgresql:
            return f"to_char(({moment}) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
        return moment

    def padded(self, number: str, width: int) -> str:
        """A non-negative integer as text of `width` digits, zeros in front."""
        if self.postgresql:
            return f"lpad(CAST(({number}) AS TEXT), {int(width)}, '0')"
        return f"printf('%0{int(width)}d', {number})"

    def iso_date(self, date: str) -> str:
        """A DATE as SQLite hands it back, 'YYYY-MM-DD' text (psycopg would give a date)."""
        return f"to_char({date}, 'YYYY-MM-DD')" if self.postgresql else date

    def days_after(self, date: str, days: int) -> str:
        """The date `days` (a constant, maybe negative) after `date`, a date or its ISO text
        (a bound value too, whose type PostgreSQL could not guess in `? + 1`)."""
        if self.postgresql:
            return f"(CAST({date} AS DATE) + {int(days)})"
        return f"date({date}, '{int(days):+d} {'day' if abs(days) == 1 else 'days'}')"

    def bytewise(self, column: str) -> str:
        """`column` compared byte by byte (SQLite's only order for text)."""
        return f'{column} COLLATE "C"' if self.postgresql else column


# The session setting that holds this process's time zone (storage.postgresql.engine sets it).
ZONE_SETTING = "guestbook.zone"


@functools.cache
def local_zone() -> str:
    """This process's time zone as PostgreSQL names it, so that the server's local days are
    those SQLite's 'localtime' gives here: TZ when it names a zone, else the zone the system's
    /etc/localtime links to, else today's offset from UTC (then a change of summer time in the
    period read shifts a day's edge by an hour)."""
    named = os.environ.get("TZ", "").lstrip(":")
    if "/" in named or named == "UTC":
        return named
    try:
        link = str(Path("/etc/localtime").resolve())
    except OSError:
        link = ""
    if "zoneinfo/" in link:
        return link.split("zoneinfo/", 1)[1]
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    # PostgreSQL reads a bare offset the POSIX way, east of Greenwich negative: Paris in
    # winter, an hour ahead of UTC, is '-01:00'.
    return f"{'-' if minutes >= 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


SQLITE_WORDS = Words(SQLITE)
POSTGRESQL_WORDS = Words(POSTGRESQL)


def words(connection: Connection) -> Words:
    """The words of `connection`'s engine."""
    return POSTGRESQL_WORDS if connection.dialect.name == POSTGRESQL else SQLITE_WORDS
