"""Build guests, visits and calls through the real services, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import itertools

from guestbook.domain.birthdays import Birthday
from guestbook.services.context import Services
from guestbook.services.guests.create import GuestInput, create_guest
from guestbook.services.visits.record import record_visit

_numbers = itertools.count(10_000_000)


def next_mobile() -> str:
    """A different valid French mobile number each call."""
    return f"+336{next(_numbers):08d}"


def add_guest(
    services: Services,
    first: str = "Hélène",
    last: str = "Dupont",
    *,
    birthday: Birthday | None = None,
    phone: str | bool | None = True,
    call_consent: bool | None = True,
    partner_id: int | None = None,
    partner_name: str = "",
    emails: tuple[str, ...] = (),
) -> int:
    phones: tuple[str, ...] = ()
    if phone is True:
        phones = (next_mobile(),)
    elif isinstance(phone, str):
        phones = (phone,)
    consent = {} if call_consent is None else {"call": call_consent}
    return services.write(
        lambda session: create_guest(
            session,
            GuestInput(
                first_name=first,
                last_name=last,
                phones=phones,
                emails=emails,
                birthday=birthday,
                partner_id=partner_id,
                partner_name=partner_name,
                consent=consent,
            ),
            now=services.clock.now(),
            region=services.settings.phone_region,
            staff="Test",
            source="test",
        )
    )


def add_visit(
    services: Services,
    on: dt.date,
    *guest_ids: int,
    party_size: int | None = None,
    spend_cents: int = 10_000,
) -> int:
    recorded = services.write(
        lambda session: record_visit(
            session,
            visited_on=on,
            guest_ids=list(guest_ids),
            party_size=party_size or max(1, len(guest_ids)),
            spend_cents=spend_cents,
            now=services.clock.now(),
            settings=services.settings,
        )
    )
    return recorded.visit_id
