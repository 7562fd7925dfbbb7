"""What stops a batch, said so an owner can act on it, after what was sent before is reported;
and the encrypted connections, with a certificate made for the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guestbook.delivery.email import EmailResult, OutgoingEmail, send_batch
from guestbook.delivery.errors import (
    SmtpConnectionLost,
    SmtpSenderRefused,
    SmtpTimeout,
    SmtpTlsFailed,
    SmtpUnreachable,
)
from tests.delivery.smtp_servers import (
    Certificate,
    Recorder,
    free_port,
    guests,
    make_certificate,
    settings,
    silent_server,
    smtp_server,
)

needs_openssl = pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl")


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Certificate:
    return make_certificate(tmp_path_factory.mktemp("tls"))


def test_no_server_on_the_port() -> None:
    port = free_port()
    with pytest.raises(SmtpUnreachable) as error:
        send_batch(settings(port), guests(1), lambda result: None)
    assert f"Cannot reach the mail server 127.0.0.1:{port}" in str(error.value)
    assert "[smtp] host and port" in str(error.value)


def test_an_unknown_host() -> None:
    with pytest.raises(SmtpUnreachable, match=r"mail\.guestbook\.invalid is unknown"):
        send_batch(settings(25, host="mail.guestbook.invalid"), guests(1), lambda result: None)


def test_a_server_that_never_answers() -> None:
    with silent_server() as port, pytest.raises(SmtpTimeout) as error:
        send_batch(settings(port, timeout=0.5), guests(1), lambda result: None)
    assert "did not answer within 0.5 seconds" in str(error.value)


def test_a_refused_sender_stops_the_batch() -> None:
    recorder = Recorder(refuse_mail="553 5.7.1 Sender address rejected: not owned by user")
    with smtp_server(recorder) as port, pytest.raises(SmtpSenderRefused) as error:
        send_batch(settings(port), guests(3), lambda result: None)
    assert "refuses to send from bonjour@chez-nous.fr: 553 5.7.1 Sender address rejected" in str(
        error.value
    )


def test_a_second_drop_on_the_same_email_stops_after_reporting_the_others() -> None:
    recorder = Recorder(drop_for="guest2@example.org")
    results: list[EmailResult] = []
    with smtp_server(recorder) as port, pytest.raises(SmtpConnectionLost) as error:
        send_batch(settings(port), guests(4), results.append)
    assert [(r.email.to, r.sent) for r in results] == [
        ("guest0@example.org", True),
        ("guest1@example.org", True),
    ]
    assert (error.value.sent, error.value.failed) == (2, 0)
    assert recorder.connections == 2  # the first, and one reconnection
    assert "stay queued" in str(error.value)


def test_a_server_that_hangs_on_one_email_stops_after_one_more_try() -> None:
    recorder = Recorder(hang_for="guest1@example.org")
    results: list[EmailResult] = []
    with smtp_server(recorder) as port, pytest.raises(SmtpTimeout) as error:
        send_batch(settings(port, timeout=0.5), guests(3), results.append)
    assert [r.email.to for r in results] == ["guest0@example.org"]
    assert error.value.sent == 1
    assert "even after reconnecting" in str(error.value)


def test_an_invalid_from_setting_is_said_before_connecting() -> None:
    with pytest.raises(SmtpSenderRefused, match=r"The \[smtp\] from setting \(chez-nous\)"):
        send_batch(settings(1, from_address="chez-nous"), guests(1), lambda result: None)


def test_an_unknown_security_is_said_before_connecting() -> None:
    with pytest.raises(SmtpTlsFailed, match="must be starttls, ssl or none"):
        send_batch(settings(1, security="tls"), guests(1), lambda result: None)


def test_an_address_the_server_cannot_take_fails_alone() -> None:
    recorder = Recorder()
    emails = [OutgoingEmail("hélène@exemple.fr", "S", "B"), *guests(1)]
    results: list[EmailResult] = []
    with smtp_server(recorder, enable_SMTPUTF8=False) as port:
        send_batch(settings(port), emails, results.append)
    assert [r.sent for r in results] == [False, True]
    assert "accented letters" in results[0].reason


def test_an_accented_address_goes_to_a_server_that_takes_it() -> None:
    recorder = Recorder()
    with smtp_server(recorder) as port:  # aiosmtpd's Controller offers SMTPUTF8
        count = send_batch(
            settings(port), [OutgoingEmail("hélène@exemple.fr", "Été", "Œuf")], lambda r: None
        )
    assert count.sent == 1
    assert recorder.received[0].rcpt_tos == ["hélène@exemple.fr"]
    assert recorder.received[0].message.get_content().strip() == "Œuf"


@needs_openssl
def test_starttls_with_a_trusted_certificate(certificate: Certificate) -> None:
    recorder = Recorder()
    options = {"tls_context": certificate.server_context(), "require_starttls": True}
    with smtp_server(recorder, **options) as port:
        count = send_batch(
            settings(port, security="starttls"),
            guests(2),
            lambda result: None,
            context=certificate.client_context(),
        )
    assert count.sent == 2


@needs_openssl
def test_ssl_with_a_trusted_certificate(certificate: Certificate) -> None:
    recorder = Recorder()
    with smtp_server(recorder, ssl_context=certificate.server_context()) as port:
        count = send_batch(
            settings(port, security="ssl"),
            guests(2),
            lambda result: None,
            context=certificate.client_context(),
        )
    assert count.sent == 2


@needs_openssl
def test_a_certificate_nobody_vouches_for_stops_the_batch(certificate: Certificate) -> None:
    options = {"tls_context": certificate.server_context(), "require_starttls": True}
    with smtp_server(Recorder(), **options) as port, pytest.raises(SmtpTlsFailed) as error:
        send_batch(settings(port, security="starttls"), guests(1), lambda result: None)
    assert "The secure connection to the mail server" in str(error.value)
    assert "certificate" in str(error.value)


def test_starttls_asked_of_a_server_without_it() -> None:
    with (
        smtp_server(Recorder()) as port,
        pytest.raises(SmtpTlsFailed, match="does not offer STARTTLS"),
    ):
        send_batch(settings(port, security="starttls"), guests(1), lambda result: None)


@needs_openssl
def test_ssl_asked_of_a_plain_port(tmp_path: Path) -> None:
    with smtp_server(Recorder()) as port, pytest.raises(SmtpTlsFailed, match="port 465"):
        send_batch(settings(port, security="ssl", timeout=2.0), guests(1), lambda result: None)
