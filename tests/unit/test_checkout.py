"""Checkout: a whole table in one transaction, or nothing at all."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.domain.guest_form import GuestForm
from guestbook.domain.table_form import Table, TableGuest, parse_spend
from guestbook.errors import FieldErrors, UserError
from guestbook.services.checkout import rewards_owed_at_table, save_checkout
from guestbook.services.visits.referrals import record_referral
from guestbook.storage.sqlite.raw import as_date
from tests.builders import add_guest, add_visit
from tests.database import dump, query

pytestmark = pytest.mark.both_backends

D = dt.date
TODAY = D(2026, 11, 22)


def new_guest(
    first: str,
    last: str,
    phone: str = "",
    email: str = "",
    birthday: str = "",
    *,
    partner_name: str = "",
    partner_at_table: int | None = None,
    consent: dict[str, bool | None] | None = None,
    referred_by: int | None = None,
) -> TableGuest:
    """A person met at the table, typed as the host types them."""
    form = GuestForm(
        first_name=first,
        last_name=last,
        phones=phone,
        emails=email,
        birthday=birthday,
        partner=partner_name,
        consent=consent or {},
    )
    return TableGuest(form, partner_at_table=partner_at_table, referred_by=referred_by)


@pytest.mark.parametrize(
    ("typed", "cents"),
    [("84", 8400), ("84,50", 8450), ("84.5", 8450), ("1 234,56 €", 123456), ("", 0), ("0,05", 5)],
)
def test_parse_spend(typed: str, cents: int) -> None:
    assert parse_spend(typed) == cents


@pytest.mark.parametrize("typed", ["abc", "12,345", "-5", "1.2.3"])
def test_parse_spend_refuses(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_spend(typed)


def table_of_four() -> Table:
    """Four people met tonight: a couple, a guest whose partner stayed home, and a visitor
    with a foreign number and a birthday without a year."""
    return Table(
        date="",
        party_size="4",
        spend="212,40",
        occasion="anniversaire",
        new_guests=[
            new_guest(
                "Hélène",
                "Dupont",
                "06 12 34 56 78",
                "Helene.Dupont@Example.fr",
                "12/03/1970",
                partner_at_table=1,
                consent={"call": True, "email": True},
            ),
            new_guest(
                "Marc",
                "Dupont",
                "+33 6 98 76 54 32",
                "",
                "5 novembre",
                partner_at_table=0,
                consent={"call": True},
            ),
            new_guest(
                "Zoé",
                "Lefèvre",
                "0033 7 81 22 33 44",
                "",
                "29/02/1988",
                partner_name="Luc",
                consent={"call": False},
            ),
            new_guest("Ömer", "Çelik", "+90 532 123 45 67", "", "--01-02"),
        ],
    )


def test_a_table_of_four_new_guests(services: Services) -> None:
    saved = save_checkout(services, table_of_four())
    assert len(saved.new_guest_ids) == 4
    guests = query(
        services,
        "SELECT first_name, birth_day, birth_month, birth_year, primary_phone, primary_email, "
        "partner_id, partner_name, consent_call, consent_email, visit_count, spend_cents "
        "FROM guest ORDER BY id",
    )
    (visit,) = query(services, "SELECT visited_on, party_size, spend_cents, occasion FROM visit")
    consents = query(
        services,
        "SELECT guest_id, channel, granted, source, staff, wording != '' FROM consent_event "
        "ORDER BY id",
    )
    h, m, z, _omer = saved.new_guest_ids
    assert guests == [
        ("Hélène", 12, 3, 1970, "+33612345678", "helene.dupont@example.fr", m, "", 1, 1, 1, 5310),
        ("Marc", 5, 11, None, "+33698765432", None, h, "", 1, None, 1, 5310),
        ("Zoé", 29, 2, 1988, "+33781223344", None, None, "Luc", 0, None, 1, 5310),
        ("Ömer", 2, 1, None, "+905321234567", None, None, "", None, None, 1, 5310),
    ]
    assert (as_date(visit[0]), *visit[1:]) == (D(2026, 11, 22), 4, 21240, "anniversaire")
    assert consents == [
        (h, "call", 1, "checkout", "Test", 1),
        (h, "email", 1, "checkout", "Test", 1),
        (m, "call", 1, "checkout", "Test", 1),
        (z, "call", 0, "checkout", "Test", 1),
    ]


def test_every_problem_is_reported_and_nothing_is_written(services: Services) -> None:
    add_guest(services, "Déjà", "Là")
    before = dump(services)
    table = Table(
        date="22/11",
        party_size="1",
        spend="beaucoup",
        new_guests=[
            new_guest("Camille", "Roux", "pas de téléphone", "camille.roux@example", "31/02/1980"),
            new_guest("", "", "06 12 34 56 78"),
        ],
    )
    with pytest.raises(FieldErrors) as raised:
        save_checkout(services, table)
    assert set(raised.value.errors) == {
        "spend",
        "party_size",
        "new.0.phones",
        "new.0.emails",
        "new.0.birthday",
        "new.1.first_name",
    }
    assert dump(services) == before


def test_redeem_a_reward_and_refuse_one_not_at_the_table(services: Services) -> None:
    from guestbook.domain.calls import Outcome, Reason
    from guestbook.services.agenda.log import CallToLog, log_outcome

    anne = add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    other = add_guest(services, "Paul", "Ailleurs", birthday=Birthday(29, 11))
    for guest in (anne, other):
        log_outcome(
            services,
            CallToLog(guest, Reason.BIRTHDAY, D(2026, 11, 29), None),
            Outcome.REACHED,
        )
    settings = services.settings
    birthday_is_cake = dataclasses.replace(settings.rewards["birthday"], label="Cake")
    cake = dataclasses.replace(
        services,
        settings=dataclasses.replace(
            settings, rewards={**settings.rewards, "birthday": birthday_is_cake}
        ),
    )
    owed = rewards_owed_at_table(cake, [anne, other])
    anne_reward = next(r for r in owed if r.guest_id == anne)
    paul_reward = next(r for r in owed if r.guest_id == other)
    assert anne_reward.label.startswith("Cake")

    before = dump(services)
    with pytest.raises(UserError, match="at the table"):
        save_checkout(
            services,
            Table(
                "22/11/2026",
                "2",
                "50",
                guest_ids=[anne],
                redeem=[anne_reward.reward_id, paul_reward.reward_id],
            ),
        )
    assert dump(services) == before  # the visit was not half written

    saved = save_checkout(
        services, Table("", "2", "50", guest_ids=[anne], redeem=[anne_reward.reward_id])
    )
    assert saved.redeemed == 1
    assert rewards_owed_at_table(services, [anne]) == []
    with pytest.raises(UserError, match="already redeemed"):
        save_checkout(
            services, Table("", "1", "10", guest_ids=[anne], redeem=[anne_reward.reward_id])
        )


def test_a_new_guest_referred_by_a_sponsor_earns_the_reward_once(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    saved = save_checkout(
        services,
        Table("", "2", "60", new_guests=[new_guest("Noé", "Filleul", referred_by=sponsor)]),
    )
    assert saved.sponsor_rewards == 1
    add_visit(services, TODAY, *saved.new_guest_ids)  # second visit: nothing more
    rewards = query(services, "SELECT guest_id, kind FROM reward")
    assert rewards == [(sponsor, "sponsor")]


def test_referral_recorded_at_checkout_for_a_known_guest(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    friend = add_guest(services, "Léa", "Amie")
    saved = save_checkout(
        services, Table("", "2", "60", guest_ids=[friend], referrals=[(sponsor, friend)])
    )
    assert saved.sponsor_rewards == 1
    with pytest.raises(UserError, match="one sponsor"):
        record_referral(services, sponsor_id=add_guest(services, "X", "Y"), referred_id=friend)


def test_a_future_visit_is_refused(services: Services) -> None:
    guest = add_guest(services)
    with pytest.raises(FieldErrors) as raised:
        save_checkout(services, Table("23/11/2026", "2", "10", guest_ids=[guest]))
    assert raised.value.errors == {"date": "the visit cannot be in the future"}


def test_a_table_with_nobody_or_no_party_size_is_refused(services: Services) -> None:
    with pytest.raises(FieldErrors) as raised:
        save_checkout(services, Table("", "", "10"))
    assert set(raised.value.errors) == {"guests", "party_size"}


def test_a_new_guests_address_is_kept(services: Services) -> None:
    guest = TableGuest(GuestForm("Inès", "Adresse", address="12 rue des Lilas,  Lyon"))
    saved = save_checkout(services, Table("", "1", "30", new_guests=[guest]))
    assert query(services, "SELECT address FROM guest WHERE id = ?", *saved.new_guest_ids) == [
        ("12 rue des Lilas, Lyon",)
    ]
