"""Import and export at scale, each against a plain sqlite3 floor measured in the same run.

    python benchmarks/bench_exchange.py                      # 100,000 guests and rows
    python benchmarks/bench_exchange.py --guests 1000000     # the export target's size
    python benchmarks/bench_exchange.py --guests 2000 --rows 2000 --repeat 1   # smoke run

Targets (issue 7):
- CSV export of N guests within 1.5x of a plain sqlite3 + csv.writer dump of the same columns;
  memory flat (peak RSS is printed).
- Importing 100,000 rows in under 15 s, validation included. Its floor, a plain
  sqlite3.executemany of the same rows with no checking at all, is printed for scale.
Targets (issue 14):
- XLSX and iCalendar exports of 100,000 guests each within 3x the CSV export of the same run
  (the floor of their rows in run.py's table). The vCard export is timed beside them, with what
  telling mobile numbers costs (export_vcard.is_mobile against phonenumbers.number_type).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import TODAY, demo_db, timed
from benchmarks.results import Result

if TYPE_CHECKING:
    from guestbook.services.importing.importer import ImportResult

EXPORT_RATIO_TARGET = 1.5
OTHER_FORMATS_RATIO_TARGET = 3.0  # XLSX and iCalendar against the CSV export
# (format, its name in the table, its target against the CSV export: None for timed only)
OTHER_FORMATS = (
    ("xlsx", "XLSX export", OTHER_FORMATS_RATIO_TARGET),
    ("ics", "iCalendar export", OTHER_FORMATS_RATIO_TARGET),
    ("vcf", "vCard export", None),
)
IMPORT_SECONDS_TARGET = 15.0

# The columns the CSV export writes, read the plainest way: no formatting, no neutralising.
FLOOR_SQL = """
SELECT g.first_name, g.last_name,
  (SELECT group_concat(e164, ', ') FROM
     (SELECT e164 FROM phone WHERE guest_id = g.id ORDER BY position, id)),
  (SELECT group_concat(address, ', ') FROM
     (SELECT address FROM email WHERE guest_id = g.id ORDER BY position, id)),
  g.birth_day, g.birth_month, g.birth_year,
  coalesce(p.first_name || ' ' || p.last_name, g.partner_name),
  g.address, g.postcode, g.notes, g.preferences,
  g.consent_call, g.consent_sms, g.consent_email, g.consent_post, g.last_visit_on, g.visit_count
FROM guest g LEFT JOIN guest p ON p.id = g.partner_id
WHERE g.erased_at IS NULL ORDER BY g.name_key, g.id
"""


def peak_rss_mib() -> float:
    """This process's peak resident memory so far (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def floor_dump(db: Path, out: Path) -> None:
    connection = sqlite3.connect(db)
    try:
        cursor = connection.execute(FLOOR_SQL)
        with out.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL)  # as ours
            while batch := cursor.fetchmany(5000):
                writer.writerows(batch)
    finally:
        connection.close()


def open_services(db: Path):  # type: ignore[no-untyped-def]
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.settings import Settings

    return make_services(db, FixedClock(TODAY), Settings(), staff="bench")


def bench_export(guests: int, repeat: int, work: Path) -> bool:
    from guestbook.services.export import export_guests

    db = demo_db(guests)
    services = open_services(db)
    try:
        ours = timed(lambda: export_guests(services, work / "ours.csv", overwrite=True), repeat)
        peak = peak_rss_mib()
        floor = timed(lambda: floor_dump(db, work / "floor.csv"), repeat)
    finally:
        services.close()
    ratio = ours.median / floor.median
    met = ratio <= EXPORT_RATIO_TARGET
    print(
        f"export csv  {guests:>9,} guests: ours {ours.median:6.2f} s, plain dump "
        f"{floor.median:6.2f} s, ratio {ratio:4.2f} (target <= {EXPORT_RATIO_TARGET}) "
        f"{'met' if met else 'MISSED'}; peak RSS {peak:,.0f} MiB"
    )
    for fmt in ("json", "vcf", "ics", "xlsx"):
        services = open_services(db)
        try:
            started = time.perf_counter()
            result = export_guests(services, work / f"ours.{fmt}", fmt=fmt, overwrite=True)
            seconds = time.perf_counter() - started
        finally:
            services.close()
        print(f"export {fmt:<4} {guests:>9,} guests: {seconds:6.2f} s ({result.guests:,} written)")
    return met


