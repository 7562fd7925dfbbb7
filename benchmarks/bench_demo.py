"""How fast `guestbook demo` fills a database, at the sizes the targets name.

    python benchmarks/bench_demo.py --guests 100000 1000000

Each size is built into a fresh file in a temporary folder, its schema made by the real Alembic
migration (as `guestbook demo` finds it), then `generate_demo` is timed alone. Prints seconds,
guests per second, rows written and the file size; exits 1 if a target is missed.
Targets (2 cores): 100,000 guests under 10 s, 1,000,000 under 90 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS = {100_000: 10.0, 1_000_000: 90.0}
TODAY = dt.date(2026, 11, 22)


def _file_size(path: Path) -> int:
    """The database with its WAL, should a checkpoint still be pending."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)


def bench(guests: int, seed: int, folder: Path) -> bool:
    from guestbook.demo.generate import generate_demo
    from guestbook.settings import Settings
    from guestbook.storage.engine import make_engine
    from guestbook.storage.migrate import upgrade

    path = folder / f"demo-{guests}.db"
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)  # the demo only fills an empty database
    upgrade(path)
    engine = make_engine(path)
    steps: list[tuple[float, int]] = []
    started = time.perf_counter()
    summary = generate_demo(
        engine,
        today=TODAY,
        settings=Settings(),
        guests=guests,
        seed=seed,
        progress=lambda done, _total: steps.append((time.perf_counter() - started, done)),
    )
    seconds = time.perf_counter() - started
    engine.dispose()
    rows = (
        summary.guests + summary.phones + summary.emails + summary.visits + summary.referrals
        + summary.call_attempts + summary.rewards + summary.consent_events
    )  # fmt: skip
    target = TARGET_SECONDS.get(guests)
    verdict = (
        ""
        if target is None
        else f"  target < {target:.0f} s: " + ("ok" if seconds < target else "MISSED")
    )
    first = f", first chunk written after {steps[0][0]:.1f} s" if steps else ""
    print(
        f"{guests:>9,} guests  {seconds:6.1f} s  {guests / seconds:8,.0f} guests/s  "
        f"{rows / seconds:9,.0f} rows/s  {_file_size(path) / 1e6:7,.0f} MB{verdict}"
    )
    print(
        f"{'':>17}{summary.visits:,} visits, {summary.phones:,} phones, {summary.emails:,} "
        f"emails, {summary.consent_events:,} consent events, {summary.referrals:,} referrals, "
        f"{summary.call_attempts:,} calls, {summary.rewards:,} rewards{first}",
        flush=True,
    )
    return target is None or seconds < target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--guests", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep the files")
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        results = [
            bench(n, args.seed, args.keep) for n in args.guests
        ]  # every size, even after a miss
        return 0 if all(results) else 1
    with tempfile.TemporaryDirectory(prefix="guestbook-bench-demo-") as folder:
        results = [bench(n, args.seed, Path(folder)) for n in args.guests]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
