"""The door's rules, through the checkout service on a real database: consent answered (a
refusal too) with the host's name, a referral between two guests met the same night, a known
guest's card completed at the table, a French postcode, and a date's example that is today."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.domain.guest_form import GuestForm
from guestbook.domain.table_form import Table, TableGuest, validate_table
from guestbook.errors import FieldErrors
from guestbook.services.checkout import known_at_table, save_checkout
from guestbook.services.staff import recent_staff, remember_staff
from tests.builders import add_guest
from tests.database import query, scalar

pytestmark = pytest.mark.both_backends


def guest(first: str, phone: str = "", **consent: bool) -> TableGuest:
    return TableGuest(GuestForm(first_name=first, last_name="Roux", phones=phone, consent=consent))


def test_a_refusal_is_recorded_as_a_refusal_with_the_hosts_name(services: Services) -> None:
    table = Table(party_size="1", new_guests=[guest("Léa", "06 12 34 56 78", call=False)])
    save_checkout(services, table, staff="Zoé")
    events = query(services, "SELECT channel, granted, staff, source FROM consent_event")
    assert events == [("call", 0, "Zoé", "checkout")]
    assert query(services, "SELECT consent_call FROM guest") == [(0,)]


def test_the_host_named_is_the_witness_not_the_sessions_staff(services: Services) -> None:
    assert services.staff == "Test"  # the chef's name, say: never the host's consent evidence
    table = Table(party_size="1", new_guests=[guest("Léa", "06 12 34 56 78", sms=True)])
    save_checkout(services, table, staff="Zoé")
    assert scalar(services, "SELECT staff FROM consent_event") == "Zoé"


def test_a_referral_between_two_new_guests_of_the_same_table(services: Services) -> None:
    lea = guest("Léa", "06 12 34 56 78")
    hugo = TableGuest(GuestForm(first_name="Hugo", last_name="Petit"), referred_by_new=0)
    saved = save_checkout(services, Table(party_size="2", new_guests=[lea, hugo]))
    lea_id, hugo_id = saved.new_guest_ids
    assert query(services, "SELECT sponsor_id, referred_id FROM referral") == [(lea_id, hugo_id)]
    assert query(services, "SELECT guest_id, kind FROM reward") == [(lea_id, "sponsor")]


def test_a_guest_cannot_refer_themselves_at_the_table(today: dt.date) -> None:
    hugo = TableGuest(GuestForm(first_name="Hugo"), referred_by_new=0)
    with pytest.raises(FieldErrors) as refused:
        validate_table(Table(party_size="1", new_guests=[hugo]), today=today, region="FR")
    assert "new.0.referred_by" in refused.value.errors


def test_a_known_guests_missing_phone_and_birthday_are_completed(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin", phone=None, call_consent=None)
    card = known_at_table(services, [anne])[anne]
    assert (card.phones, card.birthday) == ("", "")
    details = GuestForm(
        first_name="Anne",
        last_name="Martin",
        phones="0612345678",
        birthday="12/03",
        consent={"call": True, "email": False},
    )
    table = Table(party_size="1", guest_ids=[anne], known_details=[(anne, details)])
    save_checkout(services, table, staff="Zoé")
    row = query(
        services, "SELECT primary_phone, birth_day, birth_month FROM guest WHERE id = ?", anne
    )
    assert row == [("+33612345678", 12, 3)]
    events = query(
        services, "SELECT channel, granted, staff, source FROM consent_event ORDER BY channel"
    )
    assert events == [("call", 1, "Zoé", "checkout"), ("email", 0, "Zoé", "checkout")]
    assert scalar(services, "SELECT count(*) FROM visit_guest WHERE guest_id = ?", anne) == 1


def test_a_known_guests_birthday_is_never_overwritten_from_the_table(services: Services) -> None:
    anne = add_guest(services, "Anne", "Martin", birthday=Birthday(1, 5))
    details = GuestForm(first_name="Anne", last_name="Martin", birthday="12/03")
    save_checkout(
        services, Table(party_size="1", guest_ids=[anne], known_details=[(anne, details)])
    )
    assert query(services, "SELECT birth_day, birth_month FROM guest") == [(1, 5)]


@pytest.mark.parametrize(
    ("region", "postcode", "refused"),
    [
        ("FR", "ABCDEFGHIJ", True),
        ("FR", "6900", True),
        ("FR", "69002", False),
        ("GB", "SW1A 1AA", False),
    ],
)
def test_a_french_restaurants_postcodes_have_five_digits(
    today: dt.date, region: str, postcode: str, refused: bool
) -> None:
    form = GuestForm(first_name="Inès", address="3 place Bellecour, Lyon", postcode=postcode)
    table = Table(party_size="1", new_guests=[TableGuest(form)])
    try:
        validate_table(table, today=today, region=region)
    except FieldErrors as error:
        assert refused and "5 digits" in error.errors["new.0.postcode"]
    else:
        assert not refused


def test_a_date_that_is_not_one_suggests_today(services: Services) -> None:
    today = dt.date(2027, 3, 5)
    table = Table(date="abc", party_size="", spend="beaucoup", guest_ids=[1])
    with pytest.raises(FieldErrors) as refused:
        validate_table(table, today=today, region="FR")
    errors = refused.value.errors
    assert "05/03/2027" in errors["date"] and "22/11" not in errors["date"]
    assert set(errors) == {"date", "party_size", "spend"}  # every problem at once


def test_the_names_used_lately_are_offered_latest_first(services: Services) -> None:
    assert recent_staff(services, "door") == []
    for name in ("Zoé", "Paul", "  Zoé  ", "Inès"):
        remember_staff(services, name, "door")
    remember_staff(services, "Chef Paul", "calls")
    assert recent_staff(services, "door") == ["Inès", "Zoé", "Paul"]
    assert recent_staff(services, "calls") == ["Chef Paul"]
