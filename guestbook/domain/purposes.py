"""Why the restaurant writes to a guest: the one list of message purposes. Each decides who may
receive a message and on what legal basis (shared/product.md, "Messages").

Adding a purpose: an entry here and what is new about choosing its recipients.
"""

from __future__ import annotations

from dataclasses import dataclass

from guestbook.i18n import N_


@dataclass(frozen=True)
class Purpose:
    key: str  # stored, and the CLI's --purpose value
    label: str  # English, marked: label and description are shown through `_`
    marketing: bool  # needs the guest's consent on the channel used
    legal_basis: str  # recorded on each delivery: "consent" or "service notice"
    description: str


REGISTRY: tuple[Purpose, ...] = (
    Purpose(
        "incident",
        N_("Incident notice"),
        marketing=False,
        legal_basis="service notice",
        description=N_(
            "After a problem, to every guest concerned, by the first channel each can "
            "be reached on; no offer in it."
        ),
    ),
    Purpose(
        "relational",
        N_("News and invitations"),
        marketing=True,
        legal_basis="consent",
        description=N_(
            "News, an event, an invitation or an offer, only by channels the guest agreed to."
        ),
    ),
)

PURPOSES: tuple[str, ...] = tuple(purpose.key for purpose in REGISTRY)
BY_KEY: dict[str, Purpose] = {purpose.key: purpose for purpose in REGISTRY}
