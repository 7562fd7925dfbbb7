"""Migration 0008's notice calls: call_attempt rebuilt once more, for its new CHECK and the
delivery an attempt is about, with every row, index and key kept; message_delivery's partial
index as the model declares it; the downgrade giving the old tables back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.schema import CreateIndex

from guestbook.storage.message_tables import MessageDelivery
from guestbook.storage.migrate import current_revision, upgrade
from tests.lifecycle import downgrade

_ROWS = (
    "INSERT INTO guest (id, first_name, last_name, name_key, partner_name, address, postcode,"
    " notes, preferences, created_at, updated_at, visit_count, spend_cents)"
    " VALUES (1, 'Zoé', 'Lefèvre', 'lefevre zoe', '', '', '', '', '',"
    " '2026-01-01 00:00:00.000000', '2026-01-01 00:00:00.000000', 0, 0)",
    "INSERT INTO feedback (id, guest_id, at, ces, satisfaction, comment, channel, staff)"
    " VALUES (3, 1, '2026-03-06 20:00:00.000000', 2, NULL, 'slow', 'in_person', 'Léa')",
    "INSERT INTO call_attempt (id, guest_id, reason, occasion_on, at, outcome, note, staff)"
    " VALUES (7, 1, 'birthday', '2026-03-12', '2026-03-05 10:00:00.000000', 'reached',"
    " 'invited', 'Chef')",
    "INSERT INTO call_attempt (id, guest_id, reason, occasion_on, at, outcome, note, staff,"
    " feedback_id) VALUES (8, 1, 'feedback', '2026-03-06', '2026-03-07 10:00:00.000000',"
    " 'no_answer', '', 'Chef', 3)",
    "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, issued_by_attempt_id,"
    " created_at) VALUES (1, 'birthday', 'cake', '2026-03-05', '2026-04-11', 7,"
    " '2026-03-05 10:00:00.000000')",
)
_MESSAGE = (
    "INSERT INTO message (id, created_at, staff, purpose, subject, body, audience_json,"
    " channel_order) VALUES (1, '2026-03-08 09:00:00', 'Chef', 'incident', 'Le plat', 'Bonjour',"
    " '{}', 'email,sms,post,call')",
    "INSERT INTO message_delivery (id, message_id, guest_id, channel, address, status, reason,"
    " legal_basis, attempts, at, due_at) VALUES (5, 1, 1, 'call', '+33145678901', 'queued',"
    " 'on the agenda', 'service notice', 1, '2026-03-08 09:00:00', '2026-03-08 09:00:00')",
)
_NOTICE_ATTEMPT = (
    "INSERT INTO call_attempt (guest_id, reason, occasion_on, at, outcome, note, staff,"
    " delivery_id) VALUES (1, ?, '2026-03-08', '2026-03-08 10:00:00', 'no_answer', '', '', 5)"
)


def _indexes(connection: sqlite3.Connection, table: str) -> dict[str, str]:
    return dict(
        connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
            " AND sql IS NOT NULL",
            (table,),
        ).fetchall()
    )


@pytest.fixture
def at_0007(tmp_path: Path) -> Path:
    db = tmp_path / "old.db"
    upgrade(db, "0007")
    with sqlite3.connect(db) as connection:
        for statement in _ROWS:
            connection.execute(statement)
    return db


def test_the_upgrade_keeps_every_attempt_index_and_key(at_0007: Path) -> None:
    with sqlite3.connect(at_0007) as connection:
        attempts = connection.execute("SELECT * FROM call_attempt ORDER BY id").fetchall()
        indexes = _indexes(connection, "call_attempt")
    upgrade(at_0007, "0008")
    assert current_revision(at_0007) == "0008"
    connection = sqlite3.connect(at_0007)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        assert connection.execute("SELECT * FROM call_attempt ORDER BY id").fetchall() == [
            (*row, None) for row in attempts
        ]
        assert _indexes(connection, "call_attempt") == indexes
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # The feedback key is kept: deleting the response empties the link.
        connection.execute("DELETE FROM feedback WHERE id = 3")
        assert connection.execute(
            "SELECT feedback_id FROM call_attempt WHERE id = 8"
        ).fetchall() == [(None,)]
        # So is the reward's, which names the rebuilt table.
        connection.execute("DELETE FROM call_attempt WHERE id = 7")
        assert connection.execute("SELECT issued_by_attempt_id FROM reward").fetchall() == [(None,)]
    finally:
        connection.close()


def test_an_attempt_names_its_delivery_and_the_check_admits_notice_calls(at_0007: Path) -> None:
    upgrade(at_0007, "0008")
    connection = sqlite3.connect(at_0007)
    try:
        connection.execute("PRAGMA foreign_keys = ON")
        for statement in _MESSAGE:
            connection.execute(statement)
        connection.execute(_NOTICE_ATTEMPT, ("notice",))
        with pytest.raises(sqlite3.IntegrityError, match="ck_call_attempt_reason"):
            connection.execute(_NOTICE_ATTEMPT, ("gossip",))
        # The message deleted, its deliveries go and the attempt stays, naming none.
        connection.execute("DELETE FROM message WHERE id = 1")
        assert connection.execute(
            "SELECT reason, delivery_id FROM call_attempt WHERE reason = 'notice'"
        ).fetchall() == [("notice", None)]
        connection.commit()
    finally:
        connection.close()


def test_the_partial_index_is_the_model_s(at_0007: Path) -> None:
    upgrade(at_0007, "0008")
    with sqlite3.connect(at_0007) as connection:
        made = _indexes(connection, "message_delivery")["ix_message_delivery_to_call"]
    table = MessageDelivery.__table__  # type: ignore[attr-defined]
    (index,) = [i for i in table.indexes if i.name == "ix_message_delivery_to_call"]
    declared = str(CreateIndex(index).compile(dialect=sqlite_dialect.dialect()))
    assert " ".join(made.split()) == " ".join(declared.split())


def test_the_downgrade_gives_the_old_call_attempt_back(at_0007: Path) -> None:
    upgrade(at_0007, "0008")
    with sqlite3.connect(at_0007) as connection:
        for statement in _MESSAGE:
            connection.execute(statement)
        connection.execute(_NOTICE_ATTEMPT, ("notice",))
    downgrade(at_0007, "0007")
    with sqlite3.connect(at_0007) as connection:
        assert connection.execute("SELECT id, reason FROM call_attempt ORDER BY id").fetchall() == [
            (7, "birthday"),
            (8, "feedback"),
        ]
        columns = [row[1] for row in connection.execute("PRAGMA table_info(call_attempt)")]
        assert "delivery_id" not in columns and "feedback_id" in columns
