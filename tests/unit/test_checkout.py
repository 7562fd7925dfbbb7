"""Checkout: a whole table in one transaction, or nothing at all."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.errors import UserError
from guestbook.services.checkout import (
    CheckoutInvalid,
    NewGuest,
    Table,
    parse_spend,
    rewards_owed_at_table,
    save_checkout,
)
from guestbook.services.visits.referrals import record_referral
from tests.builders import add_guest, add_visit

D = dt.date
TODAY = D(2026, 11, 22)


def dump(services: Services) -> list[tuple[object, ...]]:
    with sqlite3.connect(services.db_path) as connection:
        return [
            row
            for table in (
                "guest",
                "phone",
                "email",
                "visit",
                "visit_guest",
                "reward",
                "referral",
                "consent_event",
                "guest_token",
            )
            for row in connection.execute(f"SELECT '{table}', * FROM {table} ORDER BY 2")
        ]


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


def test_a_table_of_four_new_guests(services: Services) -> None:
    table = Table(
        visited_on=TODAY,
        party_size=4,
        spend="212,40",
        occasion="anniversaire",
        new_guests=[
            NewGuest(
                "Hélène",
                "Dupont",
                "06 12 34 56 78",
                "Helene.Dupont@Example.fr",
                "12/03/1970",
                partner_at_table=1,
                consent={"call": True, "email": True},
            ),
            NewGuest(
                "Marc",
                "Dupont",
                "+33 6 98 76 54 32",
                "",
                "5 novembre",
                partner_at_table=0,
                consent={"call": True},
            ),
            NewGuest(
                "Zoé",
                "Lefèvre",
                "0033 7 81 22 33 44",
                "",
                "29/02/1988",
                partner_name="Luc",
                consent={"call": False},
            ),
            NewGuest("Ömer", "Çelik", "+90 532 123 45 67", "", "--01-02"),
        ],
    )
    saved = save_checkout(services, table)
    assert len(saved.new_guest_ids) == 4
    with sqlite3.connect(services.db_path) as connection:
        guests = connection.execute(
            "SELECT first_name, birth_day, birth_month, birth_year, primary_phone, primary_email, "
            "partner_id, partner_name, consent_call, consent_email, visit_count, spend_cents "
            "FROM guest ORDER BY id"
        ).fetchall()
        visit = connection.execute(
            "SELECT visited_on, party_size, spend_cents, occasion FROM visit"
        ).fetchone()
        consents = connection.execute(
            "SELECT guest_id, channel, granted, source, staff, wording != '' FROM consent_event "
            "ORDER BY id"
        ).fetchall()
    h, m, z, _omer = saved.new_guest_ids
    assert guests == [
        ("Hélène", 12, 3, 1970, "+33612345678", "helene.dupont@example.fr", m, "", 1, 1, 1, 5310),
        ("Marc", 5, 11, None, "+33698765432", None, h, "", 1, None, 1, 5310),
        ("Zoé", 29, 2, 1988, "+33781223344", None, None, "Luc", 0, None, 1, 5310),
        ("Ömer", 2, 1, None, "+905321234567", None, None, "", None, None, 1, 5310),
    ]
    assert visit == ("2026-11-22", 4, 21240, "anniversaire")
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
        visited_on=TODAY,
        party_size=1,
        spend="beaucoup",
        new_guests=[
            NewGuest("Camille", "Roux", "pas de téléphone", "camille.roux@example", "31/02/1980"),
            NewGuest("", "", "06 12 34 56 78"),
        ],
    )
    with pytest.raises(CheckoutInvalid) as raised:
        save_checkout(services, table)
    assert set(raised.value.problems) == {
        "spend",
        "party_size",
        "new.0.phone",
        "new.0.email",
        "new.0.birthday",
        "new.1.name",
    }
    assert dump(services) == before


def test_redeem_a_reward_and_refuse_one_not_at_the_table(services: Services) -> None:
    from guestbook.domain.calls import Outcome, Reason
    from guestbook.services.agenda.log import CallToLog, log_outcome

    anne = add_guest(services, "Anne", "Martin", birthday=Birthday(29, 11))
    other = add_guest(services, "Paul", "Ailleurs", birthday=Birthday(29, 11))
    for guest in (anne, other):
        log_outcome(
            services.sessions,
            CallToLog(guest, Reason.BIRTHDAY, D(2026, 11, 29), None),
            Outcome.REACHED,
            now=services.clock.now(),
            settings=services.settings,
        )
    with services.engine.connect() as connection:
        owed = rewards_owed_at_table(connection, [anne, other], TODAY, {"birthday": "Cake"})
    anne_reward = next(r for r in owed if r.guest_id == anne)
    paul_reward = next(r for r in owed if r.guest_id == other)
    assert anne_reward.label.startswith("Cake")

    before = dump(services)
    with pytest.raises(UserError, match="at the table"):
        save_checkout(
            services,
            Table(
                TODAY,
                2,
                "50",
                guest_ids=[anne],
                redeem=[anne_reward.reward_id, paul_reward.reward_id],
            ),
        )
    assert dump(services) == before  # the visit was not half written

    saved = save_checkout(
        services, Table(TODAY, 2, "50", guest_ids=[anne], redeem=[anne_reward.reward_id])
    )
    assert saved.redeemed == 1
    with services.engine.connect() as connection:
        assert rewards_owed_at_table(connection, [anne], TODAY, {}) == []
    with pytest.raises(UserError, match="already redeemed"):
        save_checkout(
            services, Table(TODAY, 1, "10", guest_ids=[anne], redeem=[anne_reward.reward_id])
        )


def test_a_new_guest_referred_by_a_sponsor_earns_the_reward_once(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    saved = save_checkout(
        services,
        Table(TODAY, 2, "60", new_guests=[NewGuest("Noé", "Filleul", referred_by=sponsor)]),
    )
    assert saved.sponsor_rewards == 1
    add_visit(services, TODAY, *saved.new_guest_ids)  # second visit: nothing more
    with services.engine.connect() as connection:
        rewards = connection.exec_driver_sql("SELECT guest_id, kind FROM reward").all()
    assert rewards == [(sponsor, "sponsor")]


def test_referral_recorded_at_checkout_for_a_known_guest(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    friend = add_guest(services, "Léa", "Amie")
    saved = save_checkout(
        services, Table(TODAY, 2, "60", guest_ids=[friend], referrals=[(sponsor, friend)])
    )
    assert saved.sponsor_rewards == 1
    with pytest.raises(UserError, match="one sponsor"):
        record_referral(services, sponsor_id=add_guest(services, "X", "Y"), referred_id=friend)


def test_a_future_visit_is_refused(services: Services) -> None:
    with pytest.raises(CheckoutInvalid) as raised:
        save_checkout(services, Table(TODAY + dt.timedelta(days=1), 2, "10"))
    assert "date" in raised.value.problems
