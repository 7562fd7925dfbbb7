"""The table being typed at checkout, before it is saved: who sits where, what to redeem; and
the Table (domain.table_form) it becomes, checked by the service when the host saves."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from guestbook.domain.table_form import Table, TableGuest
from guestbook.domain.text import display_name
from guestbook.i18n import N_, _

# The fields a problem can be about (FieldErrors keys), in words (English, marked: shown
# through `_`); a key missing here is shown with its underscores as spaces.
FIELD_WORDS = {
    "date": N_("date"),
    "party_size": N_("party size"),
    "spend": N_("spend"),
    "occasion": N_("occasion"),
    "guests": N_("guests"),
    "table": N_("table"),
    "first_name": N_("first name"),
    "last_name": N_("last name"),
    "phones": N_("phones"),
    "emails": N_("emails"),
    "birthday": N_("birthday"),
    "partner": N_("partner"),
    "address": N_("address"),
    "postcode": N_("postcode"),
    "notes": N_("notes"),
    "preferences": N_("preferences"),
    "allergies": N_("allergies"),
}


def field_words(key: str) -> str:
    return _(FIELD_WORDS[key]) if key in FIELD_WORDS else key.replace("_", " ")


@dataclass
class Seat:
    """One person at the table: a known guest (guest_id) or a new one (new)."""

    name: str
    guest_id: int | None = None
    new: TableGuest | None = None
    sponsor: tuple[int, str] | None = None


def new_seat(guest: TableGuest) -> Seat:
    return Seat(display_name(guest.form.first_name, guest.form.last_name), new=guest)


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
        people."""
        removed = self.seats.pop(index)
        for seat in self.seats:
            if seat.new is not None and seat.new.partner_at_table is not None:
                partner = seat.new.partner_at_table
                if partner == index:
                    seat.new = replace(seat.new, partner_at_table=None)
                elif partner > index:
                    seat.new = replace(seat.new, partner_at_table=partner - 1)
        return removed

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
                (seat.sponsor[0], seat.guest_id)
                for seat in self.seats
                if seat.sponsor and seat.guest_id is not None
            ],
        )

    def _new_guest(self, seat: Seat, position: dict[int, int]) -> TableGuest:
        assert seat.new is not None
        guest = replace(seat.new, referred_by=seat.sponsor[0] if seat.sponsor else None)
        partner = guest.partner_at_table
        if partner is None:
            return guest
        target = self.seats[partner]
        if target.new is not None:
            return replace(guest, partner_at_table=position[id(target)])
        form = replace(guest.form, partner_id=target.guest_id, partner=target.name)
        return replace(guest, form=form, partner_at_table=None)

    def where(self, key: str) -> str:
        """A FieldErrors key in words: 'new.1.phones' → 'Marc Dupont, phones'."""
        if not key.startswith("new."):
            return field_words(key)
        _new, index, what = key.split(".", 2)
        new_seats: Sequence[Seat] = [seat for seat in self.seats if seat.new is not None]
        return f"{new_seats[int(index)].name}, {field_words(what)}"