_FIRST = ["Hélène", "Marc", "Zoé", "François", "Anaïs", "Jérôme", "Léa", "Ömer", "Camille", "Paul"]
_LAST = ["Dupont", "Lefèvre", "Nguyễn", "Martin", "Bœuf", "Çelik", "Roux", "Petit", "Bernard"]
HEADER = [
    "Prénom", "Nom", "Téléphone", "Portable", "E-mail", "Date de naissance", "Conjoint",
    "Code postal", "Opt-in SMS", "Opt-in e-mail", "Notes",
]  # fmt: skip


def import_rows(count: int) -> list[list[str]]:
    """`count` distinct, valid guests written the way old systems write them (about 1.2
    phones and 0.8 emails each, day-first birthdays, oui/non consent)."""
    from guestbook.domain.text import fold

    rng = random.Random(1)
    rows = []
    for n in range(count):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        digits = f"{n:08d}"
        phone = f"06 1{digits[1]} {digits[2:4]} {digits[4:6]} {digits[6:8]}"  # unique, valid
        mobile = f"07 81 {digits[2:4]} {digits[4:6]} {digits[6:8]}" if rng.random() < 0.2 else ""
        email = f"{fold(first)}.{n}@example.fr" if rng.random() < 0.8 else ""
        day, month = rng.randint(1, 28), rng.randint(1, 12)
        year = rng.choice(["", f"/{rng.randint(1940, 2005)}"])
        birthday = f"{day:02d}/{month:02d}{year}" if rng.random() < 0.7 else ""
        rows.append(
            [first, last, phone, mobile, email, birthday, rng.choice(["", "Marc", "Sophie"]),
             f"690{rng.randint(1, 9):02d}", rng.choice(["oui", "non", ""]),
             rng.choice(["oui", "non", ""]), rng.choice(["", "Table près de la fenêtre"])]
        )  # fmt: skip
    return rows


def floor_insert(db: Path, rows: list[list[str]]) -> None:
    """The same rows straight into the tables: no parsing, matching or checking."""
    connection = sqlite3.connect(db)
    stamp = "2026-11-22 10:00:00.000000"
    guests = [
        (n + 1, r[0], r[1], f"{r[1]} {r[0]}".lower(), r[6], "", r[7], r[10], "", stamp, stamp, 0, 0)
        for n, r in enumerate(rows)
    ]
    phones = [(n + 1, r[2], r[2][::-1], 0) for n, r in enumerate(rows)]
    emails = [(n + 1, r[4], 0) for n, r in enumerate(rows) if r[4]]
    with connection:
        connection.executemany(
            "INSERT INTO guest (id, first_name, last_name, name_key, partner_name, address, "
            "postcode, notes, preferences, created_at, updated_at, visit_count, spend_cents) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            guests,
        )
        connection.executemany(
            "INSERT INTO phone (guest_id, e164, digits_reversed, position) VALUES (?, ?, ?, ?)",
            phones,
        )
        connection.executemany(
            "INSERT INTO email (guest_id, address, position) VALUES (?, ?, ?)", emails
        )
    connection.close()


@dataclass(frozen=True)
class ImportRun:
    result: ImportResult
    seconds: float
    again: ImportResult  # the same file imported a second time
    seconds_again: float
    floor: float  # sqlite3.executemany of the same rows


def run_import(count: int, work: Path) -> ImportRun:
    """Import `count` generated rows into an empty database, twice, and time the floor."""
    from guestbook.services.importing.importer import import_file

    source = work / "import.csv"
    with source.open("w", encoding="cp1252", errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(import_rows(count))
    template = work / "empty.db"
    open_services(template).close()

    target = work / "import.db"
    shutil.copy(template, target)
    services = open_services(target)
    try:
        started = time.perf_counter()
        result = import_file(services, source, rejects_path=work / "rejects.csv")
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        again = import_file(services, source, rejects_path=work / "rejects.csv")
        seconds_again = time.perf_counter() - started
    finally:
        services.close()

    floor_db = work / "floor.db"
    shutil.copy(template, floor_db)
    with source.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))[1:]
    started = time.perf_counter()
    floor_insert(floor_db, rows)
    floor = time.perf_counter() - started
    return ImportRun(result, seconds, again, seconds_again, floor)


