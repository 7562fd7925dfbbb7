"""Recording guests' feedback on a real SQLite file, and the calls a low score puts on the
agenda: one per response, ended by the outcomes that end any call."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.calls import CallStatus, Outcome, Reason
from guestbook.errors import FieldErrors, UserError
from guestbook.services.agenda.calls import AgendaCall, compute_agenda
from guestbook.services.agenda.describe import describe_reason
from guestbook.services.agenda.log import CallToLog, log_outcome, undo_outcome
from guestbook.services.feedback import guest_feedback, record_feedback
from guestbook.services.rights.erasure import erase_guests
from guestbook.storage.sqlite.feedback_calls import feedback_due_days
from tests.builders import add_guest, add_visit
from tests.database import execute, query, scalar
from tests.zones import local_time

pytestmark = pytest.mark.both_backends


DAY = dt.date(2026, 11, 22)


def as_of(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def feedback_calls(services: Services) -> list[AgendaCall]:
    return [call for call in compute_agenda(services).calls if call.reason is Reason.FEEDBACK]


def log(services: Services, call: AgendaCall, outcome: Outcome) -> int:
    to_log = CallToLog(
        call.guest_id, call.reason, call.occasion_on, call.phone, feedback_id=call.feedback_id
    )
    return log_outcome(services, to_log, outcome).attempt_id


def test_a_response_is_recorded_and_read_back_newest_first(services: Services) -> None:
    guest = add_guest(services)
    visit = add_visit(services, DAY, guest)
    first = record_feedback(services, guest, ces=6, comment="  lovely  ", visit_id=visit)
    second = record_feedback(services, guest, satisfaction=5, channel="phone", staff="Léa")
    rows = query(
        services,
        "SELECT ces, satisfaction, comment, channel, staff, visit_id FROM feedback ORDER BY id",
    )
    assert rows == [
        (6, None, "lovely", "in_person", "Test", visit),
        (None, 5, "", "phone", "Léa", None),
    ]
    assert not first.low and not first.call_planned
    read = guest_feedback(services, guest)
    assert [r.feedback_id for r in read.responses] == [second.feedback_id, first.feedback_id]
    assert (read.total, read.more, read.to_call_back) == (2, 0, 0)


def test_the_card_reads_the_latest_and_counts_the_rest(services: Services) -> None:
    guest = add_guest(services)
    for ces in (7, 1, 6, 5, 2):
        record_feedback(services, guest, ces=ces)
    read = guest_feedback(services, guest, recent=3)
    assert [r.ces for r in read.responses] == [2, 5, 6]
    assert (read.total, read.more, read.to_call_back) == (5, 2, 2)
    assert [r.low for r in read.responses] == [True, False, False]


@pytest.mark.parametrize(
    ("ces", "satisfaction", "channel", "keys"),
    [
        (8, None, "in_person", {"ces"}),
        (0, 6, "in_person", {"ces", "satisfaction"}),
        (None, None, "in_person", {"scores"}),
        (5, None, "fax", {"channel"}),
    ],
)
def test_bad_scores_are_refused_and_nothing_is_written(
    services: Services, ces: int | None, satisfaction: int | None, channel: str, keys: set[str]
) -> None:
    guest = add_guest(services)
    with pytest.raises(FieldErrors) as refused:
        record_feedback(services, guest, ces=ces, satisfaction=satisfaction, channel=channel)
    assert set(refused.value.errors) == keys
    assert scalar(services, "SELECT count(*) FROM feedback") == 0


def test_an_unknown_or_erased_guest_is_refused(services: Services) -> None:
    with pytest.raises(UserError, match="guest #999 does not exist"):
        record_feedback(services, 999, ces=5)
    guest = add_guest(services)
    erase_guests(services, [guest])
    with pytest.raises(UserError, match=rf"guest #{guest} was erased on .*nothing is kept"):
        record_feedback(services, guest, ces=5)
    assert scalar(services, "SELECT count(*) FROM feedback") == 0


def test_a_visit_must_be_the_guest_s_own(services: Services) -> None:
    guest, other = add_guest(services), add_guest(services, "Marc", "Petit")
    visit = add_visit(services, DAY, other)
    with pytest.raises(UserError, match="is not one of guest"):
        record_feedback(services, guest, ces=2, visit_id=visit)
    assert scalar(services, "SELECT count(*) FROM feedback") == 0


def test_a_high_score_puts_no_call_on_the_agenda(services: Services) -> None:
    guest = add_guest(services)
    recorded = record_feedback(services, guest, ces=4, satisfaction=3)
    assert not recorded.low and not recorded.call_planned
    assert feedback_calls(services) == []


def test_a_low_score_puts_one_call_on_the_agenda_that_says_what_to_talk_about(
    services: Services,
) -> None:
    # No consent to be called: a feedback call is a service call, not canvassing.
    guest = add_guest(services, "Hélène", "Dupont", call_consent=False)
    recorded = record_feedback(services, guest, ces=2, satisfaction=4, comment="a long wait")
    assert recorded.low and recorded.call_planned
    (call,) = compute_agenda(services).calls
    assert (call.reason, call.guest_id, call.status) == (Reason.FEEDBACK, guest, CallStatus.TODAY)
    assert (call.due_on, call.occasion_on, call.feedback_id) == (DAY, DAY, recorded.feedback_id)
    assert describe_reason(call) == (
        "Feedback of 22 Nov: effort 2/7 · satisfaction 4/5 — “a long wait”"
    )
    # Later it is still there, overdue, until someone calls: it has no last day.
    (later,) = feedback_calls(as_of(services, DAY + dt.timedelta(days=40)))
    assert later.status is CallStatus.OVERDUE and later.feedback_id == recorded.feedback_id


def test_two_low_responses_make_two_calls(services: Services) -> None:
    guest = add_guest(services)
    first = record_feedback(services, guest, satisfaction=1)
    second = record_feedback(services, guest, ces=3, channel="paper")
    calls = feedback_calls(services)
    assert {call.feedback_id for call in calls} == {first.feedback_id, second.feedback_id}
    assert len(calls) == 2
    # Each is its own call: logging one leaves the other.
    done = next(call for call in calls if call.feedback_id == first.feedback_id)
    log(services, done, Outcome.REACHED)
    assert [call.feedback_id for call in feedback_calls(services)] == [second.feedback_id]


def test_a_call_reached_ends_it_and_shows_as_done_today_and_undo_brings_it_back(
    services: Services,
) -> None:
    guest = add_guest(services)
    recorded = record_feedback(services, guest, ces=1)
    (call,) = feedback_calls(services)
    attempt = log(services, call, Outcome.REACHED)
    agenda = compute_agenda(services)
    assert list(agenda.calls) == []
    assert [done.call.feedback_id for done in agenda.done] == [recorded.feedback_id]
    called = "SELECT called_back_at IS NOT NULL FROM feedback WHERE id = ?"
    assert scalar(services, called, recorded.feedback_id) == 1
    assert feedback_calls(as_of(services, DAY + dt.timedelta(days=3))) == []
    undo_outcome(services, attempt)
    assert scalar(services, called, recorded.feedback_id) == 0
    assert [c.feedback_id for c in feedback_calls(services)] == [recorded.feedback_id]


def test_declined_ends_it_too(services: Services) -> None:
    guest = add_guest(services)
    record_feedback(services, guest, ces=1)
    (call,) = feedback_calls(services)
    log(services, call, Outcome.DECLINED)
    assert feedback_calls(as_of(services, DAY + dt.timedelta(days=1))) == []


def test_no_answer_brings_it_back_the_next_day_and_four_attempts_close_it(
    services: Services,
) -> None:
    guest = add_guest(services)
    record_feedback(services, guest, satisfaction=2)
    for offset in range(4):
        that_day = as_of(services, DAY + dt.timedelta(days=offset))
        (call,) = feedback_calls(that_day)
        assert call.attempts == offset
        assert call.status is (CallStatus.TODAY if offset == 0 else CallStatus.OVERDUE)
        log(that_day, call, Outcome.NO_ANSWER)
        assert feedback_calls(that_day) == []  # tried today: back tomorrow
    assert feedback_calls(as_of(services, DAY + dt.timedelta(days=4))) == []


def test_a_wrong_number_holds_it_until_the_number_is_corrected(services: Services) -> None:
    guest = add_guest(services, phone="0612345678")
    record_feedback(services, guest, ces=2)
    (call,) = feedback_calls(services)
    log(services, call, Outcome.WRONG_NUMBER)
    assert feedback_calls(as_of(services, DAY + dt.timedelta(days=1))) == []
    execute(services, "UPDATE guest SET primary_phone = '+33698765432' WHERE id = ?", guest)
    (back,) = feedback_calls(services)
    assert back.phone == "+33698765432"


def test_a_guest_without_a_phone_is_not_on_the_agenda(services: Services) -> None:
    """As for a thank-you or a win-back call: no number, no call; the card still shows it."""
    guest = add_guest(services, phone=None)
    recorded = record_feedback(services, guest, ces=1)
    assert recorded.low and not recorded.call_planned
    assert feedback_calls(services) == []
    assert guest_feedback(services, guest).to_call_back == 1


def test_an_erased_guest_s_feedback_call_leaves_the_agenda_and_their_comment_goes(
    services: Services,
) -> None:
    guest = add_guest(services)
    record_feedback(services, guest, ces=1, comment="the fish was cold")
    assert len(feedback_calls(services)) == 1
    erase_guests(services, [guest])
    assert feedback_calls(services) == []
    assert query(services, "SELECT comment, ces FROM feedback") == [("", 1)]


def test_the_json_records_carry_the_response(services: Services) -> None:
    guest = add_guest(services)
    recorded = record_feedback(services, guest, ces=2, satisfaction=1, comment="noisy")
    (record,) = compute_agenda(services).records()
    assert record["reason"] == "feedback"
    assert (record["feedback_id"], record["ces"], record["satisfaction"], record["comment"]) == (
        recorded.feedback_id,
        2,
        1,
        "noisy",
    )


def test_the_days_still_to_call_back_about_are_local_days(services: Services) -> None:
    """The agenda looks back as far as the oldest low response nobody spoke to the guest
    about: given at 23:30 UTC on 20 November, it is of 21 November in Auckland, on both
    engines; one called back since, or not low, is not looked for."""
    guest = add_guest(services)
    ids = [
        record_feedback(services, guest, ces=ces).feedback_id
        for ces in (1, 1, 7, 1)  # still to call, called back since, not low, given later
    ]
    late = "2026-11-20 23:30:00.000000"
    execute(services, "UPDATE feedback SET at = ? WHERE id IN (?, ?, ?)", late, *ids[:3])
    execute(services, "UPDATE feedback SET at = '2026-11-21 11:30:00.000000' WHERE id = ?", ids[3])
    execute(services, "UPDATE feedback SET called_back_at = ? WHERE id = ?", "2026-11-21", ids[1])

    def due() -> list[dt.date]:
        return services.read(lambda connection: feedback_due_days(connection, DAY))

    with local_time("Pacific/Auckland", services):
        assert due() == [dt.date(2026, 11, 21)]  # the later one is of the 22nd there
    with local_time("UTC", services):
        assert due() == [dt.date(2026, 11, 20), dt.date(2026, 11, 21)]


def test_an_erased_guest_s_comment_goes_and_their_scores_stay(services: Services) -> None:
    guest = add_guest(services)
    record_feedback(services, guest, ces=1, comment="the fish was cold")
    erase_guests(services, [guest])
    assert query(services, "SELECT comment, ces FROM feedback") == [("", 1)]
    assert guest_feedback(services, guest).to_call_back == 1  # still counted, never named
