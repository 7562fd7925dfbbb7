"""The table being typed at checkout, before it is saved: who sits where, who referred whom,
what to redeem, what was completed for known guests; and the Table (domain.table_form) it
becomes, checked by the service when the host saves."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from guestbook.domain.birthdays import BirthdayError, parse_birthday
from guestbook.domain.contact import ContactError, format_phone, normalize_phone
from guestbook.domain.guest_form import GuestForm, parse_allergies
from guestbook.domain.table_form import Table, TableGuest
from guestbook.domain.text import display_name
from guestbook.i18n import N_, _

# The fields a problem can be about (FieldErrors keys), named as the screen and the new-guest
# dialog label them (English, marked: shown through `_`), so the host finds the field named.
FIELD_LABELS = {
    "date": N_("Date"),
    "party_size": N_("Party size"),
    "spend": N_("Spend (€)"),
    "occasion": N_("Occasion"),
    "guests": N_("At the table"),
    "first_name": N_("First name"),
    "last_name": N_("Last name"),
    "phones": N_("Phone"),
    "emails": N_("Email"),
    "birthday": N_("Birthday"),
    "partner": N_("Partner"),
    "referred_by": N_("Referred by"),
    "address": N_("Address"),
    "postcode": N_("Postcode"),
    "notes": N_("Notes"),
    "preferences": N_("Likes"),
    "allergies": N_("Allergies"),
}
_PHONE_SEPARATORS = re.compile(r"[,;\n]+")


def field_label(key: str) -> str:
    return _(FIELD_LABELS[key]) if key in FIELD_LABELS else key.replace("_", " ")


@dataclass(eq=False)
class Seat:
    """One person at the table: a known guest (guest_id) or a new one (new). Who referred
    them: a known guest picked by name (sponsor), or someone at this table (sponsor_seat)."""

    name: str
    guest_id: int | None = None
    new: TableGuest | None = None
    sponsor: tuple[int, str] | None = None
    sponsor_seat: Seat | None = None
    known: GuestForm | None = None  # a known guest's card as loaded (phone, birthday…)
    details: GuestForm | None = None  # what the host typed for a known guest at the table

    @property
    def sponsor_name(self) -> str:
        if self.sponsor_seat is not None:
            return self.sponsor_seat.name
        return self.sponsor[1] if self.sponsor else ""

    @property
    def shown(self) -> GuestForm | None:
        """The details the table shows: typed for a new guest; for a known one, their card
        with what the host completed."""
        if self.new is not None:
            return self.new.form
        if self.known is None:
            return self.details
        if self.details is None:
            return self.known
        typed = self.details
        return replace(
            self.known,
            phones=self.known.phones or typed.phones,
            birthday=self.known.birthday or typed.birthday,
            consent={**self.known.consent, **typed.consent},
        )


def new_seat(guest: TableGuest) -> Seat:
    return Seat(display_name(guest.form.first_name, guest.form.last_name), new=guest)


def phones_text(typed: str, region: str) -> str:
    """The numbers as they will be dialled ('06 12 34 56 78'), or as typed while one is not
    a phone number yet."""
    items = [item.strip() for item in _PHONE_SEPARATORS.split(typed) if item.strip()]
    try:
        return ", ".join(format_phone(normalize_phone(item, region), region) for item in items)
    except ContactError:
        return typed


def birthday_text(typed: str, today: dt.date) -> str:
    if not typed.strip():
        return ""
    try:
        return parse_birthday(typed, today).short()
    except BirthdayError:
        return typed


@dataclass
class TableDraft:
    seats: list[Seat] = field(default_factory=list)
    redeem: set[int] = field(default_factory=set)

    def partner_of(self, index: int) -> str:
        """Who the seat's partner is, as the seats list shows it: a couple both at the table
        is shown from both sides, as saving links them both ways."""
        new = self.seats[index].new
        if new is not None:
            partner = new.partner_at_table
            if partner is not None and partner < len(self.seats):
                return self.seats[partner].name
            if new.form.partner:
                return new.form.partner
        known = self.seats[index].known
        if known is not None and known.partner:
            return known.partner
        return next(
            (
                other.name
                for other in self.seats
                if other.new is not None and other.new.partner_at_table == index
            ),
            "",
        )

    def remove(self, index: int) -> Seat:
        """Take a seat away; partners at the table are indexes, kept pointing at the same
        people; whoever they referred is no longer referred by them."""
        removed = self.seats.pop(index)
        for seat in self.seats:
            if seat.sponsor_seat is removed:
                seat.sponsor_seat = None
            if seat.new is not None and seat.new.partner_at_table is not None:
                partner = seat.new.partner_at_table
                if partner == index:
                    seat.new = replace(seat.new, partner_at_table=None)
                elif partner > index:
                    seat.new = replace(seat.new, partner_at_table=partner - 1)
        return removed

    def allergies(self) -> list[tuple[str, str]]:
        """(who, their allergies) for everyone at the table who has any."""
        found = []
        for seat in self.seats:
            shown = seat.shown
            allergies = parse_allergies(shown.allergies) if shown is not None else ()
            if allergies:
                words = ", ".join(f"{a} ({n})" if n else a for a, n in allergies)
                found.append((seat.name, words))
        return found

    def records_consent(self) -> bool:
        """Whether saving records a consent answer, which must name the host who asked."""
        for seat in self.seats:
            typed = seat.new.form if seat.new is not None else seat.details
            if typed is not None and any(v is not None for v in typed.consent.values()):
                return True
        return False

    def table(self, *, date: str, party_size: str, spend: str, occasion: str) -> Table:
        """The Table to save. Partners were chosen among everyone at the table; the table
        counts its new guests apart, and a known partner is the new guest's partner_id."""
        new_seats = [seat for seat in self.seats if seat.new is not None]
        position = {id(seat): index for index, seat in enumerate(new_seats)}
        return Table(
            date=date,
            party_size=party_size,
            spend=spend,
            occasion=occasion,
            guest_ids=[seat.guest_id for seat in self.seats if seat.guest_id is not None],
            new_guests=[self._new_guest(seat, position) for seat in new_seats],
            redeem=sorted(self.redeem),
            referrals=[
                (sponsor, seat.guest_id)
                for seat in self.seats
                if seat.guest_id is not None and (sponsor := _known_sponsor(seat)) is not None
            ],
            known_details=[
                (seat.guest_id, seat.details)
                for seat in self.seats
                if seat.guest_id is not None and seat.details is not None
            ],
        )

    def _new_guest(self, seat: Seat, position: dict[int, int]) -> TableGuest:
        assert seat.new is not None
        sponsor_seat = seat.sponsor_seat
        guest = replace(
            seat.new,
            referred_by=_known_sponsor(seat),
            referred_by_new=position.get(id(sponsor_seat)) if sponsor_seat else None,
        )
        partner = guest.partner_at_table
        if partner is None:
            return guest
        target = self.seats[partner]
        if target.new is not None:
            return replace(guest, partner_at_table=position[id(target)])
        form = replace(guest.form, partner_id=target.guest_id, partner=target.name)
        return replace(guest, form=form, partner_at_table=None)

    def where(self, key: str) -> tuple[str, Seat | None]:
        """A FieldErrors key in words, and the seat it is about: 'new.1.phones' → ('Marc
        Dupont — Phone', his seat); 'known.0.birthday' likewise for known guests."""
        kind, _dot, rest = key.partition(".")
        if kind not in ("new", "known") or not rest:
            return field_label(key), None
        index, _dot, what = rest.partition(".")
        if kind == "new":
            seats = [seat for seat in self.seats if seat.new is not None]
        else:
            seats = [seat for seat in self.seats if seat.details is not None]
        seat = seats[int(index)] if index.isdigit() and int(index) < len(seats) else None
        name = seat.name if seat is not None else "?"
        return _("{name} — {field}").format(name=name, field=field_label(what)), seat


def _known_sponsor(seat: Seat) -> int | None:
    """The guest id of who referred this seat, when that sponsor is a known guest."""
    if seat.sponsor_seat is not None:
        return seat.sponsor_seat.guest_id
    return seat.sponsor[0] if seat.sponsor else None
