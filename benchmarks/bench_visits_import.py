"""Visits from the till at scale (issue 17): 100,000 tickets against the 100,000-guest demo.

    python benchmarks/run.py --sizes 100000 --repeat 1 --only import-visits

On a copy of the demo database (an import changes it), a till's export of `guests` tickets
(at most 100,000): numbered, dated over the last year day first, amounts with a comma, the
guest named by phone (written the French way), by email or by name, a few by a phone no guest
has (rejected). Target: importing them in 15 s or less at 100,000 guests. The floor is a plain
sqlite3.executemany of the same visits and seats, nothing read, checked or matched (rolled
back). Importing the same file again (every ticket already imported) and undoing the import
are timed beside it.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import shutil
import sqlite3
import tempfile
import time
from pathlib import Path

from benchmarks.common import TODAY
from benchmarks.results import Result

TARGET_SECONDS = 15.0
HEADER = ["Date", "N° ticket", "Couverts", "Montant TTC", "Téléphone", "Email", "Client"]


def _french(e164: str) -> str:
    """'+33612345678' as the till writes it: '06 12 34 56 78' (others left international)."""
    if e164.startswith("+33") and len(e164) == 12:
        national = "0" + e164[3:]
        return " ".join(national[i : i + 2] for i in range(0, 10, 2))
    return e164


def _guests(db: Path) -> list[tuple[str, str, str, str, bool]]:
    """(first, last, phone, email, has a name no one else has) of every guest."""
    connection = sqlite3.connect(db)
    try:
        return [
            (first, last, phone or "", email or "", bool(alone))
            for first, last, phone, email, alone in connection.execute(
                "SELECT first_name, last_name, primary_phone, primary_email, "
                "(SELECT count(*) FROM guest o WHERE o.name_key = g.name_key) = 1 "
                "FROM guest g WHERE erased_at IS NULL ORDER BY id"
            )
        ]
    finally:
        connection.close()


def write_tickets(db: Path, path: Path, count: int) -> None:
    rng = random.Random(17)
    guests = _guests(db)
    with path.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for number in range(count):
            first, last, phone, email, alone = rng.choice(guests)
            day = TODAY - dt.timedelta(days=rng.randint(0, 364))
            party = rng.choice([1, 2, 2, 2, 3, 4, 4, 6])
            amount = f"{party * rng.randint(1800, 6500) // 100},{rng.randint(0, 99):02d}"
            by = rng.random()
            who = ["", "", ""]
            if by < 0.02:
                who[0] = f"07 99 {number % 100:02d} {number // 100 % 100:02d} 00"  # no one's
            elif by < 0.65 and phone:
                who[0] = _french(phone)
            elif by < 0.9 and email:
                who[1] = email
            elif alone or not (phone or email):
                who[2] = f"{first} {last}"  # a namesake's makes it rejected: say which one
            else:
                who[0] = _french(phone) if phone else ""
                who[1] = email
            writer.writerow([day.strftime("%d/%m/%Y"), 100_000 + number, party, amount, *who])


def _floor(db: Path, count: int) -> float:
    """The same number of visits and seats straight into the tables, rolled back."""
    rng = random.Random(17)
    connection = sqlite3.connect(db)
    try:
        (top_visit,), (top_seat,) = (
            connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()
            for table in ("visit", "visit_guest")
        )
        visits = [
            (top_visit + n + 1, "2026-06-01", 2, rng.randint(1000, 9000), "", "", "2026-11-22", "")
            for n in range(count)
        ]
        seats = [(top_seat + n + 1, top_visit + n + 1, n % 1000 + 1) for n in range(count)]
        started = time.perf_counter()
        connection.executemany(
            "INSERT INTO visit (id, visited_on, party_size, spend_cents, occasion, note,"
            " created_at, site) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            visits,
        )
        connection.executemany(
            "INSERT INTO visit_guest (id, visit_id, guest_id) VALUES (?, ?, ?)", seats
        )
        seconds = time.perf_counter() - started
        connection.rollback()
        return seconds
    finally:
        connection.close()


def import_visits_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For benchmarks/run.py: once (an import changes the database; `repeat` copies of a
    large one would cost minutes of disk)."""
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.services.visits_import.importer import import_visits
    from guestbook.services.visits_import.undo import undo_last_visits_import
    from guestbook.settings import Settings

    del repeat
    count = min(guests, 100_000)
    with tempfile.TemporaryDirectory(dir=db.parent) as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        source = Path(folder) / "till.csv"
        write_tickets(copy, source, count)
        services = make_services(copy, FixedClock(TODAY), Settings(), staff="bench")
        try:  # opening it upgraded the copy: nothing of that is timed
            started = time.perf_counter()
            result = import_visits(services, source, rejects_path=Path(folder) / "rejects.csv")
            seconds = time.perf_counter() - started
            started = time.perf_counter()
            again = import_visits(services, source, rejects_path=Path(folder) / "rejects.csv")
            seconds_again = time.perf_counter() - started
            started = time.perf_counter()
            undone = undo_last_visits_import(services)  # the second: it recorded nothing
            undone = undo_last_visits_import(services)
            seconds_undo = time.perf_counter() - started
        finally:
            services.close()
        floor = _floor(copy, count)
    notes = [
        f"{result.recorded:,} recorded, {result.already:,} already imported, "
        f"{result.rejected:,} rejected, for {result.guests:,} guests",
        f"the same file again: {seconds_again:.2f} s ({again.already:,} already imported)",
        f"undo: {seconds_undo:.2f} s ({undone.visits:,} visits, {undone.guests:,} guests' "
        "summaries recomputed)",
    ]
    return [
        Result(
            f"visits import of {count:,} tickets",
            guests,
            seconds,
            floor,
            f"≤ {TARGET_SECONDS:.0f} s at 100k",
            seconds <= TARGET_SECONDS if count == 100_000 else None,
            notes=notes,
        )
    ]


SUITE = {"import-visits": import_visits_operation}
