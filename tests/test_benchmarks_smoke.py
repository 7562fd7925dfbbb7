"""The benchmark suite runs end to end at 1,000 guests, so it never rots.

Only that it runs and reports every operation is checked here: timings are never asserted in
tests (they belong to benchmarks/RESULTS.md, measured on a quiet machine).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_suite_runs_at_1000_guests(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "run.py"),
            "--sizes",
            "1000",
            "--repeat",
            "1",
            "--markdown",
            str(tmp_path / "RESULTS.md"),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "GUESTBOOK_BENCH_CACHE": str(tmp_path / "cache")},
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = (tmp_path / "RESULTS.md").read_text()
    for operation in (
        "cold start to painted agenda",
        "guestbook today --json (process)",
        "agenda computation",
        "calendar month counts",
        "peak RSS after opening every screen",
        "demo generation",
    ):
        assert f"| {operation} | 1,000 |" in report, operation
    assert "Measured on" in report and "cores" in report
