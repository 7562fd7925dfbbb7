"""The access bundle (services.rights.access): everything stored about one guest, read back
by independent parsers (json, csv, vobject, html.parser), private on disk, recorded in the
audit by number only; no bundle for an erased or unknown guest."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import stat
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import vobject  # type: ignore[import-untyped]

from guestbook.bootstrap import Services
from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.errors import UserError
from guestbook.i18n import money
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.export import export_guests
from guestbook.services.guests.consent import record_consent
from guestbook.services.guests.edit import save_guest
from guestbook.services.rights.access import AccessBundle, write_access_bundle
from guestbook.services.rights.audit import audit_events
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.record import record_visit
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit
from tests.database import query

pytestmark = pytest.mark.both_backends

NAME = "<b>Zoé & Co</b>"
NOTES = "Terrace <script>alert(1)</script> & candles"
WORDING = "Pouvons-nous vous appeler pour votre anniversaire ?"
FILES = ["guest.html", "guest.json", "guest.csv", "guest.vcf"]


@dataclass(frozen=True)
class Zoe:
    guest_id: int
    partner_id: int
    phone: str


def _save(services: Services, form: GuestForm) -> int:
    valid = validate_form(form, today=services.clock.today(), region="FR")
    return services.write(
        lambda session: save_guest(
            session, valid, guest_id=None, now=services.clock.now(),
            settings=services.settings, staff="Test", source="test",
        )
    ).guest_id  # fmt: skip


@pytest.fixture
def zoe(services: Services) -> Zoe:
    """A guest with something in every section, and other guests around her whose names
    must not reach her bundle (but for her partner's)."""
    anne = add_guest(services, "Anne", "Conjointe")
    zoe = _save(
        services,
        GuestForm(
            first_name=NAME, last_name="Martin", phones="06 12 34 56 78, 04 72 00 00 01",
            emails="zoe@example.fr", birthday="12/03/1985", partner_id=anne,
            address="3 place Bellecour\nLyon", postcode="69002", notes=NOTES,
            preferences="Sancerre", allergies="peanuts (severe), gluten",
            consent={"call": True, "sms": False},
        ),
    )  # fmt: skip
    now = services.clock.now()
    services.write(
        lambda session: record_consent(
            session, zoe, "email", True, now=now, staff="Léa", source="phone", wording=WORDING
        )
    )
    claire = add_guest(services, "Claire", "Marraine")
    robert = add_guest(services, "Robert", "Filleul")
    record_referral(services, sponsor_id=claire, referred_id=zoe)
    record_referral(services, sponsor_id=zoe, referred_id=robert)
    add_visit(services, dt.date(2026, 10, 1), zoe, anne, party_size=3, spend_cents=10_001)
    add_visit(services, dt.date(2026, 10, 8), robert)  # Zoé's sponsor reward
    services.write(
        lambda session: record_visit(
            session, visited_on=dt.date(2026, 11, 2), guest_ids=[zoe], party_size=2,
            spend_cents=None, now=now, settings=services.settings,
            occasion="anniversary", note="Table 4 & window",
        )
    )  # fmt: skip
    call = CallToLog(zoe, Reason.BIRTHDAY, dt.date(2027, 3, 12), "+33612345678")
    log_outcome(services, call, Outcome.BOOKED, note="wants <the> terrace",
                booked_for=dt.date(2027, 3, 13))  # fmt: skip
    return Zoe(zoe, anne, "+33612345678")


def _written(services: Services, zoe: Zoe, tmp_path: Path) -> AccessBundle:
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return write_access_bundle(services, zoe.guest_id, out)


def test_the_json_holds_every_section(services: Services, zoe: Zoe, tmp_path: Path) -> None:
    bundle = _written(services, zoe, tmp_path)
    data: dict[str, Any] = json.loads((bundle.folder / "guest.json").read_text("utf-8"))
    assert (data["guest_id"], data["restaurant"]) == (zoe.guest_id, "Chez Nous")
    assert dt.datetime.fromisoformat(data["generated_at"]).tzinfo is not None
    assert data["identity"]["first_name"] == NAME
    assert data["identity"]["last_name"] == "Martin"
    assert [phone["number"] for phone in data["phones"]] == ["+33612345678", "+33472000001"]
    assert data["emails"] == ["zoe@example.fr"]
    assert data["birthday"] == "1985-03-12"
    assert data["partner"] == {"name": "Anne Conjointe", "is_guest": True}
    assert (data["address"], data["postcode"]) == ("3 place Bellecour, Lyon", "69002")
    assert (data["notes"], data["preferences"]) == (NOTES, "Sancerre")
    assert data["allergies"] == [
        {"allergen": "peanuts", "note": "severe"},
        {"allergen": "gluten", "note": ""},
    ]
    assert data["consent"] == {"call": True, "sms": False, "email": True, "post": None}
    assert {"channel": "email", "granted": True, "staff": "Léa", "source": "phone",
            "wording": WORDING}.items() <= data["consent_history"][0].items()  # fmt: skip
    assert {event["channel"] for event in data["consent_history"]} == {"call", "sms", "email"}
    assert data["visits"] == [
        {"date": "2026-11-02", "party_size": 2, "spend_cents": None, "share_cents": None,
         "occasion": "anniversary", "note": "Table 4 & window"},
        {"date": "2026-10-01", "party_size": 3, "spend_cents": 10_001, "share_cents": 3334,
         "occasion": "", "note": ""},
    ]  # fmt: skip
    assert (data["visit_count"], data["spend_cents"]) == (2, 3334)
    [call] = data["calls"]
    assert (call["reason"], call["outcome"], call["booked_for"]) == ("birthday", "booked",
                                                                      "2027-03-13")  # fmt: skip
    assert (call["note"], call["staff"]) == ("wants <the> terrace", "Test")
    assert sorted(reward["kind"] for reward in data["rewards"]) == ["birthday", "sponsor"]
    sponsor = next(reward for reward in data["rewards"] if reward["kind"] == "sponsor")
    assert sponsor["reason"] == "Brought Robert"
    assert data["referrals"] == {
        "as_sponsor": {"count": 1, "guests": [{"first_name": "Robert",
                                               "recorded_on": "2026-11-22"}]},
        "as_referred": {"recorded_on": "2026-11-22"},
    }  # fmt: skip
    assert (data["messages"], data["feedback"]) == ([], [])


def test_no_other_guest_is_named_but_the_partner(
    services: Services, zoe: Zoe, tmp_path: Path
) -> None:
    bundle = _written(services, zoe, tmp_path)
    for path in bundle.files:
        text = path.read_text("utf-8-sig")
        for other in ("Claire", "Marraine", "Filleul"):
            assert other not in text, (path.name, other)


def test_the_folder_and_its_files_are_private_and_never_replaced(
    services: Services, zoe: Zoe, tmp_path: Path
) -> None:
    first = _written(services, zoe, tmp_path)
    second = _written(services, zoe, tmp_path)
    assert first.folder.name == f"guest-{zoe.guest_id}-2026-11-22"
    assert second.folder.name == f"guest-{zoe.guest_id}-2026-11-22-2"
    for bundle in (first, second):
        assert stat.S_IMODE(bundle.folder.stat().st_mode) == 0o700
        assert [path.name for path in bundle.files] == FILES
        assert sorted(path.name for path in bundle.folder.iterdir()) == sorted(FILES)
        for path in bundle.files:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # Nothing else is left beside them: no temporary folder.
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [
        first.folder.name,
        second.folder.name,
    ]


def test_the_csv_and_the_vcard_are_the_exports_own(
    services: Services, zoe: Zoe, tmp_path: Path
) -> None:
    bundle = _written(services, zoe, tmp_path)
    export_guests(services, tmp_path / "all.csv", fmt="csv")
    export_guests(services, tmp_path / "all.vcf", fmt="vcf")

    rows = list(csv.reader(io.StringIO((bundle.folder / "guest.csv").read_text("utf-8-sig"),
                                       newline=""), delimiter=";"))  # fmt: skip
    everyone = list(csv.reader(io.StringIO((tmp_path / "all.csv").read_text("utf-8-sig"),
                                           newline=""), delimiter=";"))  # fmt: skip
    assert rows[0] == everyone[0]
    assert rows[1:] == [row for row in everyone[1:] if row[1] == "Martin"]
    assert rows[1][:2] == [NAME, "Martin"]
    assert "peanuts" not in (bundle.folder / "guest.csv").read_text("utf-8-sig")

    text = (bundle.folder / "guest.vcf").read_text("utf-8")
    [card] = list(vobject.readComponents(text))
    assert card.fn.value == f"{NAME} Martin"
    assert card.bday.value == "19850312"
    assert text in (tmp_path / "all.vcf").read_text("utf-8")
    assert "peanuts" not in text


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.headings: list[str] = []
        self._heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._heading = tag in ("h1", "h2")

    def handle_endtag(self, tag: str) -> None:
        self._heading = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._heading:
            self.headings.append(data)


def test_the_page_escapes_every_value(services: Services, zoe: Zoe, tmp_path: Path) -> None:
    bundle = _written(services, zoe, tmp_path)
    raw = (bundle.folder / "guest.html").read_text("utf-8")
    page = _Page()
    page.feed(raw)
    assert "b" not in page.tags and "script" not in page.tags
    assert not {"img", "link", "iframe", "object"} & set(page.tags)
    assert "&lt;b&gt;Zoé &amp; Co&lt;/b&gt; Martin" in raw
    text = "".join(page.text)
    assert f"{NAME} Martin" in text and NOTES in text and "wants <the> terrace" in text
    assert page.headings[0] == "Everything Chez Nous holds about you on Sunday 22 November 2026"
    for heading in ("Allergies", "Consent", "Visits and spend", "Calls", "Rewards",
                    "Referrals", "Messages received", "Feedback"):  # fmt: skip
        assert heading in page.headings
    assert "peanuts" in text and "severe" in text and WORDING in text
    assert "€100.01" in text and "€33.34" in text and "12 Mar 1985" in text


def test_the_page_speaks_french_dates_and_amounts(
    services: Services, zoe: Zoe, tmp_path: Path, french: None
) -> None:
    bundle = _written(services, zoe, tmp_path)
    raw = (bundle.folder / "guest.html").read_text("utf-8")
    assert '<html lang="fr">' in raw
    assert "dimanche 22 novembre 2026" in raw
    assert "1 oct. 2026" in raw and money(10_001) in raw


def test_the_bundle_is_recorded_by_number_only(
    services: Services, zoe: Zoe, tmp_path: Path
) -> None:
    bundle = _written(services, zoe, tmp_path)
    [event] = audit_events(services)
    assert (event.action, event.guests, event.who) == ("access", 1, "Test")
    assert f"#{zoe.guest_id}" in event.detail and str(bundle.folder) in event.detail
    assert "Zoé" not in event.detail and "Martin" not in event.detail


def test_an_erased_guest_has_no_bundle(services: Services, zoe: Zoe, tmp_path: Path) -> None:
    erase_guests(services, [zoe.guest_id])
    with pytest.raises(UserError, match=r"was erased on 22 Nov 2026"):
        _written(services, zoe, tmp_path)
    assert list((tmp_path / "out").iterdir()) == []
    assert query(services, "SELECT action FROM audit_event") == [("erasure",)]


def test_an_unknown_guest_or_folder_is_refused(services: Services, tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"guest #404 does not exist"):
        write_access_bundle(services, 404, tmp_path)
    guest = add_guest(services)
    with pytest.raises(UserError, match=r"does not exist"):
        write_access_bundle(services, guest, tmp_path / "missing")
    assert not list(tmp_path.glob("guest-*")) and not list(tmp_path.glob(".guest-*"))
    assert query(services, "SELECT count(*) FROM audit_event") == [(0,)]


def test_the_messages_and_feedback_she_gave_are_in_it(
    services: Services, zoe: Zoe, tmp_path: Path
) -> None:
    """A message written to her (by email, which is not set up here: it failed, and says so)
    and her feedback, in the JSON and on the page; a message she was left out of is not."""
    from guestbook.domain.audience import Audience
    from guestbook.services.feedback.record import record_feedback
    from guestbook.services.messages import MessageDraft, new_message
    from guestbook.services.messages.send import send_message

    incident = new_message(services, MessageDraft("incident", "Le plat du 3", "Bonjour",
                                                  Audience(everyone=True)))  # fmt: skip
    send_message(services, incident.message_id, output_dir=tmp_path)
    news = new_message(services, MessageDraft("relational", "Soirée truffe", "Bonjour",
                                              Audience(postcodes=("75",))))  # fmt: skip
    send_message(services, news.message_id, output_dir=tmp_path)
    record_feedback(services, zoe.guest_id, ces=2, satisfaction=None, comment="trop d'attente",
                    channel="in_person")  # fmt: skip

    (tmp_path / "bundle").mkdir()
    bundle = _written(services, zoe, tmp_path / "bundle")
    data = json.loads((bundle.folder / "guest.json").read_text("utf-8"))

    [message] = data["messages"]
    assert (message["subject"], message["channel"], message["address"]) == (
        "Le plat du 3", "email", "zoe@example.fr")  # fmt: skip
    assert (message["status"], message["legal_basis"]) == ("failed", "service notice")
    [response] = data["feedback"]
    assert (response["ces"], response["comment"], response["low"]) == (2, "trop d'attente", True)
    page = (bundle.folder / "guest.html").read_text("utf-8")
    assert "Le plat du 3" in page and "Soirée truffe" not in page
    assert "trop d&#x27;attente" in page or "trop d&#39;attente" in page
