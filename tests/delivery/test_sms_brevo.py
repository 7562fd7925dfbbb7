"""SMS sent to a local stand-in for Brevo that checks each request as Brevo's documentation
asks (method, path, headers, fields and their types, sender and number formats)."""

from __future__ import annotations

import pytest

from guestbook.delivery.errors import SmsRefused
from guestbook.delivery.sms_brevo import SmsSent, SmsSettings, brevo_recipient, send_sms
from tests.delivery.brevo_server import KEY, brevo_server
from tests.delivery.smtp_servers import free_port

TEXT = "Chez Nous : l’œuf mayo revient à 5 € « comme avant ». STOP au 36111"


def test_an_sms_is_sent_as_brevo_documents_it() -> None:
    with brevo_server() as (brevo, url):
        sent = send_sms(
            SmsSettings(url, KEY, "ChezNous"), "+33612345678", TEXT, True, unicode=True, tag="m12"
        )
    assert sent == SmsSent("1511882900176221")
    assert brevo.requests == [
        {
            "sender": "ChezNous",
            "recipient": "33612345678",
            "content": TEXT,
            "type": "marketing",
            "unicodeEnabled": True,
            "tag": "m12",
        }
    ]


def test_a_service_notice_is_transactional() -> None:
    with brevo_server() as (brevo, url):
        send_sms(SmsSettings(url, KEY, "0612345678"), "+33612345678", "Soirée annulée", False)
    assert brevo.requests[0]["type"] == "transactional"
    assert brevo.requests[0]["unicodeEnabled"] is False
    assert "tag" not in brevo.requests[0]


def test_the_former_endpoints_counts_are_kept_when_given() -> None:
    with brevo_server() as (brevo, url):
        brevo.answer = (201, {"messageId": 42, "smsCount": 2, "usedCredits": 0.7})
        sent = send_sms(SmsSettings(url, KEY, "ChezNous"), "+33612345678", TEXT, False)
    assert sent == SmsSent("42", 2, 0.7)


@pytest.mark.parametrize(
    "sender", ["Chez Nous", "ChezNousBistrot", "Café", "", "0612345678901234", "Chez-Nous"]
)
def test_an_invalid_sender_is_refused_before_any_request(sender: str) -> None:
    with brevo_server() as (brevo, url), pytest.raises(SmsRefused) as refused:
        send_sms(SmsSettings(url, KEY, sender), "+33612345678", TEXT, False)
    assert refused.value.stops_batch
    assert "at most 11 letters" in str(refused.value)
    assert brevo.requests == []


@pytest.mark.parametrize(
    "sender", ["ChezNous", "CHEZNOUS75", "A", "33612345678", "123456789012345"]
)
def test_a_valid_sender_is_taken_by_brevo(sender: str) -> None:
    with brevo_server() as (brevo, url):
        send_sms(SmsSettings(url, KEY, sender), "+33612345678", TEXT, False)
    assert brevo.requests[0]["sender"] == sender


def test_a_number_not_in_international_form_fails_alone() -> None:
    with pytest.raises(SmsRefused) as refused:
        brevo_recipient("0612345678")
    assert not refused.value.stops_batch
    assert "international form" in str(refused.value)


def test_a_number_brevo_refuses_fails_alone() -> None:
    with brevo_server() as (brevo, url), pytest.raises(SmsRefused) as refused:
        brevo.answer = (400, {"code": "invalid_parameter", "message": "Invalid phone number"})
        send_sms(SmsSettings(url, KEY, "ChezNous"), "+33612345678", TEXT, False)
    assert (refused.value.stops_batch, refused.value.status) == (False, 400)
    assert refused.value.code == "invalid_parameter"
    assert str(refused.value) == "Brevo refused this SMS: Invalid phone number"


def test_a_wrong_key_stops_the_batch() -> None:
    with brevo_server() as (_brevo, url), pytest.raises(SmsRefused) as refused:
        send_sms(SmsSettings(url, "xkeysib-wrong", "ChezNous"), "+33612345678", TEXT, False)
    assert (refused.value.stops_batch, refused.value.status) == (True, 401)
    assert "Key not found" in str(refused.value)
    assert "GUESTBOOK_SMS_API_KEY" in str(refused.value)


def test_no_credits_left_stops_the_batch() -> None:
    with brevo_server() as (brevo, url), pytest.raises(SmsRefused) as refused:
        brevo.answer = (402, {"code": "not_enough_credits", "message": "Not enough credits"})
        send_sms(SmsSettings(url, KEY, "ChezNous"), "+33612345678", TEXT, False)
    assert (refused.value.stops_batch, refused.value.code) == (True, "not_enough_credits")
    assert "not enough SMS credits" in str(refused.value)


def test_a_missing_key_is_said_before_any_request() -> None:
    with brevo_server() as (brevo, url), pytest.raises(SmsRefused, match="GUESTBOOK_SMS_API_KEY"):
        send_sms(SmsSettings(url, "", "ChezNous"), "+33612345678", TEXT, False)
    assert brevo.requests == []


def test_the_key_never_travels_unencrypted_to_another_machine() -> None:
    settings = SmsSettings("http://api.brevo.com/v3", KEY, "ChezNous")
    with pytest.raises(SmsRefused, match="must start with https://"):
        send_sms(settings, "+33612345678", TEXT, False)


def test_brevo_unreachable_stops_the_batch() -> None:
    settings = SmsSettings(f"http://127.0.0.1:{free_port()}/v3", KEY, "ChezNous")
    with pytest.raises(SmsRefused) as refused:
        send_sms(settings, "+33612345678", TEXT, False)
    assert refused.value.stops_batch
    assert "Cannot reach Brevo" in str(refused.value)


def test_brevo_too_slow_stops_the_batch() -> None:
    with brevo_server() as (brevo, url), pytest.raises(SmsRefused) as refused:
        brevo.delay = 1.0
        send_sms(SmsSettings(url, KEY, "ChezNous", timeout=0.3), "+33612345678", TEXT, False)
    assert refused.value.stops_batch
    assert "did not answer within 0.3 seconds" in str(refused.value)
