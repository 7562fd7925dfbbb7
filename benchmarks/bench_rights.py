"""Data rights at scale (issue 18): the retention review and erasing 10,000 inactive guests.

    python benchmarks/run.py --sizes 1000000 --repeat 1 --only erase

On a copy of the demo database (an erasure changes it), one guest in a hundred is made
inactive (recorded, last seen and last asked for consent five years ago, no call reached
since): the retention review lists them, then `erase_guests` erases them all in one
transaction, the write-ahead log emptied after, as the app and `forget --inactive` do. Target:
erasing 10,000 inactive guests of a 1,000,000-guest database in 60 s or less.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import TODAY
from benchmarks.results import Result

ERASE_TARGET_SECONDS = 60.0
LONG_AGO = "2021-06-01 10:00:00.000000"


def _make_some_inactive(db: Path) -> None:
    """One guest in a hundred last seen five years before TODAY (their later visits and calls
    are left in the visit tables: the review reads the guest's summary, as the app keeps it)."""
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.execute(
                "UPDATE guest SET created_at = ?, last_visit_on = '2021-06-01' WHERE id % 100 = 0",
                (LONG_AGO,),
            )
            connection.execute(
                "UPDATE consent_event SET at = ? WHERE guest_id % 100 = 0", (LONG_AGO,)
            )
            connection.execute(
                "UPDATE call_attempt SET at = ? WHERE guest_id % 100 = 0", (LONG_AGO,)
            )
    finally:
        connection.close()


def erase_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For benchmarks/run.py: the review's listing and the erasure of what it lists, once
    (an erasure cannot be run twice on the same guests; `repeat` copies would cost minutes
    of disk at a million)."""
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.services.rights.erasure import erase_guests
    from guestbook.services.rights.retention import inactive_guests
    from guestbook.settings import Settings

    del repeat
    with tempfile.TemporaryDirectory(dir=db.parent) as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        _make_some_inactive(copy)
        services = make_services(copy, FixedClock(TODAY), Settings(), staff="bench")
        try:
            started = time.perf_counter()
            found = inactive_guests(services)
            listed = time.perf_counter() - started
            started = time.perf_counter()
            result = erase_guests(services, [guest.id for guest in found], action="retention")
            erased = time.perf_counter() - started
        finally:
            services.close()
    count = len(result.erased)
    big = guests >= 1_000_000
    return [
        Result(
            f"retention review: list the inactive ({len(found):,} found)",
            guests,
            listed,
            None,
            "—",
            None,
        ),
        Result(
            f"erase the inactive ({count:,} guests, one transaction, log emptied)",
            guests,
            erased,
            None,
            f"≤ {ERASE_TARGET_SECONDS:.0f} s for 10,000 at 1M",
            erased <= ERASE_TARGET_SECONDS if big else None,
            notes=[] if result.wal_emptied else ["the write-ahead log could not be emptied"],
        ),
    ]


SUITE = {"erase": erase_operation}
