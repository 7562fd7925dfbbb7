"""A database file replaced under an open guestbook (a copy over it, a restore forced past the
lock) is never written to: the write is refused and the user told, instead of a confirmation
of a change that went to a file nobody will read again (F6, finding D11)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_app
from guestbook.domain.birthdays import Birthday
from guestbook.errors import DatabaseReplaced
from tests.builders import add_guest
from tests.database import execute
from tests.pilot import wait_for_workers
from tests.tui.busy_pilot import until_told


def replace_under(db_path: Path) -> None:
    """What `cp backup.db guestbook.db` through a rename does: a new file at the same path."""
    fresh = db_path.with_name("fresh.db")
    shutil.copy(db_path, fresh)
    fresh.replace(db_path)


def guests_in(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return int(connection.execute("SELECT count(*) FROM guest").fetchone()[0])


def test_a_write_to_a_replaced_database_is_refused(services: Services, db_path: Path) -> None:
    add_guest(services, "Anne", "Martin")
    replace_under(db_path)
    with pytest.raises(DatabaseReplaced, match="replaced or moved"):
        execute(services, "DELETE FROM guest")
    assert guests_in(db_path) == 1  # the file at the path is untouched


def test_a_moved_database_is_refused_too(services: Services, db_path: Path) -> None:
    add_guest(services, "Anne", "Martin")
    db_path.rename(db_path.with_name("elsewhere.db"))
    with pytest.raises(DatabaseReplaced):
        execute(services, "DELETE FROM guest")


async def test_the_app_says_so_and_writes_nothing(services: Services, db_path: Path) -> None:
    add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    app = make_app(services)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_workers(pilot)
        replace_under(db_path)
        await pilot.press("r")  # reached: a write
        await until_told(pilot, "replaced or moved by another program")
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT count(*) FROM call_attempt").fetchone() == (0,)
