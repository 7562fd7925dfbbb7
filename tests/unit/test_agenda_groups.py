"""Which calls of a large agenda the screen lists (services.agenda.groups): every reason of a
group gets its share, and the calls keep the agenda's order."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import CallStatus, Reason
from guestbook.services.agenda.calls import compute_agenda
from guestbook.services.agenda.groups import pick_group, share
from tests.builders import add_guest, add_visit

pytestmark = pytest.mark.both_backends

B, T, W = Reason.BIRTHDAY, Reason.REFERRAL_THANKS, Reason.WINBACK


def test_the_smallest_reasons_are_listed_whole_the_rest_share() -> None:
    assert share({W: 3000, B: 2}, 100) == {B: 2, W: 98}
    assert share({W: 3000, B: 300, T: 1}, 100) == {T: 1, B: 49, W: 50}
    assert share({W: 40, B: 30}, 100) == {W: 40, B: 30}
    assert share({}, 100) == {}


def test_a_group_lists_its_share_of_each_reason_in_the_agenda_order(
    services: Services,
) -> None:
    # Regulars late since 18 November (win-backs), birthdays due today.
    for index in range(6):
        regular = add_guest(services, f"Habitué{index}", "Martin")
        for day in (dt.date(2026, 9, 26), dt.date(2026, 10, 3), dt.date(2026, 10, 10)):
            add_visit(services, day, regular)
    for name in ("Anne", "Bruno"):
        add_guest(services, name, "Fête", birthday=Birthday(29, 11))
    agenda = compute_agenda(services)
    overdue = pick_group(agenda, CallStatus.OVERDUE, 4)
    assert overdue.total == 6 and overdue.by_reason == {W: 6}
    assert overdue.hidden == {W: 2} and len(overdue.calls) == 4
    today = pick_group(agenda, CallStatus.TODAY, 1)
    assert [call.name for call in today.calls] == ["Anne Fête"]
    assert today.hidden == {B: 1}
    only = pick_group(agenda, CallStatus.OVERDUE, 4, B)
    assert (only.total, only.calls, only.hidden) == (0, [], {})
