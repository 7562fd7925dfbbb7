"""Deciding each row's fate: a new guest, merged into one, or rejected ("Same person").

Rows are matched against the guests in the database and against the rows before them in the
same file (the second Hélène Dupont merges into the first). Look-ups are batched per chunk of
rows; everything else happens in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection

from guestbook.domain.text import fold
from guestbook.i18n import _, number
from guestbook.services.importing import store
from guestbook.services.importing.guests import GuestState, merge_row, new_guest, same_person
from guestbook.services.importing.rows import ValidRow

Action = Literal["new", "merged", "rejected"]


@dataclass(frozen=True, slots=True)
class Placement:
    action: Action
    guest: GuestState | None = None
    reason: str = ""


class Matcher:
    def __init__(self, connection: Connection, first_guest_id: int, allergy_note: str) -> None:
        self.connection = connection
        self.allergy_note = allergy_note  # on an allergy found in the notes: to check
        self.next_guest_id = first_guest_id
        self.states: dict[int, GuestState] = {}
        self.touched: dict[int, GuestState] = {}  # new or merged, in the order met
        self.by_phone: dict[str, list[int]] = {}
        self.by_email: dict[str, list[int]] = {}
        self.contactless: dict[str, list[int]] = {}  # name_key → guests with no phone or email
        # What was looked up in the database already: the indexes above also hold what this
        # import added, which says nothing about other guests with the same phone.
        self._asked_phones: set[str] = set()
        self._asked_emails: set[str] = set()
        self._asked_names: set[str] = set()
        # (lower id, higher id) → (reason, id of the guest the row went to)
        self.pairs: dict[store.Pair, tuple[str, int]] = {}

    # --- look-ups, one batch per chunk of rows ---------------------------------------------

    def prefetch(self, rows: Sequence[ValidRow]) -> None:
        """Load every database guest the rows could match that is not in memory yet."""
        phones = sorted({p for row in rows for p in row.phones} - self._asked_phones)
        emails = sorted({e for row in rows for e in row.emails} - self._asked_emails)
        names = sorted(
            {row.name_key for row in rows if not (row.phones or row.emails)} - self._asked_names
        )
        found_phones = store.owners_of_phones(self.connection, phones)
        found_emails = store.owners_of_emails(self.connection, emails)
        found_names = store.guests_named(self.connection, names, contactless=True)
        wanted = {guest_id for _, guest_id in (*found_phones, *found_emails, *found_names)}
        for state in store.load_guests(self.connection, sorted(wanted - self.states.keys())):
            self.states[state.id] = state
        self._asked_phones.update(phones)
        self._asked_emails.update(emails)
        self._asked_names.update(names)
        for phone, guest_id in found_phones:
            _add(self.by_phone, phone, guest_id)
        for email, guest_id in found_emails:
            _add(self.by_email, email, guest_id)
        for key, guest_id in found_names:
            _add(self.contactless, key, guest_id)

    # --- one row ---------------------------------------------------------------------------

    def place(self, row: ValidRow) -> Placement:
        if not (row.phones or row.emails):
            return self._place_by_name(row)
        phone_ids = [g for p in row.phones for g in self.by_phone.get(p, ())]
        email_ids = [g for e in row.emails for g in self.by_email.get(e, ())]
        candidates = list(dict.fromkeys(phone_ids + email_ids))
        same = [g for g in candidates if same_person(row, self.states[g])]
        if len(same) > 1:
            return Placement("rejected", reason=self._two_guests(same, phone_ids, email_ids))
        if same:
            guest = self.states[same[0]]
            self._merge(guest, row)
            action: Action = "merged"
        else:
            guest = self._create(row)
            action = "new"
        for other in candidates:
            if other != guest.id:
                self._flag(guest, self.states[other], row)
        return Placement(action, guest)

    def _place_by_name(self, row: ValidRow) -> Placement:
        """A row with neither phone nor email can only be a guest who has none either, of the
        same name: that is what makes importing such a file twice change nothing."""
        same = [
            g
            for g in self.contactless.get(row.name_key, ())
            if not (self.states[g].phones or self.states[g].emails)
            and same_person(row, self.states[g])
        ]
        if len(same) > 1:
            return Placement(
                "rejected",
                reason=_(
                    "{count} guests without phone or email are called {name}: add a phone or "
                    "an email to this row to say which one it is"
                ).format(count=number(len(same)), name=row.name),
            )
        if same:
            guest = self.states[same[0]]
            self._merge(guest, row)
            return Placement("merged", guest)
        return Placement("new", self._create(row))

    def _two_guests(self, same: list[int], phone_ids: list[int], email_ids: list[int]) -> str:
        def how(guest_id: int) -> str:
            guest = self.states[guest_id].label
            if guest_id in phone_ids and guest_id in email_ids:
                return _("{guest} by phone and email").format(guest=guest)
            if guest_id in phone_ids:
                return _("{guest} by phone").format(guest=guest)
            return _("{guest} by email").format(guest=guest)

        first, second = same[:2]
        return _("matches two guests: {first} and {second}").format(
            first=how(first), second=how(second)
        )

    def _create(self, row: ValidRow) -> GuestState:
        guest = new_guest(self.next_guest_id, row, self.allergy_note)
        self.next_guest_id += 1
        self.states[guest.id] = guest
        self.touched[guest.id] = guest
        self._index(guest)
        return guest

    def _merge(self, guest: GuestState, row: ValidRow) -> None:
        merge_row(guest, row, self.allergy_note)
        self.touched.setdefault(guest.id, guest)
        self._index(guest)

    def _index(self, guest: GuestState) -> None:
        for phone in guest.phones:
            _add(self.by_phone, phone, guest.id)
        for email in guest.emails:
            _add(self.by_email, email, guest.id)
        if not (guest.phones or guest.emails):
            _add(self.contactless, guest.name_key, guest.id)

    def _flag(self, guest: GuestState, other: GuestState, row: ValidRow) -> None:
        """Shared phone or email under another first name: both kept, flagged. The reason is
        stored with the flag, in English as services.guests.duplicates stores its own."""
        shared_phone = next((p for p in row.phones if p in other.phones), None)
        if shared_phone is not None:
            reason = f"same phone {shared_phone}"
        else:
            reason = f"same email {next(e for e in row.emails if e in other.emails)}"
        pair = (min(guest.id, other.id), max(guest.id, other.id))
        self.pairs.setdefault(pair, (reason, guest.id))

    # --- after the last row ----------------------------------------------------------------

    def link_partners(self) -> list[GuestState]:
        """Link a partner name to a guest when exactly one guest fits it; returns the guests
        whose partner became a link."""
        pending = [g for g in self.touched.values() if g.partner_pending and g.partner_name]
        keys = {g.id: partner_keys(g.partner_name, g.last_name) for g in pending}
        in_memory: dict[str, set[int]] = {}
        for state in self.states.values():
            in_memory.setdefault(state.name_key, set()).add(state.id)
        in_database: dict[str, set[int]] = {}
        wanted = sorted({key for found in keys.values() for key in found})
        for key, guest_id in store.guests_named(self.connection, wanted):
            if guest_id not in self.states:  # the in-memory name may have changed
                in_database.setdefault(key, set()).add(guest_id)
        linked = []
        for guest in pending:
            fits = set()
            for key in keys[guest.id]:
                fits |= in_memory.get(key, set()) | in_database.get(key, set())
            fits.discard(guest.id)
            if len(fits) == 1:
                guest.partner_id, guest.partner_name = fits.pop(), ""
                guest.dirty = True
                linked.append(guest)
        return linked


def partner_keys(text: str, own_last_name: str) -> list[str]:
    """The name keys a partner written as `text` could have: 'Marc' is Marc of the same last
    name; 'Marc Dupont' and 'Jean Pierre Martin' are split at each space."""
    words = fold(text).split()
    if len(words) == 1:
        return [f"{fold(own_last_name)} {words[0]}".strip()]
    return [f"{' '.join(words[cut:])} {' '.join(words[:cut])}" for cut in range(1, len(words))]


def _add(index: dict[str, list[int]], key: str, guest_id: int) -> None:
    ids = index.setdefault(key, [])
    if guest_id not in ids:
        ids.append(guest_id)
