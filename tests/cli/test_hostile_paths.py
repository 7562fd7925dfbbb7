"""Paths that are not a readable file, given to `import` and `export`: one line `guestbook: …`
and exit 1 (not click's usage and exit 2), the database unchanged; a file of headers only
records no import."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from guestbook.services.context import Services
from tests.database import dump, file_of, query


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "guestbook", "--lang", "en", "--db", str(db), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _missing(path: Path) -> None:
    pass


def _folder(path: Path) -> None:
    path.mkdir()


def _dangling(path: Path) -> None:
    path.symlink_to(path.parent / "gone.csv")


def _loop(path: Path) -> None:
    other = path.parent / "other.csv"
    path.symlink_to(other)
    other.symlink_to(path)


def _unreadable(path: Path) -> None:
    path.write_text("Nom\nMartin\n", encoding="utf-8")
    path.chmod(0)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_missing, "there is no such file"),
        (_folder, "it is a folder, not a file"),
        (_dangling, "it is a link to a file that does not exist"),
        (_loop, "it is a symbolic link that loops back on itself"),
        pytest.param(
            _unreadable,
            "you are not allowed to read it",
            marks=pytest.mark.skipif(
                os.geteuid() == 0, reason="root reads a file whatever its mode"
            ),
        ),
    ],
)
def test_import_of_what_is_not_a_readable_file_is_one_line(
    services: Services, tmp_path: Path, make: Callable[[Path], None], reason: str
) -> None:
    path = tmp_path / "guests.csv"
    make(path)
    before = dump(services)
    result = run(file_of(services), "import", str(path))

    assert result.returncode == 1
    assert result.stderr == f"guestbook: cannot read {path}: {reason}\n"
    assert result.stdout == ""
    assert dump(services) == before


def test_a_folder_as_export_output_or_rejects_file_is_one_line(
    services: Services, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    export = run(file_of(services), "export", "--output", str(folder))
    assert export.returncode == 1
    assert export.stderr == f"guestbook: {folder} is a folder: give a file name\n"
    assert list(folder.iterdir()) == []

    source = tmp_path / "in.csv"
    source.write_text("Nom;Téléphone\nMartin;nope\n", encoding="utf-8")
    before = dump(services)
    imported = run(file_of(services), "import", str(source), "--rejects", str(folder))
    assert imported.returncode == 1
    assert imported.stderr == f"guestbook: {folder} is a folder: give a file name\n"
    assert dump(services) == before


@pytest.mark.parametrize(
    "content", ["Prénom;Nom;Téléphone\r\n", "Prénom;Nom\r\n\r\n;\r\n", '{"guests": []}']
)
def test_headers_only_import_nothing_and_record_no_import(
    services: Services, tmp_path: Path, content: str
) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    before = dump(services)
    result = run(file_of(services), "import", str(path))

    assert result.returncode == 1
    assert result.stderr.startswith(f"guestbook: {path} is not a guest list: ")
    assert result.stderr.endswith(": there is nothing to import\n")
    assert result.stderr.count("\n") == 1
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM import_batch") == [(0,)]  # nothing to undo
