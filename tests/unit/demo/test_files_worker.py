"""The demo's worker process never outlives the demo (F7): kill `guestbook demo`, by SIGKILL or
SIGTERM, and its worker ends too, without a traceback on the terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

WORKER_CODE = "serve_chunks"  # in the worker's command line (demo.worker._WORKER_CODE)


def children(parent: int) -> list[int]:
    """The processes whose parent is `parent`, read from /proc (no psutil here)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # ended while we looked
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


def worker_of(parent: int) -> int | None:
    for pid in children(parent):
        try:
            if WORKER_CODE in Path(f"/proc/{pid}/cmdline").read_text():
                return pid
        except OSError:
            continue
    return None


def has_ended(pid: int) -> bool:
    """Gone, or a zombie waiting for a parent that does not reap it (PID 1 in a container)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_until(condition: Callable[[], object], seconds: float) -> bool:
    """Whether `condition()` turns true within `seconds` (a bound on a hang, not a speed)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return bool(condition())


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["kill", "term"])
def test_the_demo_worker_ends_with_the_demo(tmp_path: Path, signal_number: int) -> None:
    errors = tmp_path / "stderr.txt"
    with errors.open("w") as stderr:  # a file, not a pipe: an orphan would hold a pipe open
        demo = subprocess.Popen(
            [sys.executable, "-m", "guestbook", "--db", str(tmp_path / "demo.db"), "demo",
             "--guests", "200000"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
        )  # fmt: skip
    worker: int | None = None
    try:
        deadline = time.monotonic() + 60
        while worker is None and demo.poll() is None and time.monotonic() < deadline:
            worker = worker_of(demo.pid)
            time.sleep(0.02)
        assert worker is not None and demo.poll() is None, "no worker seen while the demo ran"
        demo.send_signal(signal_number)
        demo.wait(timeout=30)
        assert wait_until(lambda: has_ended(worker), 10), "the worker outlived the demo"
        assert "Traceback" not in errors.read_text()
        if signal_number == signal.SIGTERM:
            assert demo.returncode == 128 + signal.SIGTERM  # it stopped itself, cleanly
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        if worker is not None and not has_ended(worker):
            os.kill(worker, signal.SIGKILL)  # this test started it; never leave it behind
