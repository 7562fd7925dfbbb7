"""Every command that writes, killed mid-way (SIGKILL: no clean-up runs) at a few points: the
database is as before or as after, the next start opens it, nothing with guests' data is left
behind. A hundred random kills per command: scripts/soak.py (figures in the README)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.killing import Run, environment, guestbook_command, run_and_kill
from tests.faults.scenarios import SCENARIOS, build_base

# Where, between the end of Python's start and the end of an uncut run, the kills land.
KILL_POINTS = (0.4, 0.8)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fault-inputs")
    build_base(folder, guests=20_000)
    return folder


@pytest.fixture(scope="module")
def startup(tmp_path_factory: pytest.TempPathFactory) -> float:
    """How long a command takes to reach its work: Python and guestbook's imports."""
    folder = tmp_path_factory.mktemp("startup")
    run = run_and_kill(
        guestbook_command(folder / "none.db", "--version"), environment(folder), None
    )
    return run.seconds


def attempt(base: Path, folder: Path, name: str, delay: float | None) -> tuple[Run, list[str]]:
    scenario = SCENARIOS[name]
    folder.mkdir(parents=True)
    trial = scenario.prepare(base, folder)
    command = guestbook_command(trial.db, *scenario.args(trial))
    run = run_and_kill(command, environment(folder), delay)
    return run, scenario.judge(trial, run)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_a_killed_command_loses_nothing(
    name: str, base: Path, startup: float, tmp_path: Path
) -> None:
    uncut, problems = attempt(base, tmp_path / "uncut", name, None)
    assert uncut.returncode == 0, uncut.stderr
    assert problems == []
    for index, point in enumerate(KILL_POINTS):
        delay = startup + point * max(uncut.seconds - startup, 0.05)
        _run, problems = attempt(base, tmp_path / f"kill-{index}", name, delay)
        assert problems == [], f"killed after {delay:.2f} s"
