"""Visits keep every guest's summary columns exact; referrals settle exactly once."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.errors import UserError
from guestbook.services.visits.record import rebuild_late_from, refresh_late_from
from guestbook.services.visits.referrals import record_referral
from guestbook.settings import Settings
from tests.builders import add_guest, add_visit

D = dt.date


def summary(services: Services, guest_id: int) -> tuple[object, ...]:
    with services.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT visit_count, last_visit_on, visit_interval_days, late_from, spend_cents "
            "FROM guest WHERE id = ?",
            (guest_id,),
        ).one()
    return tuple(row)


def test_spend_is_split_evenly_and_adds_up(services: Services) -> None:
    a, b, c = (add_guest(services, name, "Table") for name in ("A", "B", "C"))
    add_visit(services, D(2026, 11, 1), a, b, c, party_size=4, spend_cents=10_000)
    shares = [summary(services, g)[4] for g in (a, b, c)]
    assert shares == [3334, 3333, 3333]
    assert sum(shares) == 10_000  # type: ignore[arg-type]


def test_summary_after_visits(services: Services) -> None:
    guest = add_guest(services, "Régulier", "Client")
    for day in (D(2026, 9, 1), D(2026, 9, 15), D(2026, 9, 29), D(2026, 10, 13)):
        add_visit(services, day, guest)
    count, last, interval, late_from, _ = summary(services, guest)
    assert (count, last, interval) == (4, "2026-10-13", 14)
    assert late_from == "2026-11-12"  # 30 days: max(2 × 14 + 1, 30)


def test_a_one_off_guest_is_never_late(services: Services) -> None:
    guest = add_guest(services, "Une", "Fois")
    add_visit(services, D(2026, 1, 1), guest)
    add_visit(services, D(2026, 6, 1), guest)
    assert summary(services, guest)[3] is None


def test_bulk_rebuild_matches_per_visit_summaries(services: Services) -> None:
    guests = [add_guest(services, f"G{i}", "Rebuild") for i in range(5)]
    pattern = [7, 10, 21, 45, 200]
    for guest, gap in zip(guests, pattern, strict=True):
        for k in range(4):
            add_visit(services, D(2026, 11, 1) - dt.timedelta(days=gap * k), guest)
    before = [summary(services, g) for g in guests]
    with services.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE guest SET late_from = NULL")
        rebuild_late_from(connection, services.settings)
    assert [summary(services, g) for g in guests] == before
    assert before[4][3] is None  # every 200 days is not a regular


def test_changing_the_lapse_factor_moves_late_from(services: Services) -> None:
    guest = add_guest(services, "Toutes", "Semaines")
    for k in range(6):
        add_visit(services, D(2026, 11, 1) - dt.timedelta(days=20 * k), guest)
    assert summary(services, guest)[3] == "2026-12-12"  # 2 × 20 + 1 = 41 days
    with services.engine.begin() as connection:
        refresh_late_from(connection, Settings(lapse_factor=3))
    assert summary(services, guest)[3] == "2027-01-01"  # 3 × 20 + 1 = 61 days


def test_sponsor_reward_is_issued_exactly_once(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    friend = add_guest(services, "Noé", "Filleul")
    add_visit(services, D(2026, 11, 10), friend)  # came before the referral was recorded
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    add_visit(services, D(2026, 11, 20), friend)
    add_visit(services, D(2026, 11, 20), friend)  # the same table typed twice
    with services.engine.connect() as connection:
        rewards = connection.exec_driver_sql(
            "SELECT guest_id, kind, valid_from, valid_to FROM reward"
        ).all()
        first_visit = connection.exec_driver_sql("SELECT first_visit_on FROM referral").scalar()
    assert rewards == [(sponsor, "sponsor", "2026-11-22", "2027-05-22")]
    assert first_visit == "2026-11-10"


@pytest.mark.parametrize("case", ["self", "second sponsor", "cycle"])
def test_invalid_referrals_are_refused(services: Services, case: str) -> None:
    a, b, c = (add_guest(services, n, "Ref") for n in ("A", "B", "C"))
    record_referral(services, sponsor_id=a, referred_id=b)
    sponsor, referred = {"self": (c, c), "second sponsor": (c, b), "cycle": (b, a)}[case]
    with pytest.raises(UserError):
        record_referral(services, sponsor_id=sponsor, referred_id=referred)


def test_a_table_cannot_be_smaller_than_its_known_guests(services: Services) -> None:
    a, b = add_guest(services, "A", "X"), add_guest(services, "B", "X")
    with pytest.raises(UserError, match="table of 1"):
        add_visit(services, D(2026, 11, 1), a, b, party_size=1)


def test_objection_withdraws_every_channel_at_once(services: Services) -> None:
    from guestbook.services.guests.create import record_objection

    guest = add_guest(services, "Non", "Merci", emails=("non@example.fr",))
    with services.sessions() as session:
        record_objection(session, guest, now=services.clock.now(), staff="Test", source="phone")
        session.commit()
    with services.engine.connect() as connection:
        summary = connection.exec_driver_sql(
            "SELECT consent_call, consent_sms, consent_email, consent_post FROM guest WHERE id = ?",
            (guest,),
        ).one()
        events = connection.exec_driver_sql(
            "SELECT channel, granted, source FROM consent_event WHERE guest_id = ? AND source = 'phone'",
            (guest,),
        ).all()
    assert tuple(summary) == (0, 0, 0, 0)
    assert sorted(events) == [(c, 0, "phone") for c in ("call", "email", "post", "sms")]
