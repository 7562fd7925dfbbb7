"""What an email looks like on the wire: read back with the email package, as a mail client
would read it."""

from __future__ import annotations

import datetime as dt
import email
from email import policy
from email.message import EmailMessage

import pytest

from guestbook.delivery.email import OutgoingEmail, compose, message_id

FROM = "bonjour@chez-nous.fr"
BODY = "Bonjour Hélène,\n\nL’œuf mayonnaise revient à 5 € « comme avant ».\n\nÀ bientôt !"
ONE_CLICK = "https://chez-nous.fr/desabonnement?jeton=" + "a1b2" * 30  # past 78 characters


def read_back(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def test_an_email_is_utf8_text_with_its_headers() -> None:
    outgoing = OutgoingEmail(
        "helene@example.org", "Œuf mayo à 5 € – l’été revient", BODY, message_id_seed="m1.g7"
    )
    sent_at = dt.datetime(2026, 11, 22, 9, 30, tzinfo=dt.UTC)
    parsed = read_back(
        compose(outgoing, from_address=FROM, from_name="Chez Nous — Bistrot", date=sent_at)
    )
    assert parsed["To"] == "helene@example.org"
    assert parsed["From"].addresses[0].display_name == "Chez Nous — Bistrot"
    assert parsed["From"].addresses[0].addr_spec == FROM
    assert parsed["Subject"] == "Œuf mayo à 5 € – l’été revient"
    assert parsed["Date"].datetime == sent_at
    assert parsed.get_content_type() == "text/plain"
    assert parsed.get_content_charset() == "utf-8"
    assert parsed["Content-Transfer-Encoding"] == "quoted-printable"
    assert parsed.get_content().replace("\r\n", "\n").rstrip("\n") == BODY
    assert parsed["List-Unsubscribe"] is None  # a service notice has none


def test_the_wire_form_is_seven_bit_with_short_lines() -> None:
    outgoing = OutgoingEmail("helene@example.org", "Été", BODY * 20, unsubscribe=(ONE_CLICK,))
    data = compose(outgoing, from_address=FROM, from_name="Chez Nous").as_bytes()
    assert data.isascii()
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    body = data.split(b"\r\n\r\n", 1)[1]
    assert all(len(line) <= 76 for line in body.split(b"\r\n"))  # RFC 2045 for quoted-printable


def test_relational_mail_can_be_unsubscribed_in_one_click() -> None:
    mailto = "mailto:desabonnement@chez-nous.fr?subject=stop-g7"
    outgoing = OutgoingEmail("a@example.org", "News", "Hello", unsubscribe=(ONE_CLICK, mailto))
    parsed = read_back(compose(outgoing, from_address=FROM))
    assert str(parsed["List-Unsubscribe"]) == f"<{ONE_CLICK}>, <{mailto}>"  # the long URL intact
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_one_click_needs_an_https_target() -> None:
    mailto = "mailto:desabonnement@chez-nous.fr"
    outgoing = OutgoingEmail("a@example.org", "News", "Hello", unsubscribe=(mailto,))
    parsed = read_back(compose(outgoing, from_address=FROM))
    assert str(parsed["List-Unsubscribe"]) == f"<{mailto}>"
    assert parsed["List-Unsubscribe-Post"] is None


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "https://x.fr/a b", "https://x.fr/>, <evil", "ftp://x.fr"]
)
def test_an_unsubscribe_target_must_be_a_plain_link(target: str) -> None:
    outgoing = OutgoingEmail("a@example.org", "News", "Hello", unsubscribe=(target,))
    with pytest.raises(ValueError, match="unsubscribe target"):
        compose(outgoing, from_address=FROM)


def test_a_resent_email_keeps_its_message_id() -> None:
    first = compose(
        OutgoingEmail("a@example.org", "S", "B", message_id_seed="m1.g7"), from_address=FROM
    )
    again = compose(
        OutgoingEmail("a@example.org", "S2", "B2", message_id_seed="m1.g7"), from_address=FROM
    )
    other = compose(
        OutgoingEmail("a@example.org", "S", "B", message_id_seed="m1.g8"), from_address=FROM
    )
    assert first["Message-ID"] == again["Message-ID"] != other["Message-ID"]
    assert first["Message-ID"].endswith("@chez-nous.fr>")
    assert message_id("", FROM) != message_id("", FROM)  # no seed: a fresh one each time


def test_a_line_break_in_the_subject_cannot_add_a_header() -> None:
    outgoing = OutgoingEmail("a@example.org", "Hello\r\nBcc: everyone@example.org", "B")
    parsed = read_back(compose(outgoing, from_address=FROM))
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hello Bcc: everyone@example.org"


@pytest.mark.parametrize("to", ["a@example.org\nBcc: b@example.org", "", "a b@example.org"])
def test_a_recipient_that_cannot_be_written_is_refused(to: str) -> None:
    with pytest.raises(ValueError, match="recipient"):
        compose(OutgoingEmail(to, "S", "B"), from_address=FROM)
