"""Where a statement applies a rule, it is derived from the rule's one home in domain/; these
run the real statements against the domain over grids of inputs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection
from sqlmodel import Session

from guestbook.bootstrap import make_services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday, Feb29Rule, next_occurrence
from guestbook.domain.calls import lapse_fraction, late_after_days
from guestbook.services.calendar import birthdays_between_on
from guestbook.services.context import Services
from guestbook.services.summaries.late_from import refresh_late_from
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.database import execute, query

LAST_VISIT = dt.date(2026, 1, 1)
INTERVALS = range(1, 400)
FACTORS = [round(1 + hundredths / 100, 2) for hundredths in range(0, 900)]  # 1.00 … 9.99


def test_the_late_from_days_are_the_domains_for_a_lapse_factor_of_1_14() -> None:
    """Regression: SQLite computed 1.14 × 50 as 56.999… and made a regular late a day early
    (57 days after the last visit where the domain says 58)."""
    assert late_after_days(50, 1.14, 1) == 58
    numerator, denominator = lapse_fraction(1.14)
    assert (numerator, denominator) == (57, 50)


@pytest.fixture(scope="module")
def regulars(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """One guest per usual interval, all last seen on LAST_VISIT, each with a late_from."""
    path = tmp_path_factory.mktemp("rules") / "rules.db"
    services = make_services(path, FixedClock(dt.date(2026, 11, 22)), Settings())
    for interval in INTERVALS:
        guest = add_guest(services, f"Every {interval}", "Days")
        execute(
            services,
            "UPDATE guest SET last_visit_on = ?, visit_interval_days = ?, late_from = ? "
            "WHERE id = ?",
            LAST_VISIT.isoformat(),
            interval,
            LAST_VISIT.isoformat(),
            guest,
        )
    yield services
    services.close()


@pytest.mark.parametrize("min_days", [1, 30])
def test_moving_late_from_agrees_with_the_domain_over_every_factor_and_interval(
    regulars: Services, min_days: int
) -> None:
    """The statement that moves late_from when the lapse settings change, for every factor
    from 1.00 to 9.99 and every interval from 1 to 399 days."""
    disagreements: list[tuple[float, int, int, int]] = []
    for factor in FACTORS:
        lapse = Settings(lapse_factor=factor, lapse_min_days=min_days)

        def shift(session: Session, lapse: Settings = lapse) -> int:
            return refresh_late_from(session.connection(), lapse)

        regulars.write(shift)
        for interval, late_from in query(
            regulars, "SELECT visit_interval_days, late_from FROM guest"
        ):
            in_sql = (dt.date.fromisoformat(late_from) - LAST_VISIT).days
            expected = late_after_days(interval, factor, min_days)
            if in_sql != expected:
                disagreements.append((factor, interval, in_sql, expected))
    assert disagreements == []


# --- 29 February and the year's end: which birthdays a window holds ---------------------------


@pytest.fixture(scope="module")
def every_birthday(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """One guest born on every day of a leap year (29 February included)."""
    path = tmp_path_factory.mktemp("birthdays") / "birthdays.db"
    services = make_services(path, FixedClock(dt.date(2026, 11, 22)), Settings())
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        add_guest(
            services, f"Né le {day:%d %m}", "Calendrier", birthday=Birthday(day.day, day.month)
        )
        day += dt.timedelta(days=1)
    yield services
    services.close()


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(dt.date(2023, 1, 1), dt.date(2029, 12, 31)),
    length=st.integers(0, 60),
    feb29=st.sampled_from(["feb28", "mar1"]),
)
def test_a_window_holds_the_birthdays_the_domain_places_in_it(
    every_birthday: Services, start: dt.date, length: int, feb29: Feb29Rule
) -> None:
    end = start + dt.timedelta(days=length)
    rules = replace(every_birthday.settings, feb29=feb29)

    def read(connection: Connection) -> tuple[list[tuple[int, int, dt.date]], int]:
        rows, total = birthdays_between_on(connection, start, end, start, rules, limit=500)
        found = [(row.birthday.month, row.birthday.day, row.occurs_on) for row in rows]
        return found, total

    found, total = every_birthday.read(read)
    expected = sorted(
        (month, day, occurs)
        for month, day in query(every_birthday, "SELECT birth_month, birth_day FROM guest")
        if (occurs := next_occurrence(Birthday(day, month), start, feb29)) <= end
    )
    assert sorted(found) == expected
    assert total == len(expected)
