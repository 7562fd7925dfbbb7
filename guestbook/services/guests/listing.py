"""The guest list, one window at a time: a million guests are never loaded at once.

Pages come from the sort's index. Moving to the next or previous page is a keyset step from a
row already shown (constant time wherever it is); a jump (the middle, the end, a scrollbar drag)
is an OFFSET over the covering index counted from the nearer end, so no page costs more than a
walk over half of one index (storage.sqlite.guest_list). The rewards owed are counted only for
the page's own guests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.domain.listing import GuestRow, SortOrder
from guestbook.services.context import Services
from guestbook.storage.sqlite import guest_list as sql

__all__ = [
    "PAGE_SIZE",
    "GuestRow",
    "OpenedList",
    "Page",
    "SortOrder",
    "count_guests",
    "load_page",
    "open_list",
    "position_of",
]

PAGE_SIZE = 200


@dataclass(frozen=True)
class Page:
    """Rows `start` to `start + len(rows) - 1` (0-based) of the list in `order`."""

    order: SortOrder
    number: int
    start: int
    rows: tuple[GuestRow, ...]


@dataclass(frozen=True)
class OpenedList:
    total: int
    page: Page  # the page holding `position`
    position: int  # where the cursor goes


def open_list(
    services: Services,
    order: SortOrder,
    *,
    near: GuestRow | None = None,
    position: int = 0,
    size: int = PAGE_SIZE,
) -> OpenedList:
    """The list's length and the page holding `near` (or `position`), read together."""
    today = services.clock.today()

    def work(connection: Connection) -> OpenedList:
        total = sql.count_guests(connection)
        at = sql.position_of(connection, order, near) if near is not None else position
        at = min(at, max(total - 1, 0))
        page = page_on(connection, order, at // size, total=total, today=today, size=size)
        return OpenedList(total, page, at)

    return services.read(work)


def count_guests(services: Services) -> int:
    """Every row of the list (the N of "row i of N")."""
    return services.read(sql.count_guests)


def load_page(
    services: Services,
    order: SortOrder,
    number: int,
    *,
    total: int,
    neighbours: Sequence[Page] = (),
    size: int = PAGE_SIZE,
) -> Page:
    """Page `number` (rows number×size onwards), from a neighbouring page when one is known."""
    today = services.clock.today()
    return services.read(
        lambda connection: page_on(
            connection, order, number, total=total, today=today, neighbours=neighbours, size=size
        )
    )


def position_of(services: Services, order: SortOrder, row: GuestRow) -> int:
    """How many rows come before `row` (to open the list at a guest just created or edited)."""
    return services.read(lambda connection: sql.position_of(connection, order, row))


def page_on(
    connection: Connection,
    order: SortOrder,
    number: int,
    *,
    total: int,
    today: dt.date,
    neighbours: Sequence[Page] = (),
    size: int = PAGE_SIZE,
) -> Page:
    start = number * size
    if start >= total or number < 0:
        return Page(order, number, start, ())
    by_number = {page.number: page for page in neighbours if page.order is order and page.rows}
    previous, following = by_number.get(number - 1), by_number.get(number + 1)
    if previous is not None and len(previous.rows) == size:
        rows = sql.rows_after(connection, order, previous.rows[-1], size)
    elif following is not None:
        rows = sql.rows_before(connection, order, following.rows[0], size)
    else:
        rows = _rows_from_position(connection, order, start, size, total)
    return Page(order, number, start, sql.with_rewards_owed(connection, rows, today))


def _rows_from_position(
    connection: Connection, order: SortOrder, start: int, size: int, total: int
) -> list[GuestRow]:
    last = min(start + size, total) - 1
    if start <= total - 1 - last:  # nearer the start: find the first row, read forward
        first = sql.row_at(connection, order, start, total)
        if first is None:
            return []
        return sql.rows_after(connection, order, first, size, inclusive=True)
    anchor = sql.row_at(connection, order, last, total)  # nearer the end: find the last, read back
    if anchor is None:
        return []
    return [*sql.rows_before(connection, order, anchor, last - start), anchor]
