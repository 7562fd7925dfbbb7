"""Rewards owed: how many each guest may redeem today, which ones at a table, and those an
erasure lapses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.storage.sqlite.raw import as_date, dbapi
from guestbook.storage.sqlite.raw import rows as raw_rows

_SEEKS_WORTH_IT = 2000
_IN_LIST = 500


def rewards_owed(
    connection: Connection, guest_ids: Iterable[int], today: dt.date
) -> dict[int, int]:
    """How many rewards each guest may redeem today (only guests with some are returned)."""
    ids = sorted(set(guest_ids))
    owed: dict[int, int] = {}
    if len(ids) > _SEEKS_WORTH_IT:
        # For thousands of guests, one pass over the rewards open today (through
        # ix_reward_open) beats a B-tree seek per guest.
        wanted = set(ids)
        rows = raw_rows(
            connection,
            "SELECT guest_id, count(*) FROM reward WHERE redeemed_visit_id IS NULL "
            "AND valid_to >= :today AND valid_from <= :today GROUP BY guest_id",
            {"today": today.isoformat()},
        )
        return {int(guest): int(count) for guest, count in rows if guest in wanted}
    for start in range(0, len(ids), _IN_LIST):
        # Integers only, formatted by us: safe to inline, and SQLite caps bound parameters.
        placeholders = ", ".join(str(int(i)) for i in ids[start : start + _IN_LIST])
        rows = raw_rows(
            connection,
            f"SELECT guest_id, count(*) FROM reward WHERE guest_id IN ({placeholders}) "
            "AND redeemed_visit_id IS NULL AND valid_from <= :today AND valid_to >= :today "
            "GROUP BY guest_id",
            {"today": today.isoformat()},
        )
        owed.update({int(guest): int(count) for guest, count in rows})
    return owed


def open_rewards_of(
    connection: Connection, guest_ids: Sequence[int], today: dt.date
) -> list[tuple[Any, ...]]:
    """(reward id, guest id, first name, last name, kind, reason, valid to: a date) of the
    rewards these guests may redeem today, soonest to expire first."""
    ids = sorted({int(i) for i in guest_ids})
    if not ids:
        return []
    placeholders = ", ".join(str(i) for i in ids)
    rows = raw_rows(
        connection,
        "SELECT r.id, r.guest_id, g.first_name, g.last_name, r.kind, r.reason, r.valid_to "
        f"FROM reward r JOIN guest g ON g.id = r.guest_id WHERE r.guest_id IN ({placeholders}) "
        "AND r.redeemed_visit_id IS NULL "
        "AND r.valid_from <= :today AND r.valid_to >= :today "
        "ORDER BY r.valid_to, r.id",
        {"today": today.isoformat()},
    )
    return [(*row[:6], as_date(row[6])) for row in rows]


# What an erased guest was still owed lapses the day before the erasure: nobody can redeem it
# any more (their card is gone), and so every count of rewards owed (not redeemed, valid
# today: the guest list's, the agenda's, the Referrals summary's) leaves it out. The rows
# stay, as every erased guest's rows do, so the history adds up; a reward not valid yet lapses
# too (valid_from moved back with valid_to: its dates stay in order). The reward table has no
# column for why it lapsed: the guest's erasure (guest.erased_at, erasure) is the reason.
_LAPSE = (
    "UPDATE reward SET valid_to = ?1,"
    " valid_from = CASE WHEN valid_from > ?1 THEN ?1 ELSE valid_from END"
    " WHERE redeemed_visit_id IS NULL AND valid_to > ?1 AND guest_id IN ({ids})"
)


def lapse_owed(connection: Connection, guest_ids: Sequence[int], erased_on: dt.date) -> int:
    """Lapse, in the caller's transaction, the rewards `guest_ids` (being erased on
    `erased_on`, their local day) could still redeem; returns how many."""
    ids = sorted({int(i) for i in guest_ids})
    if not ids:
        return 0
    lapsed = 0
    eve = (erased_on - dt.timedelta(days=1)).isoformat()
    for start in range(0, len(ids), _IN_LIST):
        # Integers only, formatted by us: safe to inline, and SQLite caps bound parameters.
        placeholders = ", ".join(str(i) for i in ids[start : start + _IN_LIST])
        cursor = dbapi(connection).execute(_LAPSE.format(ids=placeholders), (eve,))
        lapsed += max(cursor.rowcount, 0)
    return lapsed
