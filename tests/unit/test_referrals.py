"""Referral rules: no self-referral, one sponsor per guest, no circle of any length."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.referrals import ReferralError, check_referral, sponsor_chain


def test_a_first_referral_is_accepted() -> None:
    check_referral(1, 2, {})
    check_referral(1, 3, {2: 1})  # a sponsor may bring several friends
    check_referral(2, 3, {2: 1})  # a referred guest may sponsor in turn


def test_self_referral_is_refused() -> None:
    with pytest.raises(ReferralError, match="cannot refer themselves"):
        check_referral(7, 7, {})


def test_a_second_sponsor_is_refused() -> None:
    with pytest.raises(ReferralError, match="already referred by guest 1: a guest has only one"):
        check_referral(5, 2, {2: 1})


def test_the_same_referral_twice_is_refused() -> None:
    with pytest.raises(ReferralError, match="already recorded as referred by guest 1"):
        check_referral(1, 2, {2: 1})


def test_a_direct_circle_is_refused() -> None:
    with pytest.raises(
        ReferralError, match=r"guest 1 already sponsors guest 2 \(guest 1 → guest 2\)"
    ):
        check_referral(2, 1, {2: 1})


def test_a_long_circle_is_refused() -> None:
    sponsor_of = {2: 1, 3: 2, 4: 3}
    with pytest.raises(
        ReferralError,
        match=r"\(guest 1 → guest 2 → guest 3 → guest 4\): a referral cannot go round",
    ):
        check_referral(4, 1, sponsor_of)
    with pytest.raises(
        ReferralError, match=r"guest 1 already sponsors guest 3 \(guest 1 → guest 2 → guest 3\)"
    ):
        check_referral(3, 1, sponsor_of)


def test_referral_error_is_a_value_error() -> None:
    assert issubclass(ReferralError, ValueError)


def test_sponsor_chain() -> None:
    assert sponsor_chain(4, {2: 1, 3: 2, 4: 3}) == [3, 2, 1]
    assert sponsor_chain(1, {2: 1}) == []


def test_sponsor_chain_stops_on_corrupt_circles() -> None:
    assert sponsor_chain(1, {1: 2, 2: 3, 3: 1}) == [2, 3]
    assert sponsor_chain(1, {1: 1}) == []


@given(st.lists(st.tuples(st.integers(0, 12), st.integers(0, 12)), max_size=60))
def test_accepted_referrals_never_make_a_circle(pairs: list[tuple[int, int]]) -> None:
    sponsor_of: dict[int, int] = {}
    for sponsor, referred in pairs:
        try:
            check_referral(sponsor, referred, sponsor_of)
        except ReferralError:
            continue
        sponsor_of[referred] = sponsor
    for guest in sponsor_of:
        chain = sponsor_chain(guest, sponsor_of)
        assert guest not in chain
        # The chain ends at a guest nobody sponsored: no circle cut short by the guard.
        assert chain[-1] not in sponsor_of


def test_messages_name_the_guests_when_names_are_given() -> None:
    names = {1: "Ana Top", 2: "Béa Second"}
    with pytest.raises(
        ReferralError, match=r"Ana Top already sponsors Béa Second \(Ana Top → Béa Second\)"
    ):
        check_referral(2, 1, {2: 1}, names)
