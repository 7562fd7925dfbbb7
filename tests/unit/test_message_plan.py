"""A message's plan (services.messages): who each channel reaches, who is left out and why, on a
real database, against the rule's one home (domain.reach) and hand-counted audiences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import itertools
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from guestbook.domain.audience import Audience, AudienceError
from guestbook.domain.contact import is_mobile
from guestbook.domain.guest_form import GuestForm
from guestbook.domain.reach import channel_for
from guestbook.services import messages
from guestbook.services.context import Services
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits.referrals import record_referral
from guestbook.storage import migrations
from guestbook.storage.sql_words import POSTGRESQL_WORDS, SQLITE_WORDS
from guestbook.storage.sqlite.message_plan import reach_key
from tests.builders import add_guest, add_visit, next_mobile, save_form
from tests.database import execute, scalar

pytestmark = pytest.mark.both_backends

ORDER = ("email", "sms", "post", "call")
_PHONES: dict[str, Callable[[], str]] = {
    "mobile": next_mobile,
    "fixed": lambda: "+33145678901",
    "foreign mobile": lambda: "+447911123456",
    "foreign fixed": lambda: "+442071838750",
    "none": lambda: "",
}


def _guest(
    services: Services,
    *,
    email: bool = False,
    phone: str = "none",
    post: bool = False,
    consent: dict[str, bool | None] | None = None,
    postcode: str = "75011",
    first: str = "Léa",
) -> int:
    number = _PHONES[phone]()
    form = GuestForm(
        first_name=first,
        last_name=f"Martin{scalar(services, 'SELECT count(*) FROM guest')}",
        phones=number,
        emails=f"lea{random.random():.8f}@example.fr" if email else "",
        address="12 rue Oberkampf\nParis" if post else "",
        postcode=postcode if post else "",
        consent=consent or {},
    )
    return save_form(services, form)


def _new(services: Services, purpose: str, audience: Audience) -> messages.MessagePlan:
    draft = messages.MessageDraft(purpose, "Le dîner du 3", "Bonjour {first_name},", audience)
    return messages.new_message(services, draft)


def _channels(services: Services, message_id: int) -> dict[int, str]:
    reached = {r.guest_id: r.channel for r in messages.recipients(services, message_id)}
    left = {r.guest_id: r.channel for r in messages.recipients(services, message_id, left_out=True)}
    assert not reached.keys() & left.keys()
    return reached | left


def test_every_guest_gets_the_channel_the_rule_gives(services: Services) -> None:
    """Guests with every kind of contact data and a sample of consent states: the plan's SQL
    gives each the channel domain.reach gives from facts read here, not from the database.
    An opt-out mention is set: without one, news takes no SMS (test_messages_walk_fixes)."""
    services = dataclasses.replace(
        services, settings=dataclasses.replace(services.settings, sms_stop="STOP au 36111")
    )
    chooser = random.Random(17)
    states: tuple[bool | None, ...] = (True, False, None)
    facts: dict[int, tuple[dict[str, bool], dict[str, bool | None]]] = {}
    for email, phone, post in itertools.product((False, True), _PHONES, (False, True)):
        for _ in range(4):
            consent = {key: chooser.choice(states) for key in ORDER}
            guest_id = _guest(services, email=email, phone=phone, post=post, consent=consent)
            number = _PHONES[phone]() if phone != "mobile" else "+33612345678"
            usable = {
                "email": email,
                "sms": phone != "none" and is_mobile(number),
                "post": post,
                "call": phone != "none",
            }
            facts[guest_id] = (usable, consent)
    for purpose, needs_consent in (("incident", False), ("relational", True)):
        plan = _new(services, purpose, Audience(everyone=True))
        planned = _channels(services, plan.message_id)
        expected = {
            guest_id: channel_for(
                usable, consent, erased=False, order=ORDER, needs_consent=needs_consent
            )
            for guest_id, (usable, consent) in facts.items()
        }
        assert planned == expected
        counted = {**plan.by_channel, **plan.left_out}
        for choice in counted:
            assert counted[choice] == sum(1 for c in expected.values() if c == choice)


def test_a_notice_prefers_a_channel_not_withdrawn_but_reaches_anyway(services: Services) -> None:
    prefers_sms = _guest(services, email=True, phone="mobile", consent={"email": False})
    only_email = _guest(services, email=True, consent={"email": False})
    nothing = _guest(services, consent={"email": True})
    plan = _new(services, "incident", Audience(everyone=True))
    assert _channels(services, plan.message_id) == {
        prefers_sms: "sms",
        only_email: "email",
        nothing: "no_contact",
    }
    assert plan.left_out == {"no_contact": 1, "no_consent": 0, "erased": 0}
    unreachable = list(messages.recipients(services, plan.message_id, left_out=True))
    assert [(r.guest_id, r.channel, r.address) for r in unreachable] == [
        (nothing, "no_contact", "")
    ]


def test_news_go_only_by_a_granted_channel(services: Services) -> None:
    granted_post = _guest(services, email=True, post=True, consent={"email": False, "post": True})
    never_asked = _guest(services, email=True, phone="mobile")
    plan = _new(services, "relational", Audience(everyone=True))
    assert _channels(services, plan.message_id) == {
        granted_post: "post",
        never_asked: "no_consent",
    }
    (letter,) = messages.recipients(services, plan.message_id)
    assert letter.address == "12 rue Oberkampf, Paris, 75011"


def test_an_erased_guest_is_never_reached(services: Services) -> None:
    kept = _guest(services, email=True, consent={"email": True})
    erased = _guest(services, email=True, consent={"email": True})
    add_visit(services, dt.date(2026, 11, 3), kept, erased)
    erase_guests(services, [erased])
    window = Audience(visited_from=dt.date(2026, 11, 1), visited_to=dt.date(2026, 11, 30))
    plan = _new(services, "incident", window)
    assert _channels(services, plan.message_id) == {kept: "email", erased: "erased"}
    assert plan.audience == 2 and plan.reached == 1


def test_a_plan_reads_the_guests_as_they_are_now(services: Services) -> None:
    """The message keeps its filters, not its guests: a consent withdrawn after the message
    was written is respected by the next plan."""
    guest = _guest(services, email=True, consent={"email": True})
    plan = _new(services, "relational", Audience(everyone=True))
    assert plan.by_channel["email"] == 1
    execute(services, "UPDATE guest SET consent_email = ? WHERE id = ?", False, guest)
    again = messages.plan_message(services, plan.message_id)
    assert again.by_channel["email"] == 0 and again.left_out["no_consent"] == 1


def test_the_audience_filters_combine(services: Services, today: dt.date) -> None:
    paris = _guest(services, email=True, post=True, postcode="75011")
    lyon = _guest(services, email=True, post=True, postcode="69003")
    corsica = _guest(services, email=True, post=True, postcode="20200", first="Ange")
    add_visit(services, dt.date(2026, 10, 2), paris)
    add_visit(services, dt.date(2026, 6, 2), lyon)
    sponsor = add_guest(services, "Paul", "Roux")
    referred = add_guest(services, "Zoé", "Roux")
    record_referral(services, sponsor_id=sponsor, referred_id=referred)
    execute(services, "UPDATE guest SET birth_month = 3, birth_day = 4 WHERE id = ?", corsica)

    def planned(**filters: object) -> set[int]:
        plan = _new(services, "incident", Audience(**filters))  # type: ignore[arg-type]
        return set(_channels(services, plan.message_id))

    assert planned(postcodes=("75", "69")) == {paris, lyon}
    assert planned(postcodes=("690",)) == {lyon}
    assert planned(visited_from=dt.date(2026, 10, 1), visited_to=dt.date(2026, 10, 31)) == {paris}
    assert planned(last_visit_since=dt.date(2026, 9, 1)) == {paris}
    assert planned(last_visit_before=dt.date(2026, 9, 1)) == {lyon}
    assert planned(last_visit_before=dt.date(2026, 9, 1), postcodes=("75",)) == set()
    assert planned(birth_month=3) == {corsica}
    assert planned(sponsors=True) == {sponsor}
    assert planned(everyone=True) == {paris, lyon, corsica, sponsor, referred}


@pytest.mark.parametrize(
    ("audience", "says"),
    [
        (Audience(), "no filter"),
        (Audience(everyone=True, sponsors=True), "cannot be combined"),
        (Audience(visited_from=dt.date(2026, 1, 2)), "both days"),
        (
            Audience(visited_from=dt.date(2026, 1, 2), visited_to=dt.date(2026, 1, 1)),
            "ends before",
        ),
        (Audience(postcodes=("Paris",)), "not the start of a postcode"),
        (Audience(birth_month=13), "1 to 12"),
    ],
)
def test_an_audience_that_cannot_be_planned_says_why(
    services: Services, audience: Audience, says: str
) -> None:
    with pytest.raises(AudienceError, match=says):
        _new(services, "incident", audience)
    assert scalar(services, "SELECT count(*) FROM message") == 0


def test_a_message_needs_a_subject_a_text_and_a_known_purpose(services: Services) -> None:
    everyone = Audience(everyone=True)
    for draft, says in (
        (messages.MessageDraft("promo", "S", "B", everyone), "Unknown purpose"),
        (messages.MessageDraft("incident", " ", "B", everyone), "subject"),
        (messages.MessageDraft("incident", "S", "", everyone), "text"),
    ):
        with pytest.raises(messages.MessageError, match=says):
            messages.new_message(services, draft)
    with pytest.raises(messages.MessageError, match="no message number 9"):
        messages.plan_message(services, 9)


def test_the_audience_survives_its_storage() -> None:
    audience = Audience(
        visited_from=dt.date(2026, 11, 1),
        visited_to=dt.date(2026, 11, 3),
        postcodes=("75", "2A"),
        late_regulars=True,
        birth_month=5,
    )
    assert Audience.from_json(audience.to_json()) == audience


def test_messages_are_listed_newest_first(services: Services) -> None:
    _guest(services, email=True)
    first = _new(services, "incident", Audience(everyone=True))
    second = _new(services, "relational", Audience(everyone=True))
    listed = messages.list_messages(services)
    assert [m.id for m in listed] == [second.message_id, first.message_id]
    assert listed[0].purpose == "relational" and listed[0].deliveries == {}
    assert listed[0].created_at.tzinfo is not None


def test_a_phone_changed_to_a_fixed_line_no_longer_takes_texts(services: Services) -> None:
    """primary_mobile follows the primary phone (services.summaries): the guest form's save."""
    guest = _guest(services, phone="mobile", consent={"sms": True, "call": True})
    assert scalar(services, "SELECT primary_mobile FROM guest WHERE id = ?", guest) == 1
    execute(services, "UPDATE phone SET e164 = '+33145678901' WHERE guest_id = ?", guest)
    from guestbook.services.summaries.guest_row import refresh_contacts

    services.write(lambda session: refresh_contacts(session.connection(), guest))
    assert scalar(services, "SELECT primary_mobile FROM guest WHERE id = ?", guest) == 0
    plan = _new(services, "relational", Audience(everyone=True))
    assert _channels(services, plan.message_id) == {guest: "call"}


def test_an_unknown_placeholder_is_refused_before_anything_is_recorded(
    services: Services,
) -> None:
    draft = messages.MessageDraft(
        "incident", "Le {date}", "Bonjour {prenom}", Audience(everyone=True)
    )
    with pytest.raises(messages.MessageError, match=r"subject: unknown placeholder \{date\}"):
        messages.new_message(services, draft)
    assert scalar(services, "SELECT count(*) FROM message") == 0


def test_the_plan_spells_the_reach_key_as_its_index_does() -> None:
    """Each engine reads ix_guest_reach only for the very expression migration 0008 made it
    on, in that engine's words: a plan of every guest then reads the index alone."""
    path = Path(migrations.__file__).parent / "versions" / "0008_messages.py"
    spec = importlib.util.spec_from_file_location("migration_0008", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert reach_key(SQLITE_WORDS) == migration.REACH_KEY_SQL
    assert reach_key(POSTGRESQL_WORDS) == migration.REACH_KEY_PG_SQL
