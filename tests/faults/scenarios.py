"""The commands a kill test runs, how each prepares its folder, and how its result is judged.

A judge lists what is wrong after a kill: the database between two states, a next start that
fails (more than one line), a traceback, a file left behind with guests' data in it.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.faults.killing import (
    TODAY,
    DatabaseState,
    Run,
    environment,
    guestbook_command,
    leftovers,
    next_start,
    run_and_kill,
    state_of,
)


@dataclass
class Trial:
    """One kill: the folder it ran in and what the scenario knew before it."""

    folder: Path
    db: Path
    before: DatabaseState
    expected_after: DatabaseState | None = None
    notes: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    name: str
    prepare: Callable[[Path, Path], Trial]  # (base folder of shared inputs, trial folder)
    args: Callable[[Trial], list[str]]
    judge: Callable[[Trial, Run], list[str]]


def _copy_base(base: Path, folder: Path, name: str = "guestbook.db") -> Path:
    db = folder / name
    shutil.copy(base / "base.db", db)
    return db


def _common_problems(trial: Trial, run: Run, *, allowed: tuple[DatabaseState, ...]) -> list[str]:
    """The database is one of the `allowed` states, healthy, and the next start opens it
    (or refuses in one line); no leftovers after that start."""
    problems = []
    env = environment(trial.folder)
    state = state_of(trial.db)
    if state.exists and not state.healthy and state.guests:
        problems.append("the database fails its integrity check")
    if not any(_same(state, good) for good in allowed):
        problems.append(f"the database is between states: {state}")
    opened = next_start(trial.db, env)
    if not opened.ok and not opened.one_line_refusal:
        problems.append("the next start fails: " + _tail(opened.stderr))
    if run.stderr.count("Traceback"):
        problems.append("a traceback on stderr: " + _tail(run.stderr))
    return problems


def _same(state: DatabaseState, good: DatabaseState) -> bool:
    if not good.exists:
        return not state.exists or state.guests == 0
    return (state.guests, state.digest, state.batches) == (good.guests, good.digest, good.batches)


def _tail(text: str) -> str:
    lines = text.strip().splitlines()
    return " | ".join(lines[-2:]) if lines else "(nothing)"


def _judge_import(trial: Trial, run: Run) -> list[str]:
    assert trial.expected_after is not None
    return _common_problems(trial, run, allowed=(trial.before, trial.expected_after))


def _prepare_import(base: Path, folder: Path) -> Trial:
    db = _copy_base(base, folder)
    shutil.copy(base / "import.csv", folder / "import.csv")
    return Trial(folder, db, state_of(db), expected_after=_state_file(base, "imported"))


def _prepare_demo(base: Path, folder: Path) -> Trial:
    db = folder / "guestbook.db"
    return Trial(folder, db, DatabaseState(False), expected_after=_state_file(base, "demo"))


def _judge_demo(trial: Trial, run: Run) -> list[str]:
    assert trial.expected_after is not None
    return _common_problems(trial, run, allowed=(trial.before, trial.expected_after))


def _prepare_backup(base: Path, folder: Path) -> Trial:
    db = _copy_base(base, folder)
    (folder / "copies").mkdir()
    return Trial(folder, db, state_of(db))


def _judge_backup(trial: Trial, run: Run) -> list[str]:
    problems = _common_problems(trial, run, allowed=(trial.before,))
    copy = trial.folder / "copies" / "copy.db"
    if copy.exists():
        made = state_of(copy)
        if not made.healthy or not _same(made, trial.before):
            problems.append(f"the backup is there but incomplete: {made}")
    again = run_and_kill(guestbook_command(trial.db, *_backup_args(trial)), _env(trial), None)
    if again.returncode != 0:
        problems.append("backup again after the kill fails: " + _tail(again.stderr))
    problems += [f"left behind: {name}" for name in leftovers(trial.folder)]
    return problems


def _backup_args(trial: Trial) -> list[str]:
    return ["backup", "--output", str(trial.folder / "copies" / "copy.db")]


def _prepare_export(base: Path, folder: Path) -> Trial:
    db = _copy_base(base, folder)
    (folder / "out").mkdir()
    return Trial(folder, db, state_of(db))


def _export_args(fmt: str) -> Callable[[Trial], list[str]]:
    def args(trial: Trial) -> list[str]:
        out = str(trial.folder / "out" / f"guests.{fmt}")
        return ["export", "--format", fmt, "--output", out, "--force"]

    return args


def _judge_export(fmt: str) -> Callable[[Trial, Run], list[str]]:
    def judge(trial: Trial, run: Run) -> list[str]:
        problems = _common_problems(trial, run, allowed=(trial.before,))
        target = trial.folder / "out" / f"guests.{fmt}"
        if target.exists() and fmt == "csv":
            with target.open(encoding="utf-8-sig", newline="") as handle:
                rows = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
            if rows != trial.before.guests:
                problems.append(f"the export is there but holds {rows} of {trial.before.guests}")
        if target.exists() and fmt == "xlsx":
            problems += _xlsx_problems(target, trial.before.guests)
        again = run_and_kill(
            guestbook_command(trial.db, *_export_args(fmt)(trial)), _env(trial), None
        )
        if again.returncode != 0:
            problems.append("export again after the kill fails: " + _tail(again.stderr))
        problems += [f"left behind: {name}" for name in leftovers(trial.folder)]
        return problems

    return judge


def _xlsx_problems(target: Path, guests: int) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(target, read_only=True)
        sheet = workbook.worksheets[0]
        rows = sum(1 for _ in sheet.iter_rows(values_only=True))
        workbook.close()
    except Exception as error:
        return [f"the export is there but unreadable: {error!r}"]
    return [] if rows == guests + 1 else [f"the export is there but holds {rows - 1} of {guests}"]


def _env(trial: Trial) -> dict[str, str]:
    return environment(trial.folder)


def _prepare_upgrade(base: Path, folder: Path) -> Trial:
    db = folder / "guestbook.db"
    shutil.copy(base / "old.db", db)
    return Trial(folder, db, state_of(db))


def _judge_upgrade(trial: Trial, run: Run) -> list[str]:
    problems = _common_problems(trial, run, allowed=(trial.before,))
    after = state_of(trial.db)
    opened = next_start(trial.db, _env(trial))
    if opened.ok and after.revision is not None:
        reopened = state_of(trial.db)
        if reopened.digest != trial.before.digest:
            problems.append("the guests changed through the upgrade")
    copies = list((trial.folder / "backups").glob("*before-upgrade*")) if opened.ok else []
    if len(copies) > 1:
        problems.append(f"{len(copies)} copies of the same upgrade in backups/")
    return problems


def _prepare_restore(base: Path, folder: Path) -> Trial:
    db = _copy_base(base, folder)
    shutil.copy(base / "other.db", folder / "other.db")
    return Trial(folder, db, state_of(db), expected_after=state_of(folder / "other.db"))


def _judge_restore(trial: Trial, run: Run) -> list[str]:
    assert trial.expected_after is not None
    return _common_problems(trial, run, allowed=(trial.before, trial.expected_after))


def _prepare_create(base: Path, folder: Path) -> Trial:
    return Trial(folder, folder / "fresh.db", DatabaseState(False))


def _judge_create(trial: Trial, run: Run) -> list[str]:
    problems = _common_problems(trial, run, allowed=(trial.before,))
    return problems + [f"left behind: {name}" for name in leftovers(trial.folder)]


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario("import", _prepare_import, lambda t: ["import", str(t.folder / "import.csv")],
                 _judge_import),
        Scenario("demo", _prepare_demo, lambda t: ["demo", "--guests", "20000"], _judge_demo),
        Scenario("backup", _prepare_backup, _backup_args, _judge_backup),
        Scenario("export-csv", _prepare_export, _export_args("csv"), _judge_export("csv")),
        Scenario("export-xlsx", _prepare_export, _export_args("xlsx"), _judge_export("xlsx")),
        Scenario("upgrade", _prepare_upgrade, lambda t: ["today", "--json"], _judge_upgrade),
        Scenario("restore", _prepare_restore,
                 lambda t: ["restore", str(t.folder / "other.db"), "--yes"], _judge_restore),
        Scenario("create", _prepare_create, lambda t: ["today", "--json"], _judge_create),
    )
}  # fmt: skip


# --- the shared inputs ----------------------------------------------------------------------


def _state_file(base: Path, name: str) -> DatabaseState:
    return state_of(base / f"{name}.db")


def build_base(base: Path, guests: int = 20_000) -> None:
    """The inputs every trial copies: a database, a file to import into it and the database it
    gives, an older database to upgrade, another database to restore, the demo's result."""
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.demo.generate import generate_demo
    from guestbook.services.export import export_guests
    from guestbook.services.importing.importer import import_file
    from guestbook.settings import Settings

    day = dt.date.fromisoformat(TODAY)
    base.mkdir(parents=True, exist_ok=True)

    def demo(path: Path, count: int, seed: int) -> None:
        services = make_services(path, FixedClock(day), Settings())
        generate_demo(
            services.engine, today=day, settings=services.settings, guests=count, seed=seed
        )
        services.close()

    demo(base / "base.db", guests, 1)
    demo(base / "other.db", guests // 2, 2)
    demo(base / "demo.db", 20_000, 1)  # what `demo --guests 20000` makes (same seed, same day)
    source = base / "source.db"
    demo(source, guests, 3)
    services = make_services(source, FixedClock(day), Settings())
    export_guests(services, base / "import.csv")
    services.close()
    shutil.copy(base / "base.db", base / "imported.db")
    services = make_services(base / "imported.db", FixedClock(day), Settings())
    import_file(services, base / "import.csv")
    services.close()
    shutil.copy(base / "base.db", base / "old.db")
    _downgrade(base / "old.db", "0001")
    for side in base.glob("*.db-*"):
        side.unlink()


def _downgrade(db: Path, revision: str) -> None:
    from alembic import command

    from guestbook.storage.engine import make_engine
    from guestbook.storage.migrate import alembic_config

    engine = make_engine(db)
    try:
        with engine.begin() as connection:
            config = alembic_config(db)
            config.attributes["connection"] = connection  # type: ignore[attr-defined]
            command.downgrade(config, revision)  # type: ignore[arg-type]
    finally:
        engine.dispose()
    with sqlite3.connect(db) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
