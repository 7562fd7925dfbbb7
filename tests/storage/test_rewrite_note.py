"""The notes of the tables waiting for their rewrite after an erasure on a server
(storage.postgresql.rewrite): one per erasure, never written by two; a rewrite deletes the
notes it read and leaves those written since (that erasure's rows may have changed after the
rewrite passed its table); the rewrite names only tables an erasure changes, whatever a note
says."""

from __future__ import annotations

import pytest

from guestbook.bootstrap import Services
from guestbook.services.rights.erasure import Cleaning, finish_erasures
from guestbook.storage.postgresql import rewrite
from tests.database import execute, query
from tests.postgresql_server import POSTGRESQL

pytestmark = pytest.mark.postgresql


@pytest.fixture
def backend() -> str:
    """A note is written in an erasure's transaction on a server only."""
    return POSTGRESQL


def _note(services: Services, *tables: str) -> None:
    services.write(lambda session: rewrite.note_pending(session.connection(), tables))


def _pending(services: Services) -> rewrite.Pending:
    return services.read(rewrite.pending)


def _done(services: Services, seen: rewrite.Pending) -> None:
    services.write(lambda session: rewrite.done(session.connection(), seen))


def test_tables_add_up_over_erasures(services: Services) -> None:
    assert _pending(services) == rewrite.Pending(frozenset(), frozenset())
    _note(services, "guest", "phone")
    _note(services, "guest", "consent_event")
    found = _pending(services)
    assert found.tables == {"guest", "phone", "consent_event"} and len(found.notes) == 2


def test_a_rewrite_clears_what_it_read(services: Services) -> None:
    _note(services, "guest", "phone")
    _done(services, _pending(services))
    assert _pending(services) == rewrite.Pending(frozenset(), frozenset())


def test_an_erasure_noted_during_the_rewrite_stays(services: Services) -> None:
    _note(services, "guest", "phone")
    seen = _pending(services)
    _note(services, "guest")  # the same table, by an erasure committed meanwhile
    _done(services, seen)
    assert _pending(services).tables == {"guest"}


def test_a_note_written_after_a_cleared_one_is_not_cleared_by_an_older_reader(
    services: Services,
) -> None:
    """Reviewed: with one row and a count reset when cleared, an older rewrite's `done` could
    clear a newer erasure's note that happened to look the same."""
    _note(services, "guest")
    seen_by_a_slow_rewrite = _pending(services)
    _done(services, _pending(services))  # another rewrite cleared it
    _note(services, "guest")  # a new erasure, the same tables
    _done(services, seen_by_a_slow_rewrite)
    assert _pending(services).tables == {"guest"}


def test_the_rewrite_names_only_tables_an_erasure_changes(services: Services) -> None:
    """A note is a row anyone with access to the database may write: what it names goes into
    the VACUUM statement only when it is one of storage.sqlite.erasure.ERASED_TABLES."""
    execute(services, "INSERT INTO app_meta (key, value) VALUES (?, ?)",
            rewrite.PENDING_PREFIX + "1", "guest,alembic_version;DROP TABLE guest")  # fmt: skip
    assert finish_erasures(services, wait_seconds=0) is Cleaning.DONE
    assert _pending(services) == rewrite.Pending(frozenset(), frozenset())
    assert query(services, "SELECT count(*) FROM guest") == [(0,)]  # still there
