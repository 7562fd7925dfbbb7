"""Sending a message (services.messages.send) through real parts: an SMTP server on loopback
(aiosmtpd), a local stand-in for Brevo's SMS API that checks requests as Brevo documents them,
the letters' PDF read back with pypdf. Resumable and idempotent: a guest is never written to
twice, a failure is tried again at the next send, an erased guest is never reached."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from guestbook.domain.audience import Audience
from guestbook.domain.guest_form import GuestForm
from guestbook.services import messages
from guestbook.services.context import Services
from guestbook.services.messages.history import deliveries, received_messages
from guestbook.services.messages.send import SendResult, send_message
from guestbook.services.rights.audit import audit_events
from guestbook.services.rights.erasure import erase_guests
from guestbook.settings_messages import SmsSettings, SmtpSettings
from tests.builders import save_form
from tests.database import query
from tests.delivery.brevo_server import KEY, Brevo, brevo_server
from tests.delivery.smtp_servers import Recorder, smtp_server

pytestmark = pytest.mark.both_backends

PARIS = ZoneInfo("Europe/Paris")
MONDAY_NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=PARIS)
SUNDAY_NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=PARIS)


@dataclasses.dataclass(frozen=True)
class MomentClock:
    moment: dt.datetime

    def today(self) -> dt.date:
        return self.moment.astimezone(PARIS).date()

    def now(self) -> dt.datetime:
        return self.moment.astimezone(dt.UTC)


def at(services: Services, moment: dt.datetime, **settings: object) -> Services:
    """The same database at `moment`, with these settings changed."""
    changed = dataclasses.replace(services.settings, **settings)  # type: ignore[arg-type]
    return dataclasses.replace(services, clock=MomentClock(moment), settings=changed)


def guest(services: Services, first: str, **fields: object) -> int:
    form = GuestForm(first_name=first, last_name="Martin", **fields)  # type: ignore[arg-type]
    return save_form(services, form)


@pytest.fixture
def server() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    with smtp_server(recorder) as port:
        yield recorder, port


@pytest.fixture
def brevo(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Brevo, str]]:
    monkeypatch.setenv("GUESTBOOK_SMS_API_KEY", KEY)
    with brevo_server() as (stand_in, url):
        yield stand_in, url


def configured(services: Services, port: int, brevo_url: str, moment: dt.datetime) -> Services:
    return at(
        services,
        moment,
        smtp=SmtpSettings("127.0.0.1", port, "none", "", "Chez Nous <contact@chez-nous.fr>"),
        sms=SmsSettings("brevo", "ChezNous", brevo_url),
        sms_stop="STOP au 36111",
        restaurant_address="12 rue Oberkampf, 75011 Paris",
    )


def new(services: Services, purpose: str, body: str = "Bonjour {first_name},\nLe plat du 3 contenait des noix.") -> int:  # fmt: skip
    draft = messages.MessageDraft(purpose, "Le plat du 3", body, Audience(everyone=True))
    return messages.new_message(services, draft).message_id


def states(services: Services, message_id: int) -> dict[int, tuple[str, str]]:
    return {d.guest_id: (d.channel, d.status) for d in deliveries(services, message_id)}


def test_a_notice_reaches_each_guest_by_their_channel_once(
    services: Services, server: tuple[Recorder, int], brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    recorder, port = server
    stand_in, url = brevo
    by_email = guest(services, "Léa", emails="lea@example.fr")
    by_sms = guest(services, "Paul", phones="06 12 34 56 78")
    by_post = guest(services, "Zoé", address="3 place Bellecour, Lyon", postcode="69002")
    by_call = guest(services, "Hugo", phones="01 45 67 89 01")
    nobody = guest(services, "Ana")
    monday = configured(services, port, url, MONDAY_NOON)
    message_id = new(monday, "incident")

    result = send_message(monday, message_id, output_dir=tmp_path)

    assert result.to_json() == {
        "message_id": message_id,
        "sent": 2,
        "failed": 0,
        "queued": 2,
        "skipped": 1,
    }
    assert states(monday, message_id) == {
        by_email: ("email", "sent"),
        by_sms: ("sms", "sent"),
        by_post: ("post", "queued"),
        by_call: ("call", "queued"),
        nobody: ("", "skipped"),
    }
    (mail,) = recorder.received
    assert mail.rcpt_tos == ["lea@example.fr"]
    assert mail.message["Subject"] == "Le plat du 3"
    assert "Bonjour Léa,\nLe plat du 3 contenait des noix." in mail.message.get_content().replace(
        "\r\n", "\n"
    )
    assert mail.message["List-Unsubscribe"] is None  # a service notice: no unsubscribe
    (sms,) = stand_in.requests
    assert (sms["recipient"], sms["type"]) == ("33612345678", "transactional")
    assert sms["content"] == "Bonjour Paul,\nLe plat du 3 contenait des noix."
    assert result.letters is not None and result.letters.parent == tmp_path
    (page,) = PdfReader(result.letters).pages
    text = page.extract_text()
    assert "Zoé MARTIN" in text or "Zoé Martin" in text
    assert "69002 LYON" in text and "Bonjour Zoé," in text

    again = send_message(monday, message_id, output_dir=tmp_path)
    assert (again.sent, again.failed, again.queued) == (0, 0, 0)
    assert len(recorder.received) == 1 and len(stand_in.requests) == 1
    assert [m.subject for m in received_messages(monday, by_email)] == ["Le plat du 3"]
    (event,) = [e for e in audit_events(monday) if e.action == "message"]
    assert event.guests == 4 and event.detail == f"message {message_id}: 2 sent, 2 queued, 0 failed"


def test_news_by_sms_wait_for_the_allowed_hours(
    services: Services, server: tuple[Recorder, int], brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    _recorder, port = server
    stand_in, url = brevo
    paul = guest(services, "Paul", phones="06 12 34 56 78", consent={"sms": True})
    sunday = configured(services, port, url, SUNDAY_NOON)
    message_id = new(sunday, "relational", "Soirée truffe jeudi, {first_name} !")

    held = send_message(sunday, message_id, output_dir=tmp_path)
    assert (held.sent, held.queued) == (0, 1) and stand_in.requests == []
    assert held.next_sms_at == dt.datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
    assert send_message(sunday, message_id).queued == 0  # still held, not counted twice

    monday = configured(services, port, url, MONDAY_NOON)
    went = send_message(monday, message_id, output_dir=tmp_path)
    assert went.sent == 1 and states(monday, message_id) == {paul: ("sms", "sent")}
    (sms,) = stand_in.requests
    assert sms["type"] == "marketing"
    assert sms["content"] == "Soirée truffe jeudi, Paul !\nSTOP au 36111"


def test_a_refused_address_fails_and_is_tried_again_at_the_next_send(
    services: Services, server: tuple[Recorder, int], brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    recorder, port = server
    _stand_in, url = brevo
    recorder.refuse_rcpt["bad@example.fr"] = "550 5.1.1 No such user"
    good = guest(services, "Léa", emails="lea@example.fr", consent={"email": True})
    bad = guest(services, "Max", emails="bad@example.fr", consent={"email": True})
    monday = configured(services, port, url, MONDAY_NOON)
    message_id = new(monday, "relational")

    first = send_message(monday, message_id, output_dir=tmp_path)
    assert (first.sent, first.failed) == (1, 1)
    refused = {d.guest_id: d for d in deliveries(monday, message_id)}[bad]
    assert (
        refused.status == "failed" and "550" in refused.reason and "No such user" in refused.reason
    )
    mail = recorder.received[0].message
    assert mail["List-Unsubscribe"] == "<mailto:contact@chez-nous.fr?subject=unsubscribe>"
    assert "To receive no more" in mail.get_content()

    del recorder.refuse_rcpt["bad@example.fr"]
    second = send_message(monday, message_id, output_dir=tmp_path)
    assert (second.sent, second.failed) == (1, 0)
    assert [r.rcpt_tos for r in recorder.received] == [["lea@example.fr"], ["bad@example.fr"]]
    assert states(monday, message_id) == {good: ("email", "sent"), bad: ("email", "sent")}


def test_what_cannot_go_says_why_and_loses_nothing(
    services: Services, brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    """No SMTP server set, a gateway refusing the key, news by SMS without its STOP mention,
    a letter whose address has no street: each guest's row says why, and the next send tries
    them again."""
    stand_in, url = brevo
    stand_in.answer = (401, {"code": "unauthorized", "message": "Key not found"})
    by_email = guest(services, "Léa", emails="lea@example.fr")
    by_sms = guest(services, "Paul", phones="06 12 34 56 78")
    by_post = guest(services, "Zoé", address="Lyon", postcode="69002")
    monday = at(services, MONDAY_NOON, sms=SmsSettings("brevo", "ChezNous", url))
    message_id = new(monday, "incident")

    result = send_message(monday, message_id, output_dir=tmp_path)

    assert (result.sent, result.failed, result.queued) == (0, 3, 0)
    reasons = {d.guest_id: d.reason for d in deliveries(monday, message_id)}
    assert "emails are not set up" in reasons[by_email]
    assert reasons[by_sms] and reasons[by_sms] in result.problems
    assert reasons[by_post]  # the postal rules' reason (no street)
    assert result.letters is None
    assert send_message(monday, message_id, output_dir=tmp_path).failed == 3  # tried again


def test_an_erased_guest_is_never_reached(
    services: Services, server: tuple[Recorder, int], brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    recorder, port = server
    _stand_in, url = brevo
    recorder.refuse_rcpt["max@example.fr"] = "450 4.2.1 Mailbox busy"
    max_ = guest(services, "Max", emails="max@example.fr")
    monday = configured(services, port, url, MONDAY_NOON)
    message_id = new(monday, "incident")
    assert send_message(monday, message_id, output_dir=tmp_path).failed == 1
    erase_guests(monday, [max_])
    del recorder.refuse_rcpt["max@example.fr"]

    again = send_message(monday, message_id, output_dir=tmp_path)

    assert (again.sent, again.failed) == (0, 0) and recorder.received == []
    assert states(monday, message_id) == {max_: ("", "skipped")}
    assert query(monday, "SELECT address, reason FROM message_delivery") == [("", "erased")]


def test_a_cancelled_send_keeps_what_it_did_and_the_rest_waits(
    services: Services, server: tuple[Recorder, int], brevo: tuple[Brevo, str], tmp_path: Path
) -> None:
    recorder, port = server
    _stand_in, url = brevo
    for n in range(5):
        guest(services, f"Invité{n}", emails=f"guest{n}@example.fr")
    monday = configured(services, port, url, MONDAY_NOON)
    message_id = new(monday, "incident")
    seen: list[int] = []

    result = send_message(
        monday, message_id, progress=lambda done, total: seen.append(done),
        cancel=lambda: len(seen) >= 2,
    )  # fmt: skip

    assert result.cancelled and result.sent == 2 and len(recorder.received) == 2
    assert (
        sorted(s for _c, s in states(monday, message_id).values()) == ["queued"] * 3 + ["sent"] * 2
    )
    rest = send_message(monday, message_id, output_dir=tmp_path)
    assert rest.sent == 3 and len(recorder.received) == 5


def test_the_send_result_is_the_json_contract() -> None:
    result = SendResult(4, sent=1, failed=2, queued=3, skipped=4)
    assert result.to_json() == {"message_id": 4, "sent": 1, "failed": 2, "queued": 3, "skipped": 4}
