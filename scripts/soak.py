"""The long crash test: every command that writes, killed with SIGKILL at random moments.

    python scripts/soak.py                          # 100 kills per command, 20,000 guests
    python scripts/soak.py --kills 10 --only import upgrade

For each command (tests/faults/scenarios.py: import, demo, backup, CSV and XLSX export,
upgrade, restore, creation of a new database) it runs the command once uncut, then N times in a
fresh folder, killed after a random delay between Python's start and 1.1 × the uncut run, and
judges each: the database as before or as after, the next start opening it (or refusing in one
line), nothing with guests' data left behind. It prints one line per command and every problem
found; the exit status is 1 if any kill left a problem.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.faults.killing import environment, guestbook_command, run_and_kill  # noqa: E402
from tests.faults.scenarios import SCENARIOS, build_base  # noqa: E402


def soak(name: str, base: Path, work: Path, kills: int, rng: random.Random) -> list[str]:
    scenario = SCENARIOS[name]

    def attempt(index: int, delay: float | None) -> tuple[float, bool, list[str]]:
        folder = work / f"{name}-{index}"
        folder.mkdir()
        trial = scenario.prepare(base, folder)
        command = guestbook_command(trial.db, *scenario.args(trial))
        run = run_and_kill(command, environment(folder), delay)
        problems = scenario.judge(trial, run)
        shutil.rmtree(folder)
        return run.seconds, run.killed, problems

    uncut, _killed, problems = attempt(0, None)
    found = [f"uncut: {problem}" for problem in problems]
    startup = run_and_kill(
        guestbook_command(work / "none.db", "--help"), environment(work), None
    ).seconds
    outcomes: Counter[str] = Counter()
    for index in range(1, kills + 1):
        delay = rng.uniform(startup, uncut * 1.1)
        _seconds, killed, problems = attempt(index, delay)
        outcomes["killed mid-run" if killed else "finished first"] += 1
        outcomes["with a problem" if problems else "clean"] += 1
        found += [f"kill {index} after {delay:.2f} s: {problem}" for problem in problems]
    print(
        f"{name:12} uncut {uncut:6.2f} s · {kills} kills: {outcomes['killed mid-run']} mid-run, "
        f"{outcomes['finished first']} after the end · {outcomes['clean']} clean, "
        f"{outcomes['with a problem']} with a problem",
        flush=True,
    )
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100, help="kills per command")
    parser.add_argument("--guests", type=int, default=20_000, help="guests in the database")
    parser.add_argument("--only", nargs="+", choices=sorted(SCENARIOS), help="these commands")
    parser.add_argument("--seed", type=int, default=1, help="the random delays' seed")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="guestbook-soak-") as folder:
        base, work = Path(folder) / "base", Path(folder) / "work"
        work.mkdir()
        print(f"building the inputs ({args.guests:,} guests)…", flush=True)
        build_base(base, guests=args.guests)
        for name in args.only or list(SCENARIOS):
            problems += [f"{name}: {line}" for line in soak(name, base, work, args.kills, rng)]
    for line in problems:
        print(line)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
