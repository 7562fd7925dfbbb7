"""Which guest a ticket is (product.md, "Same person"), or why it cannot be told.

- By phone or email: the guests holding one of the ticket's phones or emails whose name is
  compatible with the ticket's (the same first name ignoring case and accents, or one first
  name missing and the same last name; a ticket without a name is compatible with anyone).
  Exactly one: that guest. A phone matching one guest and an email another: rejected ("matches
  two guests"); a shared phone (a couple's landline) with no name to choose: rejected, asking
  for the first name; holders whose names differ: rejected, not glued to someone else.
- By name alone (no phone nor email on the ticket): the one guest whose folded first and last
  names are the ticket's; several: rejected, asking for a phone or an email.

Erased guests are never matched. Look-ups are batched for the whole file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection

from guestbook.domain.people import same_person_folded
from guestbook.domain.text import display_name, fold
from guestbook.i18n import _, number
from guestbook.services.visits_import.check import ValidTicket
from guestbook.storage.sqlite import import_store


@dataclass(frozen=True, slots=True)
class Known:
    """A guest a ticket may be: their number, folded names, and how the owner reads them."""

    id: int
    first_key: str
    last_key: str
    name: str

    @property
    def label(self) -> str:
        return f"{self.name} (#{self.id})"


class GuestFinder:
    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.by_phone: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        self.by_name: dict[str, list[int]] = {}
        self.guests: dict[int, Known] = {}

    def prefetch(self, tickets: Sequence[ValidTicket]) -> None:
        """Every guest the tickets could be, in a few batched queries."""
        phones = sorted({phone for t in tickets for phone in t.phones})
        emails = sorted({email for t in tickets for email in t.emails})
        names = sorted({key for t in tickets if not (t.phones or t.emails) for key in t.name_keys})
        found = (
            (self.by_phone, import_store.owners_of_phones(self.connection, phones)),
            (self.by_email, import_store.owners_of_emails(self.connection, emails)),
            (self.by_name, import_store.guests_named(self.connection, names)),
        )
        wanted: set[int] = set()
        for index, pairs in found:
            for value, guest_id in pairs:
                owners = index.setdefault(value, [])
                if guest_id not in owners:
                    owners.append(guest_id)
                wanted.add(guest_id)
        columns = import_store.guest_columns(
            self.connection, sorted(wanted), ("first_name", "last_name")
        )
        for guest_id, values in columns.items():
            first, last = str(values["first_name"]), str(values["last_name"])
            self.guests[guest_id] = Known(
                guest_id, fold(first), fold(last), display_name(first, last)
            )

    def find(self, ticket: ValidTicket) -> Known | str:
        """The guest the ticket is, or the reason it cannot be told (in the language shown)."""
        if not (ticket.phones or ticket.emails):
            return self._by_name(ticket)
        phone_ids = list(dict.fromkeys(g for p in ticket.phones for g in self.by_phone.get(p, ())))
        email_ids = list(dict.fromkeys(g for e in ticket.emails for g in self.by_email.get(e, ())))
        holders = list(dict.fromkeys(phone_ids + email_ids))
        if not holders:
            return _unknown_contact(ticket)
        same = [g for g in holders if _compatible(ticket, self.guests[g])]
        if len(same) == 1:
            return self.guests[same[0]]
        if not same:
            return _(
                "the ticket's phone or email belongs to {guests}, not to {name}: check the name "
                "on the ticket, or the guest's card"
            ).format(guests=self._labels(holders), name=ticket.name)
        only_phone = [g for g in same if g not in email_ids]
        only_email = [g for g in same if g not in phone_ids]
        if only_phone and only_email:
            return _("matches two guests: {first} and {second}").format(
                first=_("{guest} by phone").format(guest=self.guests[only_phone[0]].label),
                second=_("{guest} by email").format(guest=self.guests[only_email[0]].label),
            )
        return _(
            "{count} guests share the ticket's phone or email ({guests}): add the guest's first "
            "name to the ticket to say which one"
        ).format(count=number(len(same)), guests=self._labels(same))

    def _by_name(self, ticket: ValidTicket) -> Known | str:
        same = list(dict.fromkeys(g for key in ticket.name_keys for g in self.by_name.get(key, ())))
        if len(same) == 1:
            return self.guests[same[0]]
        if same:
            return _(
                "{count} guests are called {name}: add a phone or an email to the ticket to say "
                "which one"
            ).format(count=number(len(same)), name=ticket.name)
        return _("no guest is called {name}").format(name=ticket.name)

    def _labels(self, ids: Sequence[int]) -> str:
        labels = [self.guests[g].label for g in ids[:3]]
        return ", ".join(labels) + (" …" if len(ids) > 3 else "")


def _compatible(ticket: ValidTicket, guest: Known) -> bool:
    """The same person by the names (a ticket has no birthday): a ticket without a name is
    anyone holding its phone or email; a name from one column may be either way round."""
    if not ticket.has_name:
        return True
    first, last = ticket.first_key, ticket.last_key
    if same_person_folded(first, last, None, guest.first_key, guest.last_key, None):
        return True
    return ticket.full_name and same_person_folded(
        last, first, None, guest.first_key, guest.last_key, None
    )


def _unknown_contact(ticket: ValidTicket) -> str:
    phones, emails = ", ".join(ticket.phones), ", ".join(ticket.emails)
    if phones and emails:
        return _("no guest has the phone {phone} or the email {email}").format(
            phone=phones, email=emails
        )
    if phones:
        return _("no guest has the phone {phone}").format(phone=phones)
    return _("no guest has the email {email}").format(email=emails)
