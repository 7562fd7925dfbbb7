"""Visits keep every guest's summary columns exact; referrals settle exactly once."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.bootstrap import Services
from guestbook.errors import UserError
from guestbook.services.guests.consent import record_objection
from guestbook.services.summaries.late_from import refresh_late_from
from guestbook.services.visits.referrals import record_referral
from guestbook.settings import Settings
from guestbook.storage.sqlite.raw import as_date
from tests.builders import add_guest, add_visit
from tests.database import query, scalar

pytestmark = pytest.mark.both_backends

D = dt.date


# visit_count, last_visit_on, visit_interval_days, late_from, spend_cents of a guest.
Summary = tuple[int, dt.date | None, int | None, dt.date | None, int]


def summary(services: Services, guest_id: int) -> Summary:
    (row,) = query(
        services,
        "SELECT visit_count, last_visit_on, visit_interval_days, late_from, spend_cents "
        "FROM guest WHERE id = ?",
        guest_id,
    )
    count, last, interval, late_from, spend = row
    return count, as_date(last), interval, as_date(late_from), spend


def test_spend_is_split_evenly_among_everyone_at_the_table(services: Services) -> None:
    """Three known guests at a table of four: each a quarter, the fourth person's quarter is
    nobody's here (summaries.visits.seat_share; tests/unit/test_spend_shares.py has more)."""
    a, b, c = (add_guest(services, name, "Table") for name in ("A", "B", "C"))
    add_visit(services, D(2026, 11, 1), a, b, c, party_size=4, spend_cents=10_001)
    shares = [summary(services, g)[4] for g in (a, b, c)]
    assert shares == [2501, 2500, 2500]  # the remainder cent to the first by id


def test_summary_after_visits(services: Services) -> None:
    guest = add_guest(services, "Régulier", "Client")
    for day in (D(2026, 9, 1), D(2026, 9, 15), D(2026, 9, 29), D(2026, 10, 13)):
        add_visit(services, day, guest)
    count, last, interval, late_from, _ = summary(services, guest)
    assert (count, last, interval) == (4, D(2026, 10, 13), 14)
    assert late_from == D(2026, 11, 12)  # 30 days: max(2 × 14 + 1, 30)


def test_the_visits_with_a_known_spend_are_counted_on_the_row(services: Services) -> None:
    """What a regular's average share divides by (the report's yearly value): a table whose
    spend was not typed is not counted, as it adds nothing to spend_cents."""
    guest = add_guest(services, "Moitié", "Connue")
    add_visit(services, D(2026, 9, 1), guest, spend_cents=6_000)
    add_visit(services, D(2026, 9, 15), guest, spend_cents=None)
    add_visit(services, D(2026, 9, 29), guest, party_size=2, spend_cents=5_001)
    row = query(
        services, "SELECT visit_count, spend_cents, spend_visits FROM guest WHERE id = ?", guest
    )
    assert row == [(3, 6_000 + 2_501, 2)]


def test_a_one_off_guest_is_never_late(services: Services) -> None:
    guest = add_guest(services, "Une", "Fois")
    add_visit(services, D(2026, 1, 1), guest)
    add_visit(services, D(2026, 6, 1), guest)
    assert summary(services, guest)[3] is None


def test_changing_the_lapse_factor_moves_late_from(services: Services) -> None:
    guest = add_guest(services, "Toutes", "Semaines")
    for k in range(6):
        add_visit(services, D(2026, 11, 1) - dt.timedelta(days=20 * k), guest)
    assert summary(services, guest)[3] == D(2026, 12, 12)  # 2 × 20 + 1 = 41 days
    services.write(
        lambda session: refresh_late_from(session.connection(), Settings(lapse_factor=3))
    )
    assert summary(services, guest)[3] == D(2027, 1, 1)  # 3 × 20 + 1 = 61 days


def test_sponsor_reward_is_issued_exactly_once(services: Services) -> None:
    sponsor = add_guest(services, "Sophie", "Marraine")
    friend = add_guest(services, "Noé", "Filleul")
    add_visit(services, D(2026, 11, 10), friend)  # came before the referral was recorded
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    add_visit(services, D(2026, 11, 20), friend)
    add_visit(services, D(2026, 11, 20), friend)  # the same table typed twice
    rewards = [
        (guest, kind, as_date(valid_from), as_date(valid_to))
        for guest, kind, valid_from, valid_to in query(
            services, "SELECT guest_id, kind, valid_from, valid_to FROM reward"
        )
    ]
    first_visit = as_date(scalar(services, "SELECT first_visit_on FROM referral"))
    assert rewards == [(sponsor, "sponsor", D(2026, 11, 22), D(2027, 5, 22))]
    assert first_visit == D(2026, 11, 10)


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
    guest = add_guest(services, "Non", "Merci", emails=("non@example.fr",))
    services.write(
        lambda session: record_objection(
            session, guest, now=services.clock.now(), staff="Test", source="phone"
        )
    )
    (consents,) = query(
        services,
        "SELECT consent_call, consent_sms, consent_email, consent_post FROM guest WHERE id = ?",
        guest,
    )
    events = query(
        services,
        "SELECT channel, granted, source FROM consent_event WHERE guest_id = ? AND source = 'phone'",
        guest,
    )
    assert tuple(consents) == (0, 0, 0, 0)
    assert sorted(events) == [(c, 0, "phone") for c in ("call", "email", "post", "sms")]
