"""The agenda rules: product.md's "Call states" table row by row, and occasions. Regulars and
win-back: test_lapses.py."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import (
    LAPSE_FACTOR,
    LAPSE_MIN_DAYS,
    MAX_ATTEMPTS,
    THANKS_WINDOW_DAYS,
    WINBACK_WINDOW_DAYS,
    Attempt,
    CallStatus,
    Outcome,
    Reason,
)
from guestbook.settings import Feb29Rule, Settings
from tests.oracles.birthdays import occurrences_in
from tests.oracles.calls import (
    Occasion,
    birthday_occasion,
    call_status,
    is_missed,
    referral_thanks_occasion,
)
from tests.unit.birthday_cases import EVERY_BIRTHDAY, YEARS

DUE = date(2026, 3, 5)
EVENT = date(2026, 3, 12)
DAY = timedelta(days=1)
RETRIES = (Outcome.VOICEMAIL, Outcome.NO_ANSWER)
SPOKE = (Outcome.REACHED, Outcome.BOOKED, Outcome.DECLINED)


def status(
    today: date, *attempts: tuple[date, Outcome], corrected: bool = False
) -> CallStatus | None:
    tried = [Attempt(on, outcome) for on, outcome in attempts]
    return call_status(today, DUE, EVENT, tried, phone_corrected_after_wrong=corrected)


# --- enums --------------------------------------------------------------------------------------


def test_enum_values_are_the_stored_and_json_spellings() -> None:
    assert [reason.value for reason in Reason] == [
        "birthday",
        "referral_thanks",
        "winback",
        "feedback",
        "notice",
    ]
    assert [outcome.value for outcome in Outcome] == [
        "reached",
        "booked",
        "voicemail",
        "no_answer",
        "declined",
        "wrong_number",
    ]
    assert [state.value for state in CallStatus] == ["overdue", "today", "upcoming"]
    assert Outcome("no_answer") is Outcome.NO_ANSWER


@pytest.mark.parametrize(
    ("outcome", "closes", "retries", "spoke"),
    [
        (Outcome.REACHED, True, False, True),
        (Outcome.BOOKED, True, False, True),
        (Outcome.DECLINED, True, False, True),
        (Outcome.WRONG_NUMBER, True, False, False),
        (Outcome.VOICEMAIL, False, True, False),
        (Outcome.NO_ANSWER, False, True, False),
    ],
)
def test_outcome_properties(outcome: Outcome, closes: bool, retries: bool, spoke: bool) -> None:
    """What an outcome logged today does to the call tomorrow, a week before the event."""
    tried = [Attempt(date(2026, 11, 20), outcome)]
    tomorrow = call_status(date(2026, 11, 21), date(2026, 11, 20), date(2026, 11, 29), tried)
    assert (tomorrow is None) is closes
    assert (tomorrow is CallStatus.OVERDUE) is retries
    assert outcome.spoke_to_guest is spoke


def test_defaults_match_settings() -> None:
    settings = Settings()
    assert settings.max_attempts == MAX_ATTEMPTS
    assert settings.lapse_factor == LAPSE_FACTOR
    assert settings.lapse_min_days == LAPSE_MIN_DAYS
    assert settings.winback_window_days == WINBACK_WINDOW_DAYS


# --- Call states, row by row --------------------------------------------------------------------


def test_row_no_attempt_before_due_is_upcoming() -> None:
    assert status(DUE - DAY) is CallStatus.UPCOMING
    assert status(DUE - 300 * DAY) is CallStatus.UPCOMING


def test_row_no_attempt_today_on_due_then_overdue_until_the_event() -> None:
    assert status(DUE) is CallStatus.TODAY
    for offset in range(1, (EVENT - DUE).days + 1):
        assert status(DUE + offset * DAY) is CallStatus.OVERDUE
    assert status(EVENT) is CallStatus.OVERDUE


def test_row_no_attempt_due_on_is_unchanged_while_on_the_agenda() -> None:
    birthday = Birthday(12, 3)
    occasions = {
        birthday_occasion(birthday, DUE + offset * DAY, 7, "feb28")
        for offset in range((EVENT - DUE).days + 1)
    }
    assert occasions == {Occasion(Reason.BIRTHDAY, EVENT, DUE, EVENT)}


@pytest.mark.parametrize("outcome", RETRIES)
def test_row_retry_hides_on_the_day_and_is_back_overdue_the_next(outcome: Outcome) -> None:
    tried_on = DUE + 2 * DAY
    assert status(tried_on, (tried_on, outcome)) is None
    assert status(tried_on + DAY, (tried_on, outcome)) is CallStatus.OVERDUE
    assert status(EVENT, (tried_on, outcome)) is CallStatus.OVERDUE
    assert status(EVENT + DAY, (tried_on, outcome)) is None


@pytest.mark.parametrize("outcome", RETRIES)
def test_row_retry_on_the_due_date(outcome: Outcome) -> None:
    assert status(DUE, (DUE, outcome)) is None
    assert status(DUE + DAY, (DUE, outcome)) is CallStatus.OVERDUE


def test_row_retry_on_the_event_day_leaves_nothing_to_retry() -> None:
    assert status(EVENT, (EVENT, Outcome.VOICEMAIL)) is None
    assert status(EVENT + DAY, (EVENT, Outcome.VOICEMAIL)) is None


def test_row_retry_before_due_is_overdue_from_the_next_day() -> None:
    # The chef called early from the upcoming list: a retry is owed from the next day.
    early = DUE - 3 * DAY
    assert status(early, (early, Outcome.NO_ANSWER)) is None
    assert status(early + DAY, (early, Outcome.NO_ANSWER)) is CallStatus.OVERDUE


def test_row_retry_hides_on_the_latest_attempt_day_only() -> None:
    attempts = ((DUE, Outcome.VOICEMAIL), (DUE + DAY, Outcome.NO_ANSWER))
    assert status(DUE + DAY, *attempts) is None
    assert status(DUE + 2 * DAY, *attempts) is CallStatus.OVERDUE


def test_row_three_retries_still_on_the_agenda() -> None:
    attempts = [(DUE + n * DAY, Outcome.NO_ANSWER) for n in range(3)]
    assert status(DUE + 3 * DAY, *attempts) is CallStatus.OVERDUE


def test_row_four_attempts_without_reaching_closes() -> None:
    attempts = [(DUE + n * DAY, RETRIES[n % 2]) for n in range(4)]
    assert status(DUE + 3 * DAY, *attempts) is None
    assert status(DUE + 4 * DAY, *attempts) is None
    assert status(EVENT, *attempts) is None


def test_row_max_attempts_is_a_setting() -> None:
    tried = [Attempt(DUE + n * DAY, Outcome.VOICEMAIL) for n in range(4)]
    assert call_status(DUE + 4 * DAY, DUE, EVENT, tried, max_attempts=5) is CallStatus.OVERDUE
    assert call_status(DUE + 4 * DAY, DUE, EVENT, tried[:2], max_attempts=2) is None


@pytest.mark.parametrize("outcome", SPOKE)
def test_row_reached_booked_or_declined_closes(outcome: Outcome) -> None:
    assert status(DUE, (DUE, outcome)) is None
    assert status(DUE + DAY, (DUE, outcome)) is None
    assert status(EVENT, (DUE, outcome)) is None
    # Even after earlier retries, and before the due date.
    assert status(EVENT, (DUE, Outcome.VOICEMAIL), (DUE + DAY, outcome)) is None
    assert status(DUE - DAY, (DUE - 2 * DAY, outcome)) is None


def test_row_wrong_number_closes_until_the_phone_is_corrected() -> None:
    wrong = (DUE + DAY, Outcome.WRONG_NUMBER)
    assert status(DUE + DAY, wrong) is None
    assert status(DUE + 2 * DAY, wrong) is None
    assert status(EVENT, wrong) is None


def test_row_wrong_number_back_at_once_when_corrected_before_the_event() -> None:
    assert status(DUE + DAY, (DUE + DAY, Outcome.WRONG_NUMBER), corrected=True) is (
        CallStatus.OVERDUE
    )
    assert status(DUE, (DUE, Outcome.WRONG_NUMBER), corrected=True) is CallStatus.TODAY
    early = DUE - 2 * DAY
    assert status(early, (early, Outcome.WRONG_NUMBER), corrected=True) is CallStatus.UPCOMING
    assert status(EVENT, (DUE, Outcome.WRONG_NUMBER), corrected=True) is CallStatus.OVERDUE


def test_row_wrong_number_corrected_after_the_event_stays_closed() -> None:
    assert status(EVENT + DAY, (DUE, Outcome.WRONG_NUMBER), corrected=True) is None


def test_row_corrected_wrong_number_then_retry_follows_the_retry_rule() -> None:
    attempts = ((DUE, Outcome.WRONG_NUMBER), (DUE + DAY, Outcome.VOICEMAIL))
    assert status(DUE + DAY, *attempts, corrected=True) is None
    assert status(DUE + 2 * DAY, *attempts, corrected=True) is CallStatus.OVERDUE


def test_row_wrong_number_counts_as_an_attempt() -> None:
    attempts = [(DUE + n * DAY, Outcome.NO_ANSWER) for n in range(3)]
    attempts.append((DUE + 3 * DAY, Outcome.WRONG_NUMBER))
    assert status(DUE + 4 * DAY, *attempts, corrected=True) is None


def test_row_event_passed_leaves_the_agenda() -> None:
    assert status(EVENT + DAY) is None
    assert status(EVENT + 100 * DAY) is None
    assert status(EVENT + DAY, (DUE, Outcome.VOICEMAIL)) is None


# --- missed -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "outcomes",
    [
        (),
        (Outcome.VOICEMAIL,),
        (Outcome.NO_ANSWER, Outcome.VOICEMAIL, Outcome.NO_ANSWER, Outcome.VOICEMAIL),
        (Outcome.WRONG_NUMBER,),
    ],
)
def test_event_passed_never_reached_is_missed(outcomes: tuple[Outcome, ...]) -> None:
    attempts = [Attempt(DUE, outcome) for outcome in outcomes]
    assert is_missed(EVENT + DAY, EVENT, attempts)
    assert not is_missed(EVENT, EVENT, attempts)


@pytest.mark.parametrize("outcome", SPOKE)
def test_reached_booked_or_declined_is_never_missed(outcome: Outcome) -> None:
    attempts = [Attempt(DUE, Outcome.VOICEMAIL), Attempt(DUE + DAY, outcome)]
    assert not is_missed(EVENT + DAY, EVENT, attempts)


# --- occasions ----------------------------------------------------------------------------------


def test_birthday_occasion_crosses_the_new_year() -> None:
    january_2 = Birthday(2, 1)
    expected = Occasion(Reason.BIRTHDAY, date(2026, 1, 2), date(2025, 12, 26), date(2026, 1, 2))
    assert birthday_occasion(january_2, date(2025, 12, 26), 7, "feb28") == expected
    assert birthday_occasion(january_2, date(2025, 12, 20), 7, "feb28") == expected
    assert birthday_occasion(january_2, date(2026, 1, 2), 7, "feb28") == expected
    # The day after, the next occasion is a year away.
    assert birthday_occasion(january_2, date(2026, 1, 3), 7, "feb28").event_on == date(2027, 1, 2)


def test_birthday_call_across_the_new_year_day_by_day() -> None:
    def on(today: date) -> CallStatus | None:
        occasion = birthday_occasion(Birthday(2, 1), today, 7, "feb28")
        return call_status(today, occasion.due_on, occasion.event_on, [])

    assert on(date(2025, 12, 25)) is CallStatus.UPCOMING
    assert on(date(2025, 12, 26)) is CallStatus.TODAY
    assert on(date(2025, 12, 31)) is CallStatus.OVERDUE
    assert on(date(2026, 1, 2)) is CallStatus.OVERDUE
    assert on(date(2026, 1, 3)) is CallStatus.UPCOMING


@pytest.mark.parametrize(
    ("year", "rule", "event"),
    [
        (2024, "feb28", date(2024, 2, 29)),
        (2024, "mar1", date(2024, 2, 29)),
        (2025, "feb28", date(2025, 2, 28)),
        (2025, "mar1", date(2025, 3, 1)),
        (2100, "feb28", date(2100, 2, 28)),
        (2100, "mar1", date(2100, 3, 1)),
    ],
)
def test_birthday_occasion_29_february(year: int, rule: Feb29Rule, event: date) -> None:
    occasion = birthday_occasion(Birthday(29, 2), date(year, 1, 1), 7, rule)
    assert (occasion.occasion_on, occasion.event_on) == (event, event)
    assert occasion.due_on == event - 7 * DAY


def test_referral_thanks_occasion() -> None:
    visit = date(2026, 5, 10)
    occasion = referral_thanks_occasion(visit)
    assert occasion == Occasion(Reason.REFERRAL_THANKS, visit, visit, date(2026, 5, 24))
    assert (occasion.event_on - occasion.due_on).days == THANKS_WINDOW_DAYS
    # Recorded after the visit: due from the recording, still keyed by the visit.
    late = referral_thanks_occasion(visit, recorded_on=date(2026, 6, 1))
    assert (late.occasion_on, late.due_on, late.event_on) == (
        visit,
        date(2026, 6, 1),
        date(2026, 6, 15),
    )
    assert referral_thanks_occasion(visit, recorded_on=date(2026, 5, 1)).due_on == visit


# --- no birthday skipped or shown twice, any day of several years -------------------------------


@given(
    st.sampled_from(EVERY_BIRTHDAY),
    st.sampled_from(YEARS),
    st.sampled_from(("feb28", "mar1")),
    st.integers(0, 60),
)
def test_every_day_of_a_year_shows_each_birthday_call_once(
    birthday: Birthday, year: int, rule: Feb29Rule, lead_days: int
) -> None:
    start, end = date(year, 1, 1), date(year, 12, 31)
    shown_today: list[date] = []
    on_agenda: set[date] = set()
    day = start
    while day <= end:
        occasion = birthday_occasion(birthday, day, lead_days, rule)
        state = call_status(day, occasion.due_on, occasion.event_on, [])
        if state is CallStatus.TODAY:
            shown_today.append(day)
        if state in (CallStatus.TODAY, CallStatus.OVERDUE):
            on_agenda.add(day)
        day += DAY
    events = occurrences_in(birthday, start, end + timedelta(days=lead_days), rule)
    due_dates = [event - lead_days * DAY for event in events if start <= event - lead_days * DAY]
    assert shown_today == [due for due in due_dates if due <= end]
    # On the agenda exactly on the days between a due date and its birthday, both included.
    expected = {
        event - offset * DAY
        for event in occurrences_in(birthday, start, end + timedelta(days=lead_days), rule)
        for offset in range(lead_days + 1)
    }
    assert on_agenda == {day for day in expected if start <= day <= end}
