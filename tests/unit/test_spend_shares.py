"""Spend per guest (D23): a table's spend split evenly among everyone at it, known or not, in
cents that add up; an empty spend stored as unknown, shown as "—" and kept out of averages;
the same figure on the card and in the ambassadors' ranking."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console, RenderableType

from guestbook.bootstrap import Services
from guestbook.domain.table_form import Table
from guestbook.services.checkout import save_checkout
from guestbook.services.guests.card import guest_card
from guestbook.services.summaries.visits import Seat, seat_share, visit_summary
from guestbook.services.visits.referrals import record_referral
from guestbook.services.visits.report import referral_overview
from guestbook.settings import Settings
from guestbook.tui.screens.card_text import render_history
from tests.builders import add_guest, add_visit
from tests.database import query

pytestmark = pytest.mark.both_backends

D = dt.date


def shown(renderable: RenderableType) -> str:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


@given(spend=st.integers(0, 10**10), party=st.integers(1, 40))
def test_the_shares_of_a_table_add_up_evenly_first_seats_first(spend: int, party: int) -> None:
    shares = [seat_share(spend, party, seat) for seat in range(party)]
    assert sum(share or 0 for share in shares) == spend
    assert shares == sorted(shares, key=lambda share: -(share or 0))  # the first seats first
    assert max(s or 0 for s in shares) - min(s or 0 for s in shares) <= 1
    assert seat_share(None, party, 0) is None


@given(
    spends=st.lists(st.one_of(st.none(), st.integers(0, 10**7)), min_size=1, max_size=12),
    party=st.integers(1, 8),
)
def test_an_average_counts_the_visits_whose_spend_is_known(
    spends: list[int | None], party: int
) -> None:
    seats = [Seat(D(2026, 1, 1) + dt.timedelta(days=i), s, party, 0) for i, s in enumerate(spends)]
    summary = visit_summary(seats, Settings())
    known = [seat_share(s, party, 0) for s in spends if s is not None]
    assert summary.visit_count == len(spends)
    assert summary.spend_visits == len(known)
    assert summary.spend_cents == sum(share or 0 for share in known)
    expected = sum(share or 0 for share in known) // len(known) if known else None
    assert summary.average_spend_cents == expected


def test_the_only_known_guest_at_a_table_of_three_gets_a_third_everywhere(
    services: Services,
) -> None:
    """The finding: Zoé, alone known at a table of 3 that spent 1,234.56 €, was given the
    whole bill on her card and in her sponsor's "Their spend"."""
    jerome = add_guest(services, "Jérôme", "Albert")
    zoe = add_guest(services, "Zoé", "Lambert")
    record_referral(services, sponsor_id=jerome, referred_id=zoe)
    add_visit(services, D(2026, 11, 20), zoe, party_size=3, spend_cents=123_456)
    assert query(services, "SELECT spend_cents FROM guest WHERE id = ?", zoe) == [(41_152,)]
    card = guest_card(services, zoe)
    history = shown(render_history(card))
    assert "1 visit, €411.52 as their share" in history
    assert "table of 3 · €1,234.56 · their share €411.52" in history
    (ambassador,) = referral_overview(services).ambassadors
    assert (ambassador.guest_id, ambassador.spend_cents) == (jerome, 41_152)


def test_the_remainder_cents_go_to_the_first_guests_by_id(services: Services) -> None:
    """A table of 4 at 184.50 €: 46.13 € to each of the first two seats, the known guests by
    id first (the finding saw 46.12 € and 46.14 €)."""
    zoe = add_guest(services, "Zoé", "Lambert")
    helene = add_guest(services, "Hélène", "Marchetti")
    add_visit(services, D(2026, 11, 20), helene, zoe, party_size=4, spend_cents=18_450)
    assert query(services, "SELECT id, spend_cents FROM guest ORDER BY id") == [
        (zoe, 4_613),
        (helene, 4_613),
    ]
    for guest in (zoe, helene):
        assert "their share €46.13" in shown(render_history(guest_card(services, guest)))


def test_everyone_known_holds_the_whole_spend(services: Services) -> None:
    guests = [add_guest(services, name, "Table") for name in ("A", "B", "C")]
    add_visit(services, D(2026, 11, 20), *guests, party_size=3, spend_cents=10_000)
    assert query(services, "SELECT spend_cents FROM guest ORDER BY id") == [
        (3_334,),
        (3_333,),
        (3_333,),
    ]


def test_an_empty_spend_is_unknown_shown_as_a_dash_and_out_of_averages(
    services: Services,
) -> None:
    """A table saved at checkout with Spend left empty was "table of 1 · 0.00 €"."""
    guest = add_guest(services, "Régulier", "Client")
    for day in (D(2026, 9, 1), D(2026, 9, 15), D(2026, 9, 29)):
        add_visit(services, day, guest, spend_cents=6_000)
    save_checkout(services, Table(party_size="1", spend="", guest_ids=[guest]))
    assert query(services, "SELECT spend_cents FROM visit ORDER BY id DESC LIMIT 1") == [(None,)]
    card = guest_card(services, guest)
    assert (card.details.visit_count, card.details.spend_visits) == (4, 3)
    history = shown(render_history(card))
    assert "22 Nov 2026  table of 1 · —" in history
    assert "€0.00" not in history
    # A regular at their pace (14 days): 60 € a visit, not 45 € (180 € over 4 visits).
    assert card.details.yearly_value_cents == (6_000 * 365 + 7) // 14
    assert "4 visits, €180.00 as their share" in history


def test_a_guest_whose_spends_are_all_unknown(services: Services) -> None:
    guest = add_guest(services, "Sans", "Montant")
    save_checkout(services, Table(party_size="2", guest_ids=[guest]))
    history = shown(render_history(guest_card(services, guest)))
    assert "Visits — 1 visit, spend not recorded" in history
    assert "table of 2 · —" in history and "their share" not in history
