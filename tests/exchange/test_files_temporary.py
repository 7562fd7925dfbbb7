"""No personal data in the system temp folder, and nothing left beside an export (F8).

Every export writes its own `.NAME.partial` (0600) and nothing else: the XLSX is deflated
straight into it (exchange.export_xlsx), with no spool file. What a kill leaves (that
`.NAME.partial`, or a writer's spool folder `.NAME.partial.d`) is removed by the next export to
that folder; a live export's is not.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.errors import UserError
from guestbook.exchange.atomic import private_temporary
from guestbook.services.export import export_guests
from guestbook.settings import Settings
from tests.builders import add_guest

pytestmark = pytest.mark.both_backends

DAY = dt.date(2026, 11, 22)
GUESTS = 10_000  # enough for an export to be killed mid-way


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp folder, for this test: an empty folder of its own."""
    folder = tmp_path / "system-tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    return folder


@pytest.fixture(scope="module")
def big_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("big") / "guestbook.db"
    services = make_services(path, FixedClock(DAY), Settings())
    generate_demo(services.engine, today=DAY, settings=services.settings, guests=GUESTS)
    services.close()
    yield path


def everything(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


def test_xlsx_export_writes_its_own_file_only(
    services: Services, private_tmp: Path, tmp_path: Path
) -> None:
    add_guest(services, "Hélène", "Dupont")
    out = tmp_path / "out"
    out.mkdir()
    seen: list[tuple[list[str], list[str], int]] = []

    def progress(done: int, _total: int) -> None:
        if done:  # the sheet is being written
            partial = out / ".guests.xlsx.partial"
            mode = stat.S_IMODE(partial.stat().st_mode)
            seen.append((everything(private_tmp), everything(out), mode))

    export_guests(services, out / "guests.xlsx", fmt="xlsx", progress=progress)
    assert seen == [([], [".guests.xlsx.partial"], 0o600)]
    assert everything(private_tmp) == []
    assert everything(out) == ["guests.xlsx"]


def _has_data(path: Path) -> bool:
    """Whether the writer has started filling its temporary file."""
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False


def kill_mid_way(db: Path, target: Path, env: dict[str, str]) -> None:
    """`guestbook export` to `target`, SIGKILLed once it has started writing."""
    command = [sys.executable, "-m", "guestbook", "--db", str(db), "export",
               "--format", target.suffix[1:], "--output", str(target)]  # fmt: skip
    export = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    temp = Path(env["TMPDIR"])
    try:
        deadline = time.monotonic() + 60
        while export.poll() is None and time.monotonic() < deadline:
            spools = [path for path in target.parent.rglob("*") if path.parent != target.parent]
            partial = target.with_name(f".{target.name}.partial")
            if any(temp.iterdir()) or spools or _has_data(partial):
                break
            time.sleep(0.002)
        assert export.poll() is None, "the export ended before it could be killed"
        export.send_signal(signal.SIGKILL)
    finally:
        export.communicate()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_killed_export_leaves_nothing_the_next_one_does_not_remove(
    big_db: Path, tmp_path: Path, private_tmp: Path, fmt: str
) -> None:
    db = tmp_path / "guestbook.db"
    shutil.copy(big_db, db)
    out = tmp_path / "out"
    out.mkdir()
    (out / ".keep.partial.txt").write_text("not ours")  # a name guestbook does not give
    kill_mid_way(db, out / f"guests.{fmt}", dict(os.environ))
    assert everything(private_tmp) == []  # nothing ever in the system temp folder
    assert f".guests.{fmt}.partial" in everything(out)  # the kill left its temporary file
    services = make_services(db, FixedClock(DAY), Settings())
    try:
        export_guests(services, out / "other.json", fmt="json")  # the next export, another name
    finally:
        services.close()
    assert everything(out) == [".keep.partial.txt", "other.json"]
    assert everything(private_tmp) == []


def test_a_live_exports_temporary_file_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "guests.csv"
    with private_temporary(target) as live:
        live.write_text("half a file")
        with private_temporary(tmp_path / "other.csv") as other:  # sweeps the folder first
            other.write_text("done")
        assert live.read_text() == "half a file"
        with pytest.raises(UserError, match="another export is writing"), private_temporary(target):
            pass
        assert live.read_text() == "half a file"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["guests.csv", "other.csv"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
