"""Migration 0012: guest.spend_visits, the visits of each guest whose spend is known, counted
from the visit tables for the rows already there; the downgrade drops it, the rest kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from guestbook.storage.migrate import current_revision, upgrade
from tests.lifecycle import downgrade

_GUEST = (
    "INSERT INTO guest (id, first_name, last_name, name_key, partner_name, address, postcode,"
    " notes, preferences, created_at, updated_at, visit_count, spend_cents)"
    " VALUES (?, ?, '', ?, '', '', '', '', '', '2026-01-01 00:00:00.000000',"
    " '2026-01-01 00:00:00.000000', ?, ?)"
)
_VISIT = (
    "INSERT INTO visit (id, visited_on, party_size, spend_cents, occasion, note, created_at)"
    " VALUES (?, ?, ?, ?, '', '', '2026-01-01 00:00:00.000000')"
)


@pytest.fixture
def at_0011(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    upgrade(db, "0011")
    with sqlite3.connect(db) as connection:
        # Zoé: three tables, one without a spend; Marc: one table, shared with Zoé; Léa: none.
        for guest in (
            (1, "Zoé", "zoe", 3, 9_000),
            (2, "Marc", "marc", 1, 2_500),
            (3, "Léa", "lea", 0, 0),
        ):
            connection.execute(_GUEST, guest)
        for visit in (
            (10, "2026-02-01", 1, 4_000),
            (11, "2026-03-01", 2, 5_000),
            (12, "2026-04-01", 1, None),
        ):
            connection.execute(_VISIT, visit)
        connection.executemany(
            "INSERT INTO visit_guest (visit_id, guest_id) VALUES (?, ?)",
            [(10, 1), (11, 1), (11, 2), (12, 1), (12, None)],
        )
    return db


def test_the_upgrade_counts_the_visits_with_a_known_spend(at_0011: Path) -> None:
    upgrade(at_0011, "0012")
    assert current_revision(at_0011) == "0012"
    with sqlite3.connect(at_0011) as connection:
        rows = connection.execute(
            "SELECT id, visit_count, spend_cents, spend_visits FROM guest ORDER BY id"
        ).fetchall()
    assert rows == [(1, 3, 9_000, 2), (2, 1, 2_500, 1), (3, 0, 0, 0)]


def test_the_downgrade_drops_the_column_only(at_0011: Path) -> None:
    upgrade(at_0011, "0012")
    downgrade(at_0011, "0011")
    with sqlite3.connect(at_0011) as connection:
        columns = [row[1] for row in connection.execute("PRAGMA table_info(guest)")]
        guests = connection.execute("SELECT id, visit_count, spend_cents FROM guest").fetchall()
    assert "spend_visits" not in columns
    assert guests == [(1, 3, 9_000), (2, 1, 2_500), (3, 0, 0)]
