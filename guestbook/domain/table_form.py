"""A table at checkout as the host types it, read and checked once: the date, the party, the
spend, who sat there (known guests, and new ones with their own guest form), the rewards to
redeem and who referred whom, and what the host completed for known guests (a phone, a
birthday, consent). Every problem is reported at once, against its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from guestbook.domain.dates import DateError, split_day_first, visit_date
from guestbook.domain.guest_form import GuestForm, ValidGuest, validate_form
from guestbook.errors import FieldErrors
from guestbook.i18n import _, date_text, ngettext, quoted


@dataclass(frozen=True)
class TableGuest:
    """A person met at the table: their guest form as typed, and how they sit with the rest."""

    form: GuestForm = field(default_factory=GuestForm)
    partner_at_table: int | None = None  # index of another new guest at this table
    referred_by: int | None = None  # the sponsor's guest id
    referred_by_new: int | None = None  # or: index of another new guest at this table


@dataclass(frozen=True)
class Table:
    """The checkout screen's fields as typed."""

    date: str = ""  # empty: today
    party_size: str = ""
    spend: str = ""  # "84,50", "84.50 €", "84"
    occasion: str = ""
    note: str = ""
    guest_ids: Sequence[int] = ()  # known guests at the table
    new_guests: Sequence[TableGuest] = ()
    redeem: Sequence[int] = ()  # reward ids
    referrals: Sequence[tuple[int, int]] = ()  # (sponsor, referred) among known guests
    # What the host typed for a known guest at the table (a missing phone or birthday, consent
    # asked): their form, merged into the guest as the guest form merges an entry.
    known_details: Sequence[tuple[int, GuestForm]] = ()


@dataclass(frozen=True)
class ValidTable:
    visited_on: dt.date
    party_size: int
    spend_cents: int | None  # None: no spend typed, unknown (never 0.00 €)
    occasion: str
    note: str
    guest_ids: tuple[int, ...]
    new_guests: tuple[tuple[ValidGuest, TableGuest], ...]
    redeem: tuple[int, ...]
    referrals: tuple[tuple[int, int], ...]
    known_details: tuple[tuple[int, ValidGuest], ...] = ()


def validate_table(table: Table, *, today: dt.date, region: str) -> ValidTable:
    """The table read and checked, or FieldErrors naming every field that is wrong ("spend",
    "party_size", "new.0.phones"…)."""
    errors: dict[str, str] = {}
    visited_on, party, spend = today, 0, None
    try:
        visited_on = read_visit_date(table.date, today)
    except DateError as error:
        errors["date"] = str(error)
    try:
        spend = parse_spend(table.spend) if table.spend.strip() else None  # empty: unknown
    except ValueError as error:
        errors["spend"] = str(error)
    known = tuple(dict.fromkeys(table.guest_ids))
    seated = len(known) + len(table.new_guests)
    if not seated:
        errors["guests"] = _("add at least one guest (ctrl+n new, ctrl+f known)")
    party_text = table.party_size.strip()
    if not party_text.isdigit():
        errors["party_size"] = _("type how many people sat at the table")
    elif (party := int(party_text)) < 1:
        errors["party_size"] = _("a table has at least one person")
    elif party < seated:
        errors["party_size"] = ngettext(
            "{count} guest is recorded at a table of {party}",
            "{count} guests are recorded at a table of {party}",
            seated,
        ).format(count=seated, party=party)
    new_guests = _new_guests(table.new_guests, today, region, errors)
    known_details = _known_details(table.known_details, today, region, errors)
    if errors:
        raise FieldErrors(errors)
    return ValidTable(
        visited_on=visited_on,
        party_size=party,
        spend_cents=spend,
        occasion=table.occasion.strip(),
        note=table.note.strip(),
        guest_ids=known,
        new_guests=new_guests,
        redeem=tuple(dict.fromkeys(table.redeem)),
        referrals=tuple(table.referrals),
        known_details=known_details,
    )


def read_visit_date(text: str, today: dt.date) -> dt.date:
    """domain.dates.visit_date, its example of a date being today's (never a fixed day)."""
    try:
        return visit_date(text, today)
    except DateError as error:
        try:
            split_day_first(text, "")
        except DateError:  # not a date at all (not one that does not exist): show how
            raise DateError(
                _("{text} is not a date: type {today} or {day}").format(
                    text=quoted(text.strip()),
                    today=date_text(today, "numeric"),
                    day=f"{today:%d/%m}",
                )
            ) from error
        raise


def check_guest(form: GuestForm, *, today: dt.date, region: str) -> ValidGuest:
    """The guest form's own check, its postcode rule included (a French restaurant's guests
    have French postcodes: domain.guest_form.postcode_problem, the same at the door and on a
    guest's card)."""
    return validate_form(form, today=today, region=region)


def _new_guests(
    guests: Sequence[TableGuest], today: dt.date, region: str, errors: dict[str, str]
) -> tuple[tuple[ValidGuest, TableGuest], ...]:
    """Each new guest through the guest form's own check; their errors keyed "new.N.field"."""
    valid: list[tuple[ValidGuest, TableGuest]] = []
    for index, guest in enumerate(guests):
        key = f"new.{index}"
        try:
            valid.append((check_guest(guest.form, today=today, region=region), guest))
        except FieldErrors as error:
            errors.update({f"{key}.{name}": message for name, message in error.errors.items()})
        partner = guest.partner_at_table
        if partner is not None and not (0 <= partner < len(guests) and partner != index):
            errors[f"{key}.partner"] = _("the partner must be another person at the table")
        sponsor = guest.referred_by_new
        if sponsor is not None and not (0 <= sponsor < len(guests) and sponsor != index):
            errors[f"{key}.referred_by"] = _("a guest cannot refer themselves")
    return tuple(valid)


def _known_details(
    details: Sequence[tuple[int, GuestForm]], today: dt.date, region: str, errors: dict[str, str]
) -> tuple[tuple[int, ValidGuest], ...]:
    """What was typed for known guests, through the same check; errors keyed "known.N.field"."""
    valid: list[tuple[int, ValidGuest]] = []
    for index, (guest_id, form) in enumerate(details):
        try:
            valid.append((guest_id, check_guest(form, today=today, region=region)))
        except FieldErrors as error:
            errors.update({f"known.{index}.{name}": why for name, why in error.errors.items()})
    return tuple(valid)


def parse_spend(text_value: str) -> int:
    """'84,50', '84.50 €', '1 234,5', '84' → cents. Money never goes through a float."""
    cleaned = text_value.replace("€", "").replace("\u202f", "").replace(" ", "").strip()
    if not cleaned:
        return 0
    cleaned = cleaned.replace(",", ".")
    whole, _point, fraction = cleaned.partition(".")
    if (not whole.isdigit() and whole != "") or (fraction and not fraction.isdigit()):
        raise ValueError(
            _("{text} is not an amount: type 84,50 or 84").format(text=quoted(text_value.strip()))
        )
    if len(fraction) > 2:
        raise ValueError(_("an amount has at most two decimals"))
    return int(whole or "0") * 100 + int((fraction + "00")[:2])
