"""Build guests, visits and calls through the real services, on a real SQLite file."""

from __future__ import annotations

import datetime as dt
import itertools

from guestbook.domain.birthdays import Birthday
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.services.context import Services
from guestbook.services.guests.edit import save_guest
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
    """A guest saved as the guest form saves one (the same check, the same writer)."""
    phones = next_mobile() if phone is True else phone if isinstance(phone, str) else ""
    form = GuestForm(
        first_name=first,
        last_name=last,
        phones=phones,
        emails=", ".join(emails),
        birthday=birthday.iso() if birthday else "",
        partner=partner_name,
        partner_id=partner_id,
        consent={} if call_consent is None else {"call": call_consent},
    )
    return save_form(services, form)


def save_form(services: Services, form: GuestForm) -> int:
    """A new guest from a filled-in guest form, checked and saved as the form saves it."""
    valid = validate_form(form, today=services.clock.today(), region=services.settings.phone_region)
    saved = services.write(
        lambda session: save_guest(
            session,
            valid,
            guest_id=None,
            now=services.clock.now(),
            settings=services.settings,
            staff="Test",
            source="test",
        )
    )
    return saved.guest_id


def add_visit(
    services: Services,
    on: dt.date,
    *guest_ids: int,
    party_size: int | None = None,
    spend_cents: int | None = 10_000,
) -> int:
    """A table recorded as checkout records it; spend_cents None: no spend typed."""
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
