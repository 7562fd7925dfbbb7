"""Demo data: when a chunk's guests came and with whom. Casual guests once or a few times,
regulars every few weeks, lapsed regulars who stopped coming; now and then a table shared
with other known guests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.demo.records import DAY, Guest, Table
from guestbook.domain.calls import median_gap

if TYPE_CHECKING:
    from guestbook.demo.story import Chunk

LOOKBACK_DAYS = 730  # two years of visits
JOIN_SHARE = 0.10  # casual guests sharing a table with other known guests
PARTY_SIZES = (1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 6, 6, 8)
LUNCH, DINNER = (39_600, 6_300), (70_200, 10_800)  # (start, span) s


def plan_visits(chunk: Chunk, unit: list[Guest]) -> None:
    rand = chunk.rand
    if unit[0].imported and rand() < 0.35:
        return  # in the old system's file, not seen since the import
    kind = rand()
    if kind < 0.52:
        _seat(chunk, unit, _random_day(chunk), "casual")
    elif kind < 0.79:
        days = {_random_day(chunk) for _ in range(2 + int(rand() * 3))}
        for day in sorted(days):
            _seat(chunk, unit, day, "casual")
    elif kind < 0.92:
        _regular(chunk, unit)
    else:
        _lapsed(chunk, unit)


def _random_day(chunk: Chunk) -> int:
    return chunk.today - 1 - int(chunk.rand() * LOOKBACK_DAYS)


def _gap(chunk: Chunk, interval: int) -> int:
    return max(7, int(interval * (0.75 + chunk.rand() * 0.5) + 0.5))


def _regular(chunk: Chunk, unit: list[Guest]) -> None:
    """Every 2-6 weeks since some day in the last 18 months, and lately too."""
    rand = chunk.rand
    interval = 14 + int(rand() * 29)
    earliest = chunk.today - 60 - int(rand() * 440)
    day = chunk.today - 1 - int(rand() * interval)
    days = []
    while day >= earliest:
        days.append(day)
        day -= _gap(chunk, interval)
    for day in reversed(days):
        _seat(chunk, unit, day, "regular")


def _lapsed(chunk: Chunk, unit: list[Guest]) -> None:
    """A regular who stopped coming. Some lapses are on today's win-back agenda (late by a
    few days), the others older, so both show whatever `today` is."""
    rand, settings = chunk.rand, chunk.h.settings
    interval = 14 + int(rand() * 29)
    gaps = [_gap(chunk, interval) for _ in range(3 + int(rand() * 6))]
    # Late from this many days after the last visit: product.md's "Regulars and lapses".
    late_after = chunk.h.late_after(median_gap(gaps))
    window = settings.winback_window_days
    oldest_since = LOOKBACK_DAYS - 1 - sum(gaps)
    old_since = late_after + window + 10
    current = rand() < 0.55 or oldest_since < old_since
    if current:
        since = late_after + 1 + int(rand() * max(1, window - 3))
    else:
        since = old_since + int(rand() * (oldest_since - old_since + 1))
    if since > oldest_since:  # a very large lapse_factor: no room in two years
        _regular(chunk, unit)
        return
    last = chunk.today - since
    for member in unit:
        member.lapse = (last, last + late_after, current)
    day = last - sum(gaps)
    for gap in gaps:
        _seat(chunk, unit, day, "lapsed")
        day += gap
    _seat(chunk, unit, last, "lapsed")


def _seat(chunk: Chunk, unit: list[Guest], day: int, mode: str) -> None:
    """Seat the unit on `day`. Casual guests sometimes share another party's table; a
    lapsed regular's tables stay theirs alone, so their interval and lapse stay exact."""
    rand = chunk.rand
    members = unit
    together_before = len(unit) == 2 and bool(unit[0].tables) and bool(unit[1].tables)
    if mode != "lapsed" and together_before and rand() < 0.12:
        members = [unit[int(rand() * 2)]]  # one partner alone: a business lunch
    members = [member for member in members if day not in member.tables]
    if not members:
        return
    if mode == "casual" and chunk.recent and rand() < JOIN_SHARE and _join(chunk, members):
        return
    table = new_table(chunk, day, members)
    if mode != "lapsed" and len(members) < 4:
        chunk.recent.append(table)


def _join(chunk: Chunk, members: list[Guest]) -> bool:
    table = chunk.recent[int(chunk.rand() * len(chunk.recent))]
    if len(table.members) + len(members) > 4:
        return False
    if any(table.day in member.tables for member in members):
        return False
    table.members.extend(members)
    table.party = min(8, table.party + len(members))
    for member in members:
        member.tables[table.day] = table
    return True


def new_table(
    chunk: Chunk, day: int, members: list[Guest], occasion: str | None = None, min_party: int = 1
) -> Table:
    rand, words = chunk.rand, chunk.h.words
    start, span = LUNCH if rand() < 0.35 else DINNER
    stamp = day * DAY + start + int(rand() * span)
    party = max(len(members), min_party, PARTY_SIZES[int(rand() * len(PARTY_SIZES))])
    if occasion is None:
        draw = rand()
        if draw < 0.07:
            occasion = chunk.pick(words.occasions)
        elif draw < 0.6 and len(members) == 2 and day in chunk.h.valentines:
            occasion = words.valentines_occasion
        else:
            occasion = ""
    note = chunk.pick(words.visit_notes) if rand() < 0.03 else ""
    table = Table(day, stamp, party, list(members), occasion, note)
    chunk.tables.append(table)
    for member in members:
        member.tables[day] = table
    return table
