"""Creating and editing guests from the form: validation, saving, and the same person twice."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.domain.guest_form import GuestForm, ValidGuest, parse_allergies, validate_form
from guestbook.domain.people import is_same_person
from guestbook.errors import FieldErrors
from guestbook.services.guests.duplicates import find_duplicates
from guestbook.services.guests.edit import SavedGuest, add_to_guest, save_guest
from guestbook.services.guests.form import load_form
from guestbook.services.guests.search import search_guests
from tests.builders import add_guest
from tests.database import execute, query

pytestmark = pytest.mark.both_backends

TODAY = dt.date(2026, 11, 22)


def valid(form: GuestForm) -> ValidGuest:
    return validate_form(form, today=TODAY, region="FR")


def save(services: Services, form: GuestForm, guest_id: int | None = None) -> SavedGuest:
    entered = valid(form)
    return services.write(
        lambda session: save_guest(
            session,
            entered,
            guest_id=guest_id,
            now=services.clock.now(),
            settings=services.settings,
            staff="Host",
        )
    )


def form_of(services: Services, guest_id: int) -> GuestForm:
    return services.read(lambda connection: load_form(connection, guest_id, "FR"))


# --- Validation --------------------------------------------------------------------------------


def test_every_invalid_field_gets_its_own_message() -> None:
    form = GuestForm(
        phones="06 12 34 56 78, 12345",
        emails="anne@example, ok@example.com",
        birthday="31/02",
        postcode="75 011 PARIS CEDEX",
    )
    with pytest.raises(FieldErrors) as caught:
        valid(form)
    errors = caught.value.errors
    assert set(errors) == {"first_name", "phones", "emails", "birthday", "postcode"}
    assert "'12345'" in errors["phones"] and "06 12" not in errors["phones"]
    assert "'anne@example'" in errors["emails"]
    assert "February" in errors["birthday"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("12/03", Birthday(12, 3)),
        ("12-03-70", Birthday(12, 3, 1970)),
        ("1 janvier 1965", Birthday(1, 1, 1965)),
        ("--03-12", Birthday(12, 3)),
        ("", None),
    ],
)
def test_birthday_accepts_what_product_md_lists(typed: str, expected: Birthday | None) -> None:
    assert valid(GuestForm(first_name="Anne", birthday=typed)).birthday == expected


def test_future_birthday_is_refused_with_the_reason() -> None:
    with pytest.raises(FieldErrors) as caught:
        valid(GuestForm(first_name="Anne", birthday="12/03/2030"))
    assert "future" in caught.value.errors["birthday"]


def test_phones_and_emails_are_normalised_and_deduplicated() -> None:
    result = valid(
        GuestForm(
            last_name="Martin",
            phones="06 12 34 56 78; +33612345678\n0033 7 98 76 54 32",
            emails="Anne.Martin@Example.COM anne.martin@example.com",
        )
    )
    assert result.phones == ("+33612345678", "+33798765432")
    assert result.emails == ("anne.martin@example.com",)


def test_allergies_keep_notes_with_commas_inside_brackets() -> None:
    assert parse_allergies("peanuts (severe, carries a pen), Shellfish; ; gluten") == (
        ("peanuts", "severe, carries a pen"),
        ("Shellfish", ""),
        ("gluten", ""),
    )


# --- Saving ------------------------------------------------------------------------------------


def test_new_guest_with_everything_and_consent_recorded_from_the_card(services: Services) -> None:
    saved = save(
        services,
        GuestForm(
            first_name="Hélène",
            last_name="Dupont",
            phones="06 12 34 56 78, 07 98 76 54 32",
            emails="helene@example.fr",
            birthday="12 mars 1970",
            partner="Paul",
            postcode="75011",
            notes="Window table",
            preferences="Champagne",
            allergies="peanuts (severe)",
            consent={"call": True, "sms": False, "email": None},
        ),
    )
    assert query(
        services,
        "SELECT first_name, name_key, birth_day, birth_month, birth_year, partner_name, "
        "primary_phone, primary_email, consent_call, consent_sms, consent_email FROM guest",
    ) == [
        (
            "Hélène",
            "dupont helene",
            12,
            3,
            1970,
            "Paul",
            "+33612345678",
            "helene@example.fr",
            1,
            0,
            None,
        )
    ]
    assert query(
        services, "SELECT channel, granted, staff, source, wording FROM consent_event"
    ) == [
        ("call", 1, "Host", "card", services.settings.consent_wordings["call"]),
        ("sms", 0, "Host", "card", services.settings.consent_wordings["sms"]),
    ]
    assert query(services, "SELECT allergen, note FROM allergy") == [("peanuts", "severe")]
    found = search_guests(services, "helene dup")
    assert [row.guest_id for row in found.rows] == [saved.guest_id]


def test_edit_keeps_kept_phones_rows_and_rewrites_tokens(services: Services) -> None:
    guest = add_guest(services, "Anne", "Martin", phone="06 12 34 56 78")
    execute(
        services, "UPDATE phone SET wrong_since = '2026-11-01 10:00:00' WHERE guest_id = ?", guest
    )
    form = form_of(services, guest)
    assert form.phones == "06 12 34 56 78" and form.consent["call"] is True
    save(
        services,
        GuestForm(
            first_name="Anne-Sophie",
            last_name="Martin",
            phones="07 98 76 54 32, " + form.phones,
            consent=form.consent,
        ),
        guest,
    )
    assert query(
        services, "SELECT e164, position, wrong_since IS NOT NULL FROM phone ORDER BY position"
    ) == [("+33798765432", 0, 0), ("+33612345678", 1, 1)]
    assert query(services, "SELECT primary_phone, name_key FROM guest") == [
        ("+33798765432", "martin anne sophie")
    ]
    assert [t for (t,) in query(services, "SELECT token FROM guest_token ORDER BY token")] == [
        "anne",
        "martin",
        "sophie",
    ]
    # Consent unchanged: no new event.
    assert query(services, "SELECT count(*) FROM consent_event") == [(1,)]


def test_load_form_round_trips_through_validation(services: Services) -> None:
    partner = add_guest(services, "Paul", "Martin")
    first = save(
        services,
        GuestForm(
            first_name="Anne",
            last_name="Martin",
            phones="06 12 34 56 78",
            birthday="29/02",
            partner_id=partner,
            allergies="nuts (trace), milk",
        ),
    )
    form = form_of(services, first.guest_id)
    assert form.birthday == "29/02" and form.partner == "Paul Martin"
    assert form.partner_id == partner and form.allergies == "nuts (trace), milk"
    again = valid(form)
    assert again.birthday == Birthday(29, 2) and again.allergies == (
        ("nuts", "trace"),
        ("milk", ""),
    )


def test_partner_name_links_the_only_guest_it_fits_and_links_back(services: Services) -> None:
    paul = add_guest(services, "Paul", "Martin")
    add_guest(services, "Paul", "Durand")
    anne = save(services, GuestForm(first_name="Anne", last_name="Martin", partner="martin paul"))
    assert query(
        services, "SELECT partner_id, partner_name FROM guest WHERE id = ?", anne.guest_id
    ) == [(paul, "")]
    assert query(services, "SELECT partner_id FROM guest WHERE id = ?", paul) == [(anne.guest_id,)]
    vague = save(services, GuestForm(first_name="Zoé", partner="Paul"))
    assert query(
        services, "SELECT partner_id, partner_name FROM guest WHERE id = ?", vague.guest_id
    ) == [(None, "Paul")]


def test_a_guest_cannot_be_their_own_partner(services: Services) -> None:
    guest = add_guest(services, "Anne", "Martin")
    with pytest.raises(FieldErrors) as caught:
        save(services, GuestForm(first_name="Anne", last_name="Martin", partner_id=guest), guest)
    assert "partner" in caught.value.errors


# --- The same person twice ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("Hélène", "Dupont", None), ("helene", "Martin", None), True),
        (("Hélène", "Dupont", None), ("Paul", "Dupont", None), False),
        (("", "Dupont", None), ("Paul", "Dupont", None), True),
        (("", "Dupont", None), ("Paul", "Durand", None), False),
        (("Anne", "X", Birthday(1, 2)), ("Anne", "X", Birthday(1, 3)), False),
        (("Anne", "X", Birthday(1, 2, 1970)), ("Anne", "X", Birthday(1, 2, 1971)), False),
        (("Anne", "X", Birthday(1, 2)), ("Anne", "X", Birthday(1, 2, 1971)), True),
    ],
)
def test_same_person_rule(
    a: tuple[str, str, Birthday | None], b: tuple[str, str, Birthday | None], same: bool
) -> None:
    assert is_same_person(a, b) is same
    assert is_same_person(b, a) is same


def test_same_phone_and_first_name_is_a_duplicate_to_warn_about(services: Services) -> None:
    existing = add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    entered = valid(GuestForm(first_name="HELENE", last_name="Dupont", phones="+33612345678"))
    (match,) = services.read(
        lambda connection: find_duplicates(
            connection, ("HELENE", "Dupont", None), entered.phones, entered.emails
        )
    )
    assert match.guest_id == existing and match.same_person
    assert match.shared == "phone +33612345678"


def test_shared_phone_under_another_first_name_is_kept_and_flagged(services: Services) -> None:
    paul = add_guest(services, "Paul", "Dupont", phone="01 42 00 00 00")
    saved = save(
        services, GuestForm(first_name="Marie", last_name="Dupont", phones="01 42 00 00 00")
    )
    (match,) = saved.flagged
    assert match.guest_id == paul and not match.same_person
    assert query(services, "SELECT count(*) FROM guest") == [(2,)]
    assert query(services, "SELECT guest_a_id, guest_b_id, reason FROM possible_duplicate") == [
        (paul, saved.guest_id, "same phone +33142000000")
    ]
    save(
        services,
        GuestForm(first_name="Marie", last_name="Dupont", phones="01 42 00 00 00"),
        saved.guest_id,
    )
    assert query(services, "SELECT count(*) FROM possible_duplicate") == [(1,)]


def test_same_email_matches_too(services: Services) -> None:
    add_guest(services, "Anne", "Martin", phone=False, emails=("anne@example.com",))
    (match,) = services.read(
        lambda connection: find_duplicates(
            connection, ("anne", "", None), (), ("anne@example.com",)
        )
    )
    assert match.same_person and match.shared == "email anne@example.com"


def test_adding_a_new_entry_to_the_existing_guest(services: Services) -> None:
    existing = add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78")
    entered = valid(
        GuestForm(
            first_name="Helene",
            last_name="Durand",
            phones="06 12 34 56 78, 07 98 76 54 32",
            emails="helene@example.fr",
            birthday="12/03",
            notes="Likes the terrace",
            consent={"email": True},
        )
    )
    services.write(
        lambda session: add_to_guest(
            session,
            existing,
            entered,
            today=TODAY,
            now=services.clock.now(),
            settings=services.settings,
            staff="Host",
        )
    )
    assert query(
        services,
        "SELECT first_name, last_name, birth_day, notes, primary_email, consent_email FROM guest",
    ) == [("Hélène", "Dupont", 12, "Likes the terrace", "helene@example.fr", 1)]
    assert query(services, "SELECT e164 FROM phone ORDER BY position") == [
        ("+33612345678",),
        ("+33798765432",),
    ]


def test_the_card_history_lists_consent_changes_and_referral_links(services: Services) -> None:
    from guestbook.services.guests.history import guest_history
    from guestbook.services.visits.referrals import record_referral

    saved = save(services, GuestForm(first_name="Anne", consent={"call": True}))
    save(services, GuestForm(first_name="Anne", consent={"call": False}), saved.guest_id)
    sponsor = add_guest(services, "Sam", "Sponsor")
    record_referral(services, sponsor_id=sponsor, referred_id=saved.guest_id)
    history = services.read(lambda connection: guest_history(connection, saved.guest_id))
    assert [(c.channel, c.granted, c.source, c.staff) for c in history.consent] == [
        ("call", False, "card", "Host"),
        ("call", True, "card", "Host"),
    ]
    assert history.consent[0].wording == services.settings.consent_wordings["call"]
    assert history.sponsor is not None and history.sponsor.guest_id == sponsor
    assert history.sponsor.note == "not come yet"


def test_a_regulars_yearly_value_shows_on_the_card(services: Services) -> None:
    from guestbook.services.guests.card import guest_card
    from tests.builders import add_visit

    regular = add_guest(services, "Rémi", "Fidèle")
    once = add_guest(services, "Una", "Fois")
    for weeks in range(4):
        add_visit(services, TODAY - dt.timedelta(days=14 * weeks), regular)
    add_visit(services, TODAY, once)
    # 100 € a visit, every 14 days: a year is 365 / 14 visits.
    assert guest_card(services, regular).details.yearly_value_cents == (10_000 * 365 + 7) // 14
    assert guest_card(services, once).details.yearly_value_cents is None
