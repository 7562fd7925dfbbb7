"""Migration 0007 (feedback calls): call_attempt rebuilt for its new CHECK with every row,
index and key kept; the feedback table's partial index as the model declares it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex

from guestbook.storage.feedback_tables import Feedback
from guestbook.storage.migrate import current_revision, upgrade
from tests.lifecycle import downgrade

_GUEST = (
    "INSERT INTO guest (id, first_name, last_name, name_key, partner_name, address, postcode,"
    " notes, preferences, created_at, updated_at, visit_count, spend_cents)"
    " VALUES (1, 'Zoé', 'Lefèvre', 'lefevre zoe', '', '', '', '', '',"
    " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0)"
)
_ATTEMPT = (
    "INSERT INTO call_attempt (id, guest_id, reason, occasion_on, at, outcome, note, staff)"
    " VALUES (7, 1, 'birthday', '2026-03-12', '2026-03-05 10:00:00.000000', 'reached',"
    " 'invited', 'Chef')"
)
_REWARD = (
    "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, issued_by_attempt_id,"
    " created_at) VALUES (1, 'birthday', 'cake', '2026-03-05', '2026-04-11', 7,"
    " '2026-03-05 10:00:00.000000')"
)
_FEEDBACK = (
    "INSERT INTO feedback (id, guest_id, at, ces, satisfaction, comment, channel, staff)"
    " VALUES (3, 1, '2026-03-06 20:00:00.000000', 2, NULL, 'slow', 'in_person', 'Léa')"
)


def _schema(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    return dict(
        connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (table,),
        ).fetchall()
    )


@pytest.fixture
def at_0006(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    upgrade(db, "0006")
    with sqlite3.connect(db) as connection:
        for statement in (_GUEST, _ATTEMPT, _REWARD, _FEEDBACK):
            connection.execute(statement)
    return db


def test_the_upgrade_keeps_every_row_index_and_key(at_0006: Path) -> None:
    with sqlite3.connect(at_0006) as connection:
        attempts = connection.execute("SELECT * FROM call_attempt").fetchall()
        indexes = _schema(connection, "call_attempt")
    upgrade(at_0006, "0007")
    assert current_revision(at_0006) == "0007"
    connection = sqlite3.connect(at_0006)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        # Every row as it was, with the new column empty.
        assert connection.execute("SELECT * FROM call_attempt").fetchall() == [
            (*row, None) for row in attempts
        ]
        assert _schema(connection, "call_attempt") == indexes
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # The reward still points at its attempt: deleting the attempt empties the link.
        connection.execute("DELETE FROM call_attempt WHERE id = 7")
        assert connection.execute("SELECT issued_by_attempt_id FROM reward").fetchall() == [(None,)]
        assert connection.execute("SELECT comment, called_back_at FROM feedback").fetchall() == [
            ("slow", None)
        ]
    finally:
        connection.close()


def test_the_check_admits_feedback_calls_and_refuses_an_unknown_reason(at_0006: Path) -> None:
    upgrade(at_0006, "0007")
    insert = (
        "INSERT INTO call_attempt (guest_id, reason, occasion_on, at, outcome, note, staff,"
        " feedback_id) VALUES (1, ?, '2026-03-06', '2026-03-07 10:00:00', 'no_answer', '', '', 3)"
    )
    with sqlite3.connect(at_0006) as connection:
        connection.execute(insert, ("feedback",))
        with pytest.raises(sqlite3.IntegrityError, match="ck_call_attempt_reason"):
            connection.execute(insert, ("gossip",))


def test_the_partial_index_is_the_model_s(at_0006: Path, tmp_path: Path) -> None:
    upgrade(at_0006, "0007")
    with sqlite3.connect(at_0006) as connection:
        made = _schema(connection, "feedback")["ix_feedback_to_call"]
    (index,) = [i for i in Feedback.__table__.indexes if i.name == "ix_feedback_to_call"]  # type: ignore[attr-defined]
    declared = str(CreateIndex(index).compile(dialect=sqlite_dialect.dialect()))
    assert " ".join(made.split()) == " ".join(declared.split())


def test_the_downgrade_gives_the_old_tables_back(at_0006: Path) -> None:
    upgrade(at_0006, "0007")
    with sqlite3.connect(at_0006) as connection:
        connection.execute(
            "INSERT INTO call_attempt (guest_id, reason, occasion_on, at, outcome, note, staff,"
            " feedback_id) VALUES (1, 'feedback', '2026-03-06', '2026-03-07 10:00:00',"
            " 'reached', '', '', 3)"
        )
    downgrade(at_0006, "0006")
    with sqlite3.connect(at_0006) as connection:
        assert connection.execute("SELECT id, reason FROM call_attempt").fetchall() == [
            (7, "birthday")
        ]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(feedback)")]
        assert "called_back_at" not in columns
        assert "ix_feedback_to_call" not in _schema(connection, "feedback")