def bench_import(count: int, work: Path) -> bool:
    run = run_import(count, work)
    met = run.seconds < IMPORT_SECONDS_TARGET
    print(
        f"import      {count:>9,} rows: {run.seconds:6.2f} s ({run.result.new:,} new, "
        f"{run.result.merged:,} merged, {run.result.rejected:,} rejected) (target < "
        f"{IMPORT_SECONDS_TARGET:.0f} s) {'met' if met else 'MISSED'}; plain executemany "
        f"{run.floor:5.2f} s (ratio {run.seconds / run.floor:4.1f})"
    )
    print(
        f"re-import   {count:>9,} rows: {run.seconds_again:6.2f} s ({run.again.new:,} new, "
        f"{run.again.merged:,} merged)"
    )
    return met


def export_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For benchmarks/run.py: CSV export vs sqlite3 + csv.writer of the same columns; up to
    100,000 guests, the XLSX, iCalendar and vCard exports too, each against the CSV export,
    all four in turns in each round (a slow spell of the shared machine weighs on each alike)."""
    from guestbook.services.export import export_guests

    runs = min(repeat, 3) if guests >= 1_000_000 else repeat  # ~20 s a run at a million
    formats = (
        ("csv", *(fmt for fmt, _name, _target in OTHER_FORMATS)) if guests <= 100_000 else ("csv",)
    )
    seconds: dict[str, list[float]] = {fmt: [] for fmt in formats}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        services = open_services(db)
        try:
            for round_number in range(runs + 1):  # the first round warms up
                for fmt in formats:
                    path = work / f"ours.{fmt}"
                    started = time.perf_counter()
                    export_guests(services, path, fmt=fmt, overwrite=True)
                    if round_number:
                        seconds[fmt].append(time.perf_counter() - started)
        finally:
            services.close()
        floor = timed(lambda: floor_dump(db, work / "floor.csv"), runs).median
    ours = statistics.median(seconds["csv"])
    results = [
        Result(
            "CSV export",
            guests,
            ours,
            floor,
            f"≤ {EXPORT_RATIO_TARGET}×",
            ours / floor <= EXPORT_RATIO_TARGET,
        )
    ]
    for fmt, name, target in OTHER_FORMATS:
        if fmt not in seconds:
            continue
        median = statistics.median(seconds[fmt])
        met = None if target is None or guests != 100_000 else median / ours <= target
        notes = []
        if fmt == "vcf":
            notes.append(phone_types_note(db))
        results.append(
            Result(
                f"{name} (floor: the CSV export)",
                guests,
                median,
                ours,
                f"≤ {target:.0f}× at 100k" if target else "—",
                met,
                notes=notes,
            )
        )
    return results


def phone_types_note(db: Path) -> str:
    """What telling the mobiles among every number of the database costs, ours and
    phonenumbers' (parse + number_type)."""
    import phonenumbers

    from guestbook.exchange.export_vcard import is_mobile

    connection = sqlite3.connect(db)
    try:
        numbers = [e164 for (e164,) in connection.execute("SELECT e164 FROM phone")]
    finally:
        connection.close()
    started = time.perf_counter()
    mobiles = sum(1 for e164 in numbers if is_mobile(e164))
    ours = time.perf_counter() - started
    started = time.perf_counter()
    for e164 in numbers:
        phonenumbers.number_type(phonenumbers.parse(e164, None))
    theirs = time.perf_counter() - started
    return (
        f"telling the {mobiles:,} mobiles among {len(numbers):,} numbers: {ours:.2f} s "
        f"(phonenumbers.number_type for each: {theirs:.2f} s)"
    )


def import_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    """For benchmarks/run.py: importing min(guests, 100,000) rows into an empty database,
    vs sqlite3.executemany of the same rows. Runs once: an import is seconds long."""
    count = min(guests, 100_000)
    with tempfile.TemporaryDirectory() as folder:
        run = run_import(count, Path(folder))
    target_text = f"≤ {IMPORT_SECONDS_TARGET:.0f} s at 100k, ratio reported"
    met = run.seconds <= IMPORT_SECONDS_TARGET if count == 100_000 else None
    return [Result(f"import of {count:,} rows", guests, run.seconds, run.floor, target_text, met)]


SUITE = {"export": export_operation, "import": import_operation}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--guests", type=int, default=100_000, help="guests to export")
    parser.add_argument("--rows", type=int, default=100_000, help="rows to import")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-exchange-") as folder:
        work = Path(folder)
        export_met = bench_export(args.guests, args.repeat, work)
        import_met = bench_import(args.rows, work)
    return 0 if export_met and import_met else 1


if __name__ == "__main__":
    sys.exit(main())
