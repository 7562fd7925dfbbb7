"""The windowed guest list: pages by keyset forward and back, jumps, both sort orders."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import cast

import pytest
from sqlalchemy import Connection

from guestbook.bootstrap import Services
from guestbook.services.guests.listing import (
    GuestRow,
    Page,
    SortOrder,
    count_guests,
    load_page,
    page_on,
    position_of,
)
from guestbook.storage.sqlite import guest_list
from guestbook.storage.sqlite.raw import dbapi
from tests.builders import add_guest, add_visit
from tests.database import execute, query

pytestmark = pytest.mark.both_backends

SIZE = 4  # small pages, so a handful of guests spans several


@pytest.fixture
def crowd(services: Services) -> Services:
    """13 guests; 9 of them visited (some on the same day), 4 never came."""
    for index in range(13):
        guest = add_guest(services, f"Guest{index:02d}", f"Name{(index * 7) % 13:02d}", phone=False)
        if index < 9:
            add_visit(services, dt.date(2026, 10, 1) + dt.timedelta(days=index // 2), guest)
    return services


def whole_order(services: Services, order: SortOrder) -> list[int]:
    """The list as one query would sort it: what every page must agree with (NULLS LAST said,
    as PostgreSQL would put the never-visited first)."""
    sql = {
        SortOrder.NAME: "SELECT id FROM guest ORDER BY name_key, id",
        SortOrder.LAST_VISIT: (
            "SELECT id FROM guest ORDER BY last_visit_on DESC NULLS LAST, id DESC"
        ),
    }[order]
    return [int(row[0]) for row in query(services, sql)]


def page(services: Services, order: SortOrder, number: int, *neighbours: Page) -> Page:
    return load_page(
        services,
        order,
        number,
        total=count_guests(services),
        neighbours=neighbours,
        size=SIZE,
    )


def ids(rows: tuple[GuestRow, ...] | list[GuestRow]) -> list[int]:
    return [row.guest_id for row in rows]


@pytest.mark.parametrize("order", list(SortOrder))
def test_paging_forward_by_keyset_covers_the_list_once(crowd: Services, order: SortOrder) -> None:
    expected = whole_order(crowd, order)
    seen: list[int] = []
    current = page(crowd, order, 0)
    while current.rows:
        assert current.start == len(seen)
        seen += ids(current.rows)
        current = page(crowd, order, current.number + 1, current)
    assert seen == expected


@pytest.mark.parametrize("order", list(SortOrder))
def test_paging_backward_from_the_end(crowd: Services, order: SortOrder) -> None:
    expected = whole_order(crowd, order)
    last = page(crowd, order, (len(expected) - 1) // SIZE)
    assert ids(last.rows) == expected[last.start :]
    seen = ids(last.rows)
    current = last
    while current.number > 0:
        current = page(crowd, order, current.number - 1, current)
        assert ids(current.rows) == expected[current.start : current.start + SIZE]
        seen = ids(current.rows) + seen
    assert seen == expected


@pytest.mark.parametrize("order", list(SortOrder))
@pytest.mark.parametrize("number", [0, 1, 2, 3])
def test_jumping_to_any_page_matches_the_full_order(
    crowd: Services, order: SortOrder, number: int
) -> None:
    expected = whole_order(crowd, order)
    jumped = page(crowd, order, number)
    assert jumped.start == number * SIZE
    assert ids(jumped.rows) == expected[number * SIZE : number * SIZE + SIZE]


def test_a_page_past_the_end_is_empty(crowd: Services) -> None:
    assert page(crowd, SortOrder.NAME, 4).rows == ()
    assert page(crowd, SortOrder.NAME, -1).rows == ()


def test_last_visit_order_puts_never_visited_last(crowd: Services) -> None:
    first = load_page(crowd, SortOrder.LAST_VISIT, 0, total=13, size=13)
    dates = [row.last_visit_on for row in first.rows]
    known = [d for d in dates if d is not None]
    assert known == sorted(known, reverse=True) and dates[len(known) :] == [None] * 4


def test_keyset_steps_cross_from_dated_rows_to_never_visited(crowd: Services) -> None:
    expected = whole_order(crowd, SortOrder.LAST_VISIT)
    full = load_page(crowd, SortOrder.LAST_VISIT, 0, total=13, size=13).rows
    last_dated = full[8]
    first_undated = full[9]
    after = crowd.read(
        lambda connection: guest_list.rows_after(connection, SortOrder.LAST_VISIT, last_dated, 3)
    )
    before = crowd.read(
        lambda connection: guest_list.rows_before(
            connection, SortOrder.LAST_VISIT, first_undated, 3
        )
    )
    assert ids(after) == expected[9:12]
    assert ids(before) == expected[6:9]
    assert position_of(crowd, SortOrder.LAST_VISIT, first_undated) == 9
    assert position_of(crowd, SortOrder.NAME, full[4]) == whole_order(crowd, SortOrder.NAME).index(
        full[4].guest_id
    )


@pytest.mark.parametrize("visited", [9, 2], ids=["mostly-dated", "mostly-never-visited"])
@pytest.mark.parametrize("order", list(SortOrder))
def test_every_position_is_found_from_either_end(
    services: Services, order: SortOrder, visited: int
) -> None:
    """Jumps read the row at a position from the nearer end, across the never-visited (NULL
    last visits, which PostgreSQL sorts at the other end than SQLite) from either side."""
    for index in range(13):
        guest = add_guest(services, f"Guest{index:02d}", f"Name{(index * 5) % 13:02d}", phone=False)
        if index < visited:
            add_visit(services, dt.date(2026, 10, 1) + dt.timedelta(days=index // 2), guest)
    expected = whole_order(services, order)
    found = services.read(
        lambda connection: [
            guest_list.row_at(connection, order, position, len(expected))
            for position in range(len(expected))
        ]
    )
    assert [row.guest_id if row else None for row in found] == expected
    for position, row in enumerate(found):
        assert row is not None and position_of(services, order, row) == position


def test_rows_carry_rewards_owed_for_the_page_only(services: Services) -> None:
    guest = add_guest(services, "Anne", "Martin")
    add_guest(services, "Bruno", "Martin")
    execute(
        services,
        "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, created_at) "
        "VALUES (?, 'birthday', '', '2026-11-15', '2026-12-20', '2026-11-15 10:00:00'), "
        "(?, 'sponsor', '', '2026-01-01', '2026-02-01', '2026-01-01 10:00:00')",
        guest,
        guest,
    )
    rows = page(services, SortOrder.NAME, 0).rows
    assert [(row.first_name, row.rewards_owed) for row in rows] == [("Anne", 1), ("Bruno", 0)]


# --- Query plans ---------------------------------------------------------------------------------


def traced_plans(services: Services, order: SortOrder, number: int, *near: Page) -> list[str]:
    statements: list[str] = []
    today = services.clock.today()

    def work(connection: Connection) -> list[str]:
        raw = cast("sqlite3.Connection", dbapi(connection))  # SQLite's own tracing
        total = guest_list.count_guests(connection)  # once per list, not per page: not traced
        raw.set_trace_callback(statements.append)
        try:
            page_on(
                connection,
                order,
                number,
                total=total,
                today=today,
                neighbours=near,
                size=SIZE,
            )
        finally:
            raw.set_trace_callback(None)
        return [
            " | ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in statements
            if sql.lstrip().upper().startswith("SELECT")
        ]

    return services.read(work)


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN, traced on sqlite3's connection
@pytest.mark.parametrize(
    ("order", "index"),
    [(SortOrder.NAME, "ix_guest_name_order"), (SortOrder.LAST_VISIT, "ix_guest_last_visit_order")],
)
@pytest.mark.parametrize("where", ["first", "middle", "end", "next"])
def test_pages_read_through_the_sort_index(
    crowd: Services, order: SortOrder, index: str, where: str
) -> None:
    number = {"first": 0, "middle": 1, "end": 3, "next": 2}[where]
    near = (page(crowd, order, 1),) if where == "next" else ()
    plans = traced_plans(crowd, order, number, *near)
    guest_steps = [
        step
        for plan in plans
        for step in plan.split(" | ")
        if re.match(r"(SCAN|SEARCH) guest\b", step) and "USING INTEGER PRIMARY KEY" not in step
    ]
    assert guest_steps, plans
    for step in guest_steps:
        assert index in step, plans
        assert step.startswith("SEARCH") or "COVERING INDEX" in step, plans
    assert not any("USE TEMP B-TREE FOR ORDER BY" in plan for plan in plans), plans
