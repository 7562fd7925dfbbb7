"""Messages sent by phone (issue 16) on a real SQLite file: each recipient to call is a `notice`
call on the agenda with the message's text as the script, until an outcome ends it as any call
ends, and the outcome settles the message's delivery in the same unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.clock import FixedClock
from guestbook.domain.audience import Audience
from guestbook.domain.calls import CallStatus, Outcome, Reason
from guestbook.services import messages
from guestbook.services.agenda.calls import AgendaCall, compute_agenda, first_calls
from guestbook.services.agenda.describe import describe_reason
from guestbook.services.agenda.log import CallToLog, log_outcome, undo_outcome
from guestbook.services.messages.send import send_message
from guestbook.services.rights.erasure import erase_guests
from guestbook.storage.sqlite.notice_calls import notice_due_days
from tests.builders import add_guest
from tests.conftest import TODAY
from tests.database import execute, query
from tests.zones import local_time

pytestmark = pytest.mark.both_backends


LANDLINE = "01 45 67 89 01"  # no SMS: with no email nor address, only a call reaches the guest
BODY = "Bonjour {first_name},\nle plat du 3 contenait des noix."
DELIVERY = "SELECT status, reason FROM message_delivery WHERE channel = 'call'"


def as_of(services: Services, day: dt.date) -> Services:
    return replace(services, clock=FixedClock(day))


def send_notice(services: Services, tmp_path: Path, subject: str = "Le plat du 3") -> int:
    draft = messages.MessageDraft("incident", subject, BODY, Audience(everyone=True))
    message_id = messages.new_message(services, draft).message_id
    send_message(services, message_id, output_dir=tmp_path)
    return message_id


def notice_calls(services: Services) -> list[AgendaCall]:
    return [call for call in compute_agenda(services).calls if call.reason is Reason.NOTICE]


def log(services: Services, call: AgendaCall, outcome: Outcome) -> int:
    to_log = CallToLog(
        call.guest_id, call.reason, call.occasion_on, call.phone, delivery_id=call.delivery_id
    )
    return log_outcome(services, to_log, outcome).attempt_id


@pytest.fixture
def hugo(services: Services) -> int:
    return add_guest(services, "Hugo", "Martin", phone=LANDLINE, call_consent=None)


def test_a_message_by_phone_puts_a_notice_call_with_its_script_on_the_agenda(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path)
    (call,) = notice_calls(services)
    assert (call.guest_id, call.status, call.due_on, call.phone) == (
        hugo,
        CallStatus.TODAY,
        TODAY,
        "+33145678901",
    )
    assert call.subject == "Le plat du 3"
    assert call.script == "Bonjour Hugo,\nle plat du 3 contenait des noix."
    assert describe_reason(call) == (
        "Notice: Le plat du 3 — read out: “Bonjour Hugo, le plat du 3 contenait des noix.”"
    )
    assert query(services, DELIVERY) == [("queued", "on the agenda")]
    (record,) = compute_agenda(services).records()
    assert (record["reason"], record["delivery_id"], record["subject"]) == (
        "notice",
        call.delivery_id,
        "Le plat du 3",
    )


def test_reached_sends_the_delivery_and_the_call_is_done(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path)
    (call,) = notice_calls(services)
    log(services, call, Outcome.REACHED)
    assert query(services, DELIVERY) == [("sent", "")]
    assert query(services, "SELECT reason, delivery_id FROM call_attempt") == [
        ("notice", call.delivery_id)
    ]
    agenda = compute_agenda(services)
    assert not agenda.calls
    (done,) = agenda.done
    assert (done.call.delivery_id, done.outcome) == (call.delivery_id, Outcome.REACHED)
    # The next day it is neither on the agenda nor done.
    later = compute_agenda(as_of(services, TODAY + dt.timedelta(days=1)))
    assert not later.calls and not later.done


def test_unanswered_the_call_comes_back_until_the_last_attempt_fails_the_delivery(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path)
    attempts = services.settings.max_attempts
    for n in range(attempts):
        day = as_of(services, TODAY + dt.timedelta(days=n))
        (call,) = notice_calls(day)
        assert call.attempts == n
        assert call.status is (CallStatus.OVERDUE if n else CallStatus.TODAY)
        last = log(day, call, Outcome.NO_ANSWER if n % 2 else Outcome.VOICEMAIL)
        if n < attempts - 1:
            assert query(services, DELIVERY) == [("queued", "on the agenda")]
    assert query(services, DELIVERY) == [("failed", f"not reached after {attempts} calls")]
    assert notice_calls(as_of(services, TODAY + dt.timedelta(days=attempts))) == []
    # Undoing the last attempt puts the delivery back on the agenda.
    undo_outcome(services, last)
    assert query(services, DELIVERY) == [("queued", "on the agenda")]
    (back,) = notice_calls(as_of(services, TODAY + dt.timedelta(days=attempts)))
    assert back.attempts == attempts - 1


def test_a_wrong_number_fails_the_delivery(services: Services, hugo: int, tmp_path: Path) -> None:
    send_notice(services, tmp_path)
    (call,) = notice_calls(services)
    log(services, call, Outcome.WRONG_NUMBER)
    assert query(services, DELIVERY) == [("failed", "wrong number")]
    assert notice_calls(services) == []


def test_undo_puts_the_delivery_back_and_the_call_with_it(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path)
    (call,) = notice_calls(services)
    attempt = log(services, call, Outcome.DECLINED)
    assert query(services, DELIVERY) == [("sent", "")]
    undo_outcome(services, attempt)
    assert query(services, DELIVERY) == [("queued", "on the agenda")]
    assert query(services, "SELECT count(*) FROM call_attempt") == [(0,)]
    (back,) = notice_calls(services)
    assert (back.delivery_id, back.attempts, back.due_on) == (call.delivery_id, 0, TODAY)


def test_an_erased_guest_s_call_leaves_the_agenda(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path)
    assert len(notice_calls(services)) == 1
    erase_guests(services, [hugo])
    assert notice_calls(services) == []


def test_sending_again_adds_no_second_call(services: Services, hugo: int, tmp_path: Path) -> None:
    message_id = send_notice(services, tmp_path)
    (call,) = notice_calls(services)
    log(services, call, Outcome.NO_ANSWER)
    again = send_message(services, message_id, output_dir=tmp_path)
    assert (again.sent, again.queued, again.failed) == (0, 0, 0)
    (same,) = notice_calls(as_of(services, TODAY + dt.timedelta(days=1)))
    assert (same.delivery_id, same.attempts) == (call.delivery_id, 1)


def test_two_messages_are_two_calls_each_logged_on_its_own(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    send_notice(services, tmp_path, "Le plat du 3")
    send_notice(services, tmp_path, "La soirée du 12")
    first, second = notice_calls(services)
    assert {first.subject, second.subject} == {"Le plat du 3", "La soirée du 12"}
    log(services, first, Outcome.REACHED)
    (left,) = notice_calls(services)
    assert left.delivery_id == second.delivery_id and left.attempts == 0
    assert sorted(query(services, DELIVERY)) == [("queued", "on the agenda"), ("sent", "")]


def test_an_old_notice_call_is_among_the_first_calls(
    services: Services, hugo: int, tmp_path: Path
) -> None:
    """Due weeks ago (no last day), before every other reason's oldest due date: the first
    calls of a large agenda find it all the same."""
    send_notice(services, tmp_path)
    later = as_of(services, TODAY + dt.timedelta(days=40))
    first = first_calls(later, 1)
    assert first is not None
    (call,) = first.calls
    assert (call.reason, call.status, call.due_on) == (Reason.NOTICE, CallStatus.OVERDUE, TODAY)
    assert call.script == "Bonjour Hugo,\nle plat du 3 contenait des noix."


def test_a_notice_call_names_its_delivery(services: Services, hugo: int) -> None:
    with pytest.raises(ValueError, match="delivery"):
        log_outcome(services, CallToLog(hugo, Reason.NOTICE, TODAY, None), Outcome.REACHED)


def test_the_days_of_calls_still_open_are_local_days(services: Services) -> None:
    """The agenda looks back as far as the oldest call delivery still queued: handed over at
    23:30 UTC on 20 November, it is of 21 November in Auckland, on both engines; one whose
    call ended, or not handed over, is not looked for."""
    draft = messages.MessageDraft("incident", "Le plat du 3", BODY, Audience(everyone=True))
    message = messages.new_message(services, draft).message_id
    rows = [  # (status, attempts, handed over at)
        ("queued", 1, "2026-11-20 23:30:00.000000"),
        ("sent", 1, "2026-11-20 23:30:00.000000"),  # reached since
        ("queued", 0, "2026-11-20 23:30:00.000000"),  # waiting to be sent, not handed over
        ("queued", 1, "2026-11-21 11:30:00.000000"),  # the 22nd in Auckland
    ]
    for n, (status, attempts, due_at) in enumerate(rows):
        guest = add_guest(services, f"Invité{n}", "Appel", phone=LANDLINE, call_consent=None)
        execute(
            services,
            "INSERT INTO message_delivery (message_id, guest_id, channel, address, status,"
            " reason, legal_basis, attempts, at, due_at) VALUES (?, ?, 'call', '+33145678901',"
            " ?, '', 'service notice', ?, ?, ?)",
            message, guest, status, attempts, due_at, due_at,
        )  # fmt: skip

    def due() -> list[dt.date]:
        return services.read(lambda connection: notice_due_days(connection, TODAY))

    with local_time("Pacific/Auckland", services):
        assert due() == [dt.date(2026, 11, 21)]
    with local_time("UTC", services):
        assert due() == [dt.date(2026, 11, 20), dt.date(2026, 11, 21)]
