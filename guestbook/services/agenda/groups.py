"""Which calls of a large agenda a screen lists: every group reached, no reason hidden.

A restaurant group can have thousands of overdue win-back calls. Listed in the agenda's order,
they would fill the screen for days and hide the birthday calls behind them. So each group
(overdue, today, next days) lists at most `limit` calls, shared fairly among the reasons it
holds: a reason with few calls shows them all, the others share what is left. The calls shown
keep the agenda's order; the group says how many of each reason it holds and hides. With a
reason chosen, a group lists the first `limit` calls of that reason only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guestbook.domain.calls import CallStatus, Reason
from guestbook.services.agenda.calls import Agenda, AgendaCall


@dataclass(frozen=True)
class Group:
    status: CallStatus
    calls: list[AgendaCall]  # the calls listed, in the agenda's order
    total: int  # the calls of this status (of the reason chosen, if one is)
    by_reason: dict[Reason, int] = field(default_factory=dict)  # all of them, by reason
    hidden: dict[Reason, int] = field(default_factory=dict)  # the ones not listed, by reason


def pick_group(
    agenda: Agenda, status: CallStatus, limit: int, reason: Reason | None = None
) -> Group:
    """The calls of `status` to list (at most `limit`), of `reason` only when given."""
    start, stop = agenda.bounds(status)
    counts: dict[Reason, int] = {}
    first: dict[Reason, list[int]] = {}  # the first `limit` positions of each reason
    reason_at = agenda.reason_at
    for position in range(start, stop):
        found = reason_at(position)
        if reason is not None and found is not reason:
            continue
        counts[found] = counts.get(found, 0) + 1
        positions = first.setdefault(found, [])
        if len(positions) < limit:
            positions.append(position)
    quotas = share(counts, limit)
    shown = sorted(p for found, positions in first.items() for p in positions[: quotas[found]])
    hidden = {found: count - quotas[found] for found, count in counts.items()}
    return Group(
        status,
        [agenda.call_at(position) for position in shown],
        sum(counts.values()),
        counts,
        {found: count for found, count in hidden.items() if count},
    )


def share(counts: dict[Reason, int], limit: int) -> dict[Reason, int]:
    """How many calls of each reason to list, `limit` in all at most: the smallest reasons
    first, each taking no more than an equal share of what is left."""
    quotas: dict[Reason, int] = {}
    room = limit
    ordered = sorted(counts, key=lambda found: counts[found])
    for index, found in enumerate(ordered):
        quota = min(counts[found], room // (len(ordered) - index))
        quotas[found] = quota
        room -= quota
    return quotas
