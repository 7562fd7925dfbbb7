"""Referral rules: one sponsor per guest, nobody sponsors themselves, no circles."""

from __future__ import annotations

from collections.abc import Mapping

from guestbook.i18n import _


class ReferralError(ValueError):
    """A referral that cannot be recorded; the message says why."""


def sponsor_chain(guest_id: int, sponsor_of: Mapping[int, int]) -> list[int]:
    """The guest's sponsor, that sponsor's sponsor, and so on up the chain.

    Stops at a guest met twice, so corrupt data with a circle cannot loop forever.
    """
    chain: list[int] = []
    seen = {guest_id}
    current = guest_id
    while current in sponsor_of and sponsor_of[current] not in seen:
        current = sponsor_of[current]
        chain.append(current)
        seen.add(current)
    return chain


def check_referral(
    sponsor_id: int,
    referred_id: int,
    sponsor_of: Mapping[int, int],
    names: Mapping[int, str] | None = None,
) -> None:
    """Raise ReferralError unless `sponsor_id` may be recorded as `referred_id`'s sponsor.

    `sponsor_of` maps each already referred guest to their sponsor; `names` lets the
    message speak of people rather than numbers.
    """

    def name(guest_id: int) -> str:
        return (names or {}).get(guest_id) or _("guest {id}").format(id=guest_id)

    if sponsor_id == referred_id:
        raise ReferralError(
            _("{name} cannot refer themselves: pick the guest who brought them").format(
                name=name(referred_id)
            )
        )
    existing = sponsor_of.get(referred_id)
    if existing == sponsor_id:
        raise ReferralError(
            _("{referred} is already recorded as referred by {sponsor}").format(
                referred=name(referred_id), sponsor=name(sponsor_id)
            )
        )
    if existing is not None:
        raise ReferralError(
            _("{referred} was already referred by {sponsor}: a guest has only one sponsor").format(
                referred=name(referred_id), sponsor=name(existing)
            )
        )
    chain = [sponsor_id, *sponsor_chain(sponsor_id, sponsor_of)]
    if referred_id in chain:
        # Show the circle the new referral would close: referred → … → sponsor → referred.
        path = " → ".join(name(guest) for guest in chain[: chain.index(referred_id) + 1][::-1])
        raise ReferralError(
            _(
                "{referred} already sponsors {sponsor} ({path}): "
                "a referral cannot go round in a circle"
            ).format(referred=name(referred_id), sponsor=name(sponsor_id), path=path)
        )
