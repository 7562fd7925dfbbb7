"""The rules of the house (shared/architecture.md) that a reader would otherwise have to check
by hand: small files and functions, and SQLite's own dialect only in storage/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE_LINES = 400
MAX_FUNCTION_LINES = 60
# Written by hand, so held to the limits; generated files (the first migration, snapshots) are
# not.
HAND_WRITTEN = [
    path
    for folder in ("guestbook", "tests", "benchmarks", "scripts")
    for path in sorted((ROOT / folder).rglob("*"))
    if path.suffix in (".py", ".tcss")
    and "__snapshots__" not in path.parts
    and "versions" not in path.parts
]


def test_the_house_is_read_where_the_tests_are() -> None:
    assert len(HAND_WRITTEN) > 100


@pytest.mark.parametrize("path", HAND_WRITTEN, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_file_is_over_400_lines(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_FILE_LINES, f"{lines} lines: split it along a seam"


@pytest.mark.parametrize(
    "path",
    [path for path in HAND_WRITTEN if path.suffix == ".py"],
    ids=lambda path: str(path.relative_to(ROOT)),
)
def test_no_function_is_over_60_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    too_long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert too_long == []


_SQLITE_ONLY = re.compile(
    r"^\s*(import sqlite3|from sqlite3 )|sqlite_connection|exec_driver_sql", re.M
)


def test_only_storage_speaks_sqlites_own_dialect() -> None:
    """The interface a PostgreSQL module implements next: nothing outside storage/ reaches the
    sqlite3 driver or sends it raw statements."""
    outside = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "guestbook").rglob("*.py"))
        if "storage" not in path.relative_to(ROOT / "guestbook").parts
        and _SQLITE_ONLY.search(path.read_text(encoding="utf-8"))
    ]
    assert outside == []
