"""The schema on PostgreSQL (issue 19): the same migrations reach the same head, the tables
match the models, the partial indexes keep their WHERE, and a newer guestbook's database is
refused untouched. Needs a server (tests/postgresql_server.py): skipped, and said, without."""

from __future__ import annotations

import warnings
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine
from sqlmodel import SQLModel

import guestbook.storage.tables  # noqa: F401
from guestbook.storage.database_url import postgresql_url
from guestbook.storage.migrate import SCHEMA_HEAD, NewerSchemaError
from guestbook.storage.postgresql.engine import make_postgresql_engine
from guestbook.storage.postgresql.migrate import schema_revision, upgrade_postgresql

pytestmark = pytest.mark.postgresql

# Indexes on an expression: Alembic can compare neither side's (it says so and reports them
# as added and removed); test_expression_and_partial_indexes checks them on the server.
EXPRESSION_INDEXES = {"ix_guest_reach", "ix_feedback_to_call", "ix_message_delivery_to_call"}


def _engine(url: str) -> Engine:
    return make_postgresql_engine(postgresql_url(url))


def _upgraded(url: str) -> Engine:
    engine = _engine(url)
    with engine.begin() as connection:
        assert upgrade_postgresql(connection) is None  # a new database
    return engine


def _index_name(difference: Any) -> str | None:
    kind, *rest = difference
    return rest[0].name if kind in ("add_index", "remove_index") else None


def test_the_migrations_reach_the_head_and_match_the_models(postgresql_url: str) -> None:
    engine = _upgraded(postgresql_url)
    with engine.connect() as connection:
        assert schema_revision(connection) == SCHEMA_HEAD
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "expression-based index" reflection notes
            differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert [d for d in differences if _index_name(d) not in EXPRESSION_INDEXES] == []
    assert {_index_name(d) for d in differences} <= EXPRESSION_INDEXES


def test_expression_and_partial_indexes(postgresql_url: str) -> None:
    _upgraded(postgresql_url).dispose()
    plain = postgresql_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        rows = connection.execute("SELECT indexname, indexdef FROM pg_indexes").fetchall()
    definitions: dict[str, str] = dict(rows)
    assert (
        "WHERE ((primary_phone IS NOT NULL) AND consent_call)"
        in (definitions["ix_guest_birthday_call"])
    )
    assert "WHERE (redeemed_visit_id IS NULL)" in definitions["ix_reward_open_guest"]
    assert (
        "WHERE (((channel)::text = 'call'::text) AND (attempts > 0))"
        in (definitions["ix_message_delivery_to_call"])
    )
    assert "COALESCE(called_back_at" in definitions["ix_feedback_to_call"]
    assert "(consent_call)::integer" in definitions["ix_guest_reach"]


def test_a_second_upgrade_changes_nothing(postgresql_url: str) -> None:
    engine = _upgraded(postgresql_url)
    with engine.begin() as connection:
        assert upgrade_postgresql(connection) == SCHEMA_HEAD
    engine.dispose()


def test_a_newer_guestbooks_database_is_refused_untouched(postgresql_url: str) -> None:
    engine = _engine(postgresql_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE alembic_version (version_num varchar(32))")
        connection.exec_driver_sql("INSERT INTO alembic_version VALUES ('9999')")
    with pytest.raises(NewerSchemaError), engine.begin() as connection:
        upgrade_postgresql(connection)
    with engine.connect() as connection:
        tables = connection.exec_driver_sql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).scalar()
    engine.dispose()
    assert tables == 1  # alembic_version alone: nothing was made
