"""guestbook's services on a PostgreSQL server (issue 19): opened on a URL (the schema made or
brought up to date, terminals taking turns), reads on one snapshot, writes that lose nothing
when several terminals write at once (serialization failures and deadlocks tried again, never
shown), and search's keys in byte order whatever the database's collation. Needs a server
(tests/postgresql_server.py): skipped, and said, without."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from functools import partial

import psycopg
import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url
from sqlmodel import Session

from guestbook.bootstrap import make_server_services
from guestbook.clock import FixedClock
from guestbook.errors import UserError
from guestbook.services.context import Services
from guestbook.services.summaries.late_from import LATE_FROM_RULE_KEY, late_from_rule
from guestbook.settings import Settings
from guestbook.storage.dialects import BYTEWISE_COLUMNS
from guestbook.storage.migrate import SCHEMA_HEAD
from guestbook.storage.postgresql.migrate import schema_revision
from guestbook.storage.sqlite.summaries import get_meta, set_meta
from tests.builders import add_guest
from tests.conftest import TODAY
from tests.database import execute, query

pytestmark = pytest.mark.postgresql


def _services(url: str) -> Services:
    return make_server_services(url, FixedClock(TODAY), Settings(), staff="Test")


@pytest.fixture
def server_services(postgresql_url: str) -> Iterator[Services]:
    services = _services(postgresql_url)
    yield services
    services.close()


def test_a_new_database_gets_the_schema_and_the_lapse_rule(server_services: Services) -> None:
    assert server_services.db_path is None and server_services.lock is None
    revision = server_services.read(schema_revision)
    rule = server_services.read(lambda connection: get_meta(connection, LATE_FROM_RULE_KEY))
    assert revision == SCHEMA_HEAD
    assert rule == late_from_rule(server_services.settings)


def test_terminals_opening_a_new_database_at_once_make_the_schema_once(
    postgresql_url: str,
) -> None:
    opened: list[Services] = []
    failures: list[BaseException] = []

    def open_one() -> None:
        try:
            opened.append(_services(postgresql_url))
        except BaseException as error:  # the test reports it below
            failures.append(error)

    _at_once(open_one, open_one, open_one)
    try:
        assert failures == []
        assert [services.read(schema_revision) for services in opened] == [SCHEMA_HEAD] * 3
    finally:
        for services in opened:
            services.close()


def test_an_unreachable_server_is_said_without_the_password() -> None:
    with pytest.raises(UserError) as caught:
        _services("postgresql://owner:s3cret@127.0.0.1:9/guestbook")
    message = str(caught.value)
    assert "cannot connect to postgresql+psycopg://owner:***@127.0.0.1:9/guestbook" in message
    assert "s3cret" not in message


def _at_once(*terminals: Callable[[], None]) -> None:
    """Run each of `terminals` in a thread of its own, all at once, and wait for them."""
    threads = [threading.Thread(target=terminal) for terminal in terminals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _counter(connection: Connection) -> int:
    return int(get_meta(connection, "test_counter") or 0)


def test_two_terminals_adding_to_one_row_lose_nothing(server_services: Services) -> None:
    """Each write reads a value and writes it plus one: without SERIALIZABLE and the retries,
    two terminals at once overwrite each other's additions."""
    per_terminal = 15

    def add_one(session: Session) -> None:
        connection = session.connection()
        value = _counter(connection)
        time.sleep(0.005)  # the other terminal reads the same value meanwhile
        set_meta(connection, "test_counter", str(value + 1))

    def terminal() -> None:
        for _ in range(per_terminal):
            server_services.write(add_one)

    _at_once(terminal, terminal)
    assert server_services.read(_counter) == 2 * per_terminal


def _zero(session: Session, key: str) -> None:
    set_meta(session.connection(), key, "0")


def test_a_deadlock_is_tried_again_and_both_writes_land(server_services: Services) -> None:
    for key in ("left", "right"):
        server_services.write(partial(_zero, key=key))
    both_hold_one = threading.Barrier(2, timeout=10)
    tries = {"left": 0, "right": 0}

    def cross(first: str, second: str) -> None:
        def work(session: Session) -> None:
            connection = session.connection()
            tries[first] += 1
            set_meta(connection, first, first)
            if tries[first] == 1:
                both_hold_one.wait()  # each holds one row, then wants the other's: deadlock
            set_meta(connection, second, first)

        server_services.write(work)

    _at_once(partial(cross, "left", "right"), partial(cross, "right", "left"))
    values = server_services.read(
        lambda connection: {key: get_meta(connection, key) for key in ("left", "right")}
    )
    # Both transactions committed whole: each wrote its own key, one of them last wrote both.
    assert values in ({"left": "left", "right": "left"}, {"left": "right", "right": "right"})
    assert sorted(tries.values()) == [1, 2]  # one was chosen as the victim and ran again


def test_a_read_sees_one_snapshot(server_services: Services) -> None:
    def read_twice(connection: Connection) -> tuple[int, int]:
        before = _counter(connection)
        server_services.write(lambda session: set_meta(session.connection(), "test_counter", "9"))
        return before, _counter(connection)

    assert server_services.read(read_twice) == (0, 0)
    assert server_services.read(_counter) == 9


@pytest.fixture
def icu_french_url(postgresql_url: str) -> Iterator[str]:
    """A database whose own collation is ICU's French, as a French host's server may make."""
    url = make_url(postgresql_url)
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"{url.database}_fr"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(
            f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
            "ICU_LOCALE 'fr-FR' LOCALE 'C.UTF-8'"
        )
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


WORDS = ["a.b", "a_b", "a-b", "a,b", "ab", "aB", "a b"]


def test_search_keys_sort_byte_by_byte_in_a_french_database(icu_french_url: str) -> None:
    """French collation sorts `_` before `.` and `-` before `,`; search reads prefixes as
    ranges, so the keys must sort as SQLite sorts them: byte by byte."""
    services = _services(icu_french_url)
    try:
        with services.engine.connect() as connection:
            collations = connection.execute(
                text(
                    "SELECT table_name, column_name, collation_name "
                    "FROM information_schema.columns WHERE collation_name = 'C' AND table_schema = 'public'"
                )
            ).all()
            french = connection.execute(
                text("SELECT w FROM unnest(CAST(:words AS text[])) AS w ORDER BY 1"),
                {"words": WORDS},
            ).scalars()
            assert list(french) != sorted(WORDS)  # else this database proves nothing
        # The search column itself, as the app's statements read it.
        guest = add_guest(services, "Anne", "Ordre")
        for word in WORDS:
            execute(
                services, "INSERT INTO guest_token (token, guest_id) VALUES (?, ?)", word, guest
            )
        ordered = query(
            services, "SELECT token FROM guest_token WHERE guest_id = ? ORDER BY token", guest
        )
        assert [token for (token,) in ordered if token in WORDS] == sorted(WORDS)
    finally:
        services.close()
    assert {(table, column) for table, column, _ in collations} == set(BYTEWISE_COLUMNS)
