"""Batches sent to a real SMTP server on loopback (aiosmtpd), and the mail it received read back
with the email package."""

from __future__ import annotations

import pytest

from guestbook.delivery.email import EmailResult, OutgoingEmail, send_batch
from guestbook.delivery.errors import SmtpLoginRefused
from tests.delivery.smtp_servers import (
    FROM,
    PASSWORD,
    USER,
    Recorder,
    authenticator,
    guests,
    settings,
    smtp_server,
)


def test_a_batch_goes_over_one_connection_and_arrives_intact() -> None:
    recorder = Recorder()
    results: list[EmailResult] = []
    with smtp_server(recorder) as port:
        count = send_batch(settings(port), guests(5), results.append)
    assert (count.sent, count.failed) == (5, 0)
    assert [r.sent for r in results] == [True] * 5
    assert recorder.connections == 1
    assert [r.rcpt_tos for r in recorder.received] == [[f"guest{n}@example.org"] for n in range(5)]
    assert {r.mail_from for r in recorder.received} == {FROM}
    message = recorder.received[3].message
    assert message["Subject"] == "Œuf mayo n°3"
    assert message["From"].addresses[0].display_name == "Chez Nous"
    assert message.get_content_charset() == "utf-8"
    assert "L’œuf mayonnaise est à 5 € « comme avant »." in message.get_content()
    assert message["List-Unsubscribe"] == "<https://chez-nous.fr/stop?g=3>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_refused_recipient_fails_alone_with_the_servers_words() -> None:
    recorder = Recorder(refuse_rcpt={"guest1@example.org": "550 5.1.1 User unknown"})
    results: list[EmailResult] = []
    with smtp_server(recorder) as port:
        count = send_batch(settings(port), guests(3), results.append)
    assert (count.sent, count.failed) == (2, 1)
    refused = results[1]
    assert (refused.sent, refused.code) == (False, 550)
    assert refused.reason == "the server refused the address: 550 5.1.1 User unknown"
    assert [r.rcpt_tos[0] for r in recorder.received] == [
        "guest0@example.org",
        "guest2@example.org",
    ]


def test_a_refused_message_fails_alone() -> None:
    recorder = Recorder(refuse_data={"guest0@example.org": "554 5.7.1 Message looks like spam"})
    results: list[EmailResult] = []
    with smtp_server(recorder) as port:
        send_batch(settings(port), guests(2), results.append)
    assert (results[0].sent, results[0].code) == (False, 554)
    assert results[0].reason == "the server refused the message: 554 5.7.1 Message looks like spam"
    assert results[1].sent


def test_a_server_that_closes_sessions_is_reconnected_to() -> None:
    # Many servers take N messages a session then drop it: each drop costs one reconnection.
    recorder = Recorder(drop_after=3)
    results: list[EmailResult] = []
    with smtp_server(recorder) as port:
        count = send_batch(settings(port), guests(7), results.append)
    assert count.sent == 7
    assert recorder.connections == 3
    assert [r.rcpt_tos[0] for r in recorder.received] == [f"guest{n}@example.org" for n in range(7)]


def test_a_421_answer_is_a_drop_too() -> None:
    recorder = Recorder(drop_after=2, closing_421=True)
    with smtp_server(recorder) as port:
        count = send_batch(settings(port), guests(5), lambda result: None)
    assert count.sent == 5
    assert recorder.connections == 3


@pytest.mark.parametrize("password", [PASSWORD, "plain-ascii"], ids=["accented", "ascii"])
def test_login_when_a_username_is_set(password: str) -> None:
    # smtplib's login() takes ASCII only: an accented password goes as AUTH PLAIN in UTF-8.
    recorder = Recorder()
    options = {"authenticator": authenticator(password), "auth_require_tls": False}
    with smtp_server(recorder, **options) as port:
        count = send_batch(
            settings(port, username=USER, password=password), guests(2), lambda result: None
        )
    assert count.sent == 2
    assert all(received.authenticated for received in recorder.received)


def test_a_wrong_password_stops_before_anything_is_sent() -> None:
    recorder = Recorder()
    results: list[EmailResult] = []
    options = {"authenticator": authenticator(PASSWORD), "auth_require_tls": False}
    with smtp_server(recorder, **options) as port, pytest.raises(SmtpLoginRefused) as refused:
        send_batch(settings(port, username=USER, password="wrong"), guests(2), results.append)
    assert "refused the login chef: 535" in str(refused.value)
    assert "GUESTBOOK_SMTP_PASSWORD" in str(refused.value)
    assert (refused.value.sent, results, recorder.received) == (0, [], [])


def test_a_missing_password_is_said_before_connecting() -> None:
    with pytest.raises(SmtpLoginRefused, match="GUESTBOOK_SMTP_PASSWORD"):
        send_batch(settings(1, username=USER), guests(1), lambda result: None)


def test_a_recipient_that_cannot_be_written_fails_alone() -> None:
    recorder = Recorder()
    results: list[EmailResult] = []
    emails = [OutgoingEmail("a@example.org\r\nRCPT TO:<b@example.org>", "S", "B"), *guests(1)]
    with smtp_server(recorder) as port:
        send_batch(settings(port), emails, results.append)
    assert [r.sent for r in results] == [False, True]
    assert results[0].reason.startswith("this address cannot be used in an email: a@example.org")
    assert [r.rcpt_tos for r in recorder.received] == [["guest0@example.org"]]
