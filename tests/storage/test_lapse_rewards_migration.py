"""Migration 0013: the rewards guests erased before it could still redeem lapse the day before
their erasure, as an erasure now does (storage.sqlite.rewards.lapse_owed); a redeemed reward,
an expired one and a guest not erased are left as they were."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from guestbook.storage.migrate import current_revision, upgrade
from tests.lifecycle import downgrade

_GUEST = (
    "INSERT INTO guest (id, first_name, last_name, name_key, partner_name, address, postcode,"
    " notes, preferences, created_at, updated_at, visit_count, spend_cents, erased_at)"
    " VALUES (?, ?, '', '', '', '', '', '', '', '2026-01-01 00:00:00.000000',"
    " '2026-01-01 00:00:00.000000', 0, 0, ?)"
)
_REWARD = (
    "INSERT INTO reward (id, guest_id, kind, reason, valid_from, valid_to, redeemed_visit_id,"
    " created_at) VALUES (?, ?, 'sponsor', '', ?, ?, ?, '2026-01-01 00:00:00.000000')"
)
_VISIT = (
    "INSERT INTO visit (id, visited_on, party_size, occasion, note, created_at)"
    " VALUES (1, '2026-09-01', 1, '', '', '2026-01-01 00:00:00.000000')"
)


def test_an_erased_guests_owed_rewards_lapse(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    upgrade(db, "0012")
    with sqlite3.connect(db) as connection:
        connection.execute(_GUEST, (1, "", "2026-10-15 09:00:00.000000"))  # erased
        connection.execute(_GUEST, (2, "Marc", None))
        connection.execute(_VISIT)
        connection.executemany(
            _REWARD,
            [
                (10, 1, "2026-09-01", "2026-12-31", None),  # owed: lapses
                (11, 1, "2026-11-01", "2027-01-31", None),  # not valid yet: lapses too
                (12, 1, "2026-08-01", "2026-09-30", None),  # expired before: as it was
                (13, 1, "2026-08-01", "2026-12-31", 1),  # redeemed: as it was
                (14, 2, "2026-09-01", "2026-12-31", None),  # Marc, not erased
            ],
        )
    upgrade(db)
    assert current_revision(db) == "0013"
    with sqlite3.connect(db) as connection:
        rows = connection.execute(
            "SELECT id, valid_from, valid_to FROM reward ORDER BY id"
        ).fetchall()
    assert rows == [
        (10, "2026-09-01", "2026-10-14"),
        (11, "2026-10-14", "2026-10-14"),
        (12, "2026-08-01", "2026-09-30"),
        (13, "2026-08-01", "2026-12-31"),
        (14, "2026-09-01", "2026-12-31"),
    ]
    downgrade(db, "0012")  # lapsed they stay: nobody may redeem them
    assert current_revision(db) == "0012"
