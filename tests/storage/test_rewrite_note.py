"""The note of the tables waiting for their rewrite after an erasure (storage.postgresql.rewrite):
tables add up over erasures, and a rewrite clears the note only if no erasure added to it since
it was read (that erasure's rows may have changed after the rewrite passed its table)."""

from __future__ import annotations

import pytest

from guestbook.bootstrap import Services
from guestbook.storage.postgresql import rewrite

pytestmark = pytest.mark.both_backends


def _note(services: Services, *tables: str) -> None:
    services.write(lambda session: rewrite.note_pending(session.connection(), tables))


def _pending(services: Services) -> rewrite.Pending:
    return services.read(rewrite.pending)


def _done(services: Services, seen: rewrite.Pending) -> None:
    services.write(lambda session: rewrite.done(session.connection(), seen))


def test_tables_add_up_over_erasures(services: Services) -> None:
    assert _pending(services) == rewrite.Pending(frozenset(), 0)
    _note(services, "guest", "phone")
    _note(services, "guest", "consent_event")
    assert _pending(services) == rewrite.Pending(frozenset({"guest", "phone", "consent_event"}), 2)


def test_a_rewrite_clears_what_it_read(services: Services) -> None:
    _note(services, "guest", "phone")
    seen = _pending(services)
    _done(services, seen)
    assert _pending(services) == rewrite.Pending(frozenset(), 0)


def test_an_erasure_noted_during_the_rewrite_stays(services: Services) -> None:
    _note(services, "guest", "phone")
    seen = _pending(services)
    _note(services, "guest")  # the same table, by an erasure committed meanwhile
    _done(services, seen)
    assert _pending(services) == rewrite.Pending(frozenset({"guest", "phone"}), 2)
