"""The small reads folded into fewer statements on PostgreSQL (issue 19): a search is one
statement there, the list's row at a position one, and the results are those SQLite gives.

The behaviour tests run on both engines with the same expectations; the counts of statements
and the session's plan setting are the server's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection

from guestbook.bootstrap import Services, make_server_services
from guestbook.clock import FixedClock
from guestbook.services.guests.listing import SortOrder, page_on
from guestbook.services.guests.search import SearchResult, search_guests, search_on
from guestbook.settings import Settings
from guestbook.storage.sqlite import raw, search
from tests.builders import add_guest, add_visit
from tests.conftest import TODAY

pytestmark = pytest.mark.both_backends


def find(services: Services, typed: str, limit: int = 200) -> SearchResult:
    return search_guests(services, typed, limit=limit)


@pytest.fixture
def numbers(services: Services) -> Services:
    """Guests found by "06 12" through its two ranges: numbers starting 06 12, numbers ending
    in 0612, and one guest in both."""
    add_guest(services, "Anne", "Start", phone="06 12 34 56 78")
    add_guest(services, "Bruno", "End", phone="01 02 03 06 12")
    add_guest(services, "Chloé", "Both", phone="06 12 00 06 12")
    add_guest(services, "Denis", "Neither", phone="07 98 76 54 32")
    return services


def test_a_guest_in_two_ranges_is_counted_once_and_ranked_where_first_read(
    numbers: Services,
) -> None:
    every = find(numbers, "06 12")
    # Every match shown: alphabetical (by last name); each guest once.
    assert [row.name for row in every.rows] == ["Chloé Both", "Bruno End", "Anne Start"]
    assert every.total == 3 and not every.capped
    top = find(numbers, "06 12", limit=2)
    # Not all shown: the numbers starting so first, in their order, then those ending so.
    assert [row.name for row in top.rows] == ["Chloé Both", "Anne Start"]
    assert top.total == 3 and not top.capped
    assert [row.phone for row in top.rows] == ["+33612000612", "+33612345678"]


def test_a_capped_range_says_n_plus_and_shows_the_limit(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    for index in range(7):
        add_guest(services, f"Guest{index}", "Caller", phone=f"06 12 34 56 7{index}")
    one_range = find(services, "+33 6 12 34", limit=3)
    assert one_range.capped and one_range.total == 5 and one_range.total_text == "5+ matches"
    assert [row.phone for row in one_range.rows] == [
        "+33612345670", "+33612345671", "+33612345672",
    ]  # fmt: skip
    two_ranges = find(services, "06 12", limit=3)
    assert two_ranges.capped and two_ranges.total == 5 and len(two_ranges.rows) == 3
    names = find(services, "caller", limit=2)
    # A name word is read to twice the cap: 7 guests, more than 5, so "5+".
    assert names.capped and names.total == 5 and len(names.rows) == 2


def test_words_and_email_chained_without_repeats(services: Services) -> None:
    add_guest(services, "Marc", "Dupont", phone=False, emails=("marc.dupont@example.fr",))
    add_guest(services, "Marie", "Dupuis", phone=False)
    add_guest(services, "Paul", "Marceau", phone=False, emails=("paul@example.fr",))
    # "marc" is a name word of two guests and the start of one's address: each once.
    found = find(services, "marc")
    assert [row.name for row in found.rows] == ["Marc Dupont", "Paul Marceau"]
    assert found.total == 2 and not found.capped
    both = find(services, "dup mar")
    assert [row.name for row in both.rows] == ["Marc Dupont", "Marie Dupuis"]
    assert find(services, "dup zz").total_text == "No match"


def test_the_same_search_answers_the_same_once_its_plan_is_kept(services: Services) -> None:
    """psycopg prepares a statement once a connection has run it five times, and the server
    then keeps one plan for it (storage.postgresql.engine): values that change from keystroke
    to keystroke still find what they should."""
    for index in range(3):
        add_guest(services, f"Zoé{index}", "Lambert", phone=f"06 55 44 33 2{index}")

    def typed(connection: Connection) -> list[tuple[str, int]]:
        found = []
        for prefix in ["06 5", "06 55", "06 55 44", "06 55 44 33 20", "07", "06 55 44 33"] * 2:
            result = search_on(connection, prefix, today=TODAY)
            found.append((prefix, result.total))
        return found

    totals = services.read(typed)
    assert totals == [("06 5", 3), ("06 55", 3), ("06 55 44", 3), ("06 55 44 33 20", 1),
                      ("07", 0), ("06 55 44 33", 3)] * 2  # fmt: skip


def test_the_row_at_a_position_from_either_end_in_both_orders(services: Services) -> None:
    for index in range(6):
        guest = add_guest(services, f"Row{index}", f"Name{5 - index}", phone=False)
        if index % 2:
            add_visit(services, dt.date(2026, 10, 1) + dt.timedelta(days=index), guest)

    def pages(connection: Connection) -> dict[SortOrder, list[list[str]]]:
        return {
            order: [
                [row.name for row in page_on(connection, order, number, total=6, today=TODAY, size=2).rows]
                for number in range(3)
            ]
            for order in SortOrder
        }  # fmt: skip

    assert services.read(pages) == {
        SortOrder.NAME: [["Row5 Name0", "Row4 Name1"], ["Row3 Name2", "Row2 Name3"],
                         ["Row1 Name4", "Row0 Name5"]],
        # The latest visit first, the never-visited last (by id, the newest first).
        SortOrder.LAST_VISIT: [["Row5 Name0", "Row3 Name2"], ["Row1 Name4", "Row4 Name1"],
                               ["Row2 Name3", "Row0 Name5"]],
    }  # fmt: skip


# --- The server's own -------------------------------------------------------------------------


@pytest.fixture
def server_services(postgresql_url: str) -> Iterator[Services]:
    services = make_server_services(postgresql_url, FixedClock(TODAY), Settings(), staff="Test")
    yield services
    services.close()


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The statements sent to psycopg through storage.sqlite.raw while a test runs."""
    statements: list[str] = []
    original = raw.PostgresqlRaw.execute

    def execute(self: raw.PostgresqlRaw, sql: str, parameters: Any = (), /) -> raw.Cursor:
        statements.append(sql)
        return original(self, sql, parameters)

    monkeypatch.setattr(raw.PostgresqlRaw, "execute", execute)
    return statements


@pytest.mark.postgresql
def test_a_search_is_one_statement_on_the_server(
    server_services: Services, sent: list[str]
) -> None:
    add_guest(server_services, "Hélène", "Dupont", phone="06 12 34 56 78", emails=("h@d.fr",))
    for typed in ("+33 6 12 34", "06 12", "5678", "hel", "h@"):
        sent.clear()
        assert find(server_services, typed).total == 1
        assert len(sent) == 1, typed
    sent.clear()
    assert [row.name for row in find(server_services, "dup hel").rows] == ["Hélène Dupont"]
    assert len(sent) == 2  # how many name words start with each word, then the search


@pytest.mark.postgresql
def test_the_row_at_a_position_is_one_statement_on_the_server(
    server_services: Services, sent: list[str]
) -> None:
    for index in range(3):
        add_guest(server_services, f"Row{index}", "Name", phone=False)

    def first_page(connection: Connection) -> list[str]:
        page = page_on(connection, SortOrder.NAME, 0, total=3, today=TODAY, size=2)
        return [row.name for row in page.rows]

    assert server_services.read(first_page) == ["Row0 Name", "Row1 Name"]
    # The row at the position with its guest, the rows after it, the rewards they are owed.
    assert len(sent) == 3
