"""Feedback calls among the others: the first screen of the agenda lists them where the whole
agenda does, the statement reads them from their small partial index, and the access bundle
holds the guest's responses."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Reason
from guestbook.services.agenda.calls import compute_agenda, first_calls
from guestbook.services.agenda.rows import window
from guestbook.services.feedback import record_feedback
from guestbook.services.rights.access_data import feedback_records, read_access_data
from guestbook.settings import Settings
from guestbook.storage.sqlite import agenda as agenda_sql
from tests.builders import add_guest

pytestmark = pytest.mark.both_backends

DAY = dt.date(2026, 11, 22)


def as_of(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


@pytest.fixture
def mixed(services: Services) -> Services:
    """Birthday calls overdue, and low scores given long ago, lately and today."""
    for first, day in (("Anne", 24), ("Bruno", 25), ("Chloé", 23), ("Denis", 26)):
        add_guest(services, first, "Martin", birthday=Birthday(day, 11))
    for first, days_ago in (("Eve", 90), ("Félix", 12), ("Gina", 5), ("Hugo", 0), ("Inès", 5)):
        guest = add_guest(services, first, "Roux")
        record_feedback(as_of(services, DAY - dt.timedelta(days=days_ago)), guest, ces=2)
    return services


@pytest.mark.parametrize("count", [1, 2, 3, 5, 7])
def test_the_first_calls_are_the_agenda_s_first_with_feedback_calls(
    mixed: Services, count: int
) -> None:
    whole = list(compute_agenda(mixed, days=7).calls)
    first = first_calls(mixed, count)
    assert first is not None
    assert list(first.calls) == whole[:count]
    # The oldest response comes first: it is the most overdue call.
    assert whole[0].name == "Eve Roux" and whole[0].reason is Reason.FEEDBACK


def test_no_first_calls_when_the_overdue_ones_are_too_few(mixed: Services) -> None:
    overdue = compute_agenda(mixed).overdue
    assert overdue == 8  # four birthdays, four responses before today
    assert first_calls(mixed, overdue + 1) is None


@pytest.mark.sqlite_only  # SQLite's query plans
def test_the_feedback_arm_reads_its_partial_index(services: Services) -> None:
    """Searched, never scanned: the responses still to call back about are a range of
    ix_feedback_to_call, however many responses the restaurant keeps."""
    settings = Settings()
    params = {**agenda_sql._params(window(DAY, settings, dt.date.min, DAY)), "limit": -1}

    def plan(sql: str) -> str:
        rows = services.read(
            lambda connection: connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)
        )
        return " | ".join(str(row[-1]) for row in rows)

    one = plan(agenda_sql._ONE_REASON[Reason.FEEDBACK])
    whole = plan(agenda_sql.FEEDBACK_SQL)
    for found in (one, whole):
        assert "SEARCH f USING INDEX ix_feedback_to_call" in found, found
        assert "SCAN f" not in found, found


def test_the_access_bundle_holds_every_response(services: Services) -> None:
    guest = add_guest(services)
    record_feedback(services, guest, ces=6, comment="merci")
    record_feedback(services, guest, satisfaction=1, channel="email")
    data = services.read(
        lambda connection: read_access_data(
            connection, guest, today=DAY, now=services.clock.now(), settings=Settings()
        )
    )
    records = feedback_records(data)
    assert [(r["ces"], r["satisfaction"], r["channel"], r["low"]) for r in records] == [
        (None, 1, "email", True),
        (6, None, "in_person", False),
    ]
    assert records[1]["comment"] == "merci" and records[1]["called_back_at"] is None
