"""sqlite3's parameters in psycopg's words (storage.postgresql.placeholders): the one
translation that lets a raw statement serve both engines. No server needed."""

from __future__ import annotations

from guestbook.storage.postgresql.placeholders import named_values, translated


def test_bare_and_numbered_marks_number_as_sqlite_does() -> None:
    # SQLite: a bare ? takes the largest number so far plus one, so ?3 then ? is ?4.
    statement = translated("SELECT ? , ?3, ?, ?1")
    assert statement.sql == "SELECT %(p1)s , %(p3)s, %(p4)s, %(p1)s"
    assert statement.marked
    assert named_values(statement, ("a", "b", "c", "d")) == {
        "p1": "a",
        "p2": "b",
        "p3": "c",
        "p4": "d",
    }


def test_named_marks_and_casts() -> None:
    statement = translated("SELECT :day::date, x FROM t WHERE y = :who AND z = :day")
    assert statement.sql == "SELECT %(day)s::date, x FROM t WHERE y = %(who)s AND z = %(day)s"
    values = {"day": "2026-12-07", "who": "Anne"}
    assert named_values(statement, values) is values


def test_percent_is_doubled_and_quoted_text_is_kept() -> None:
    statement = translated("SELECT a % b, '?:x%', \"odd?name\" FROM t WHERE c = ?")
    assert statement.sql == "SELECT a %% b, '?:x%%', \"odd?name\" FROM t WHERE c = %(p1)s"


def test_a_quote_doubled_inside_a_text_does_not_end_it() -> None:
    statement = translated("SELECT 'it''s ?' , ?")
    assert statement.sql == "SELECT 'it''s ?' , %(p1)s"


def test_a_statement_without_marks_goes_as_it_is() -> None:
    # psycopg reads % only when it is given values: none are given, so nothing is doubled.
    statement = translated("SELECT 7 % 2")
    assert statement == ("SELECT 7 % 2", False)
    assert named_values(statement, ()) is None
