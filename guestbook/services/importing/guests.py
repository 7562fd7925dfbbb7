"""The guests an import touches, as it sees them: loaded from the database or created by it.

Matching and merging work on these in memory, so a dry run and a real import take exactly the
same decisions; the database only learns the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.people import same_person_folded
from guestbook.domain.text import display_name, fold, key_of_folds
from guestbook.services.importing.history import ImportedVisit
from guestbook.services.importing.rows import ValidRow
from guestbook.services.summaries.guest_row import mobile_flag, primary

# The guest columns an import may change, in this order: what a merged guest's before_json keeps
# and what undo writes back.
MUTABLE_COLUMNS = (
    "first_name",
    "last_name",
    "name_key",
    "birth_day",
    "birth_month",
    "birth_year",
    "partner_id",
    "partner_name",
    "address",
    "postcode",
    "notes",
    "preferences",
    "primary_phone",
    "primary_email",
    "primary_mobile",
    *(f"consent_{channel}" for channel in CHANNELS),
    "updated_at",
)
# What the import writes itself; the others follow from them (services.summaries).
DERIVED_COLUMNS = frozenset(
    {
        "name_key",
        "primary_phone",
        "primary_email",
        "primary_mobile",
        *(f"consent_{c}" for c in CHANNELS),
    }
)
SOURCE_COLUMNS = tuple(column for column in MUTABLE_COLUMNS if column not in DERIVED_COLUMNS)


@dataclass(eq=False, slots=True)
class GuestState:
    id: int
    is_new: bool
    first_name: str = ""
    last_name: str = ""
    birthday: Birthday | None = None
    partner_id: int | None = None
    partner_name: str = ""
    address: str = ""
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    consent: dict[str, bool | None] = field(default_factory=dict)
    # Channels with a consent event from before this import: the import leaves them alone.
    consent_before: frozenset[str] = frozenset()
    # MUTABLE_COLUMNS as the database held them when loaded (existing guests only): undo data.
    before: dict[str, Any] | None = None
    changed: bool = False  # differs from the database as it was before the import
    dirty: bool = False  # the row in the database (or just inserted) needs an UPDATE
    names_changed: bool = False
    partner_pending: bool = False  # partner_name came from this import: try to link it
    new_phones: list[str] = field(default_factory=list)  # added by this import, not yet written
    new_emails: list[str] = field(default_factory=list)
    added: dict[str, list[int]] = field(default_factory=dict)  # table → ids this import added
    line: int = 0  # a new guest's: the line of the row that created them
    had_visits: bool = False  # visits before this import, or history it already brought
    history_line: int = 0  # the line of the row whose history this import brings them
    new_visits: list[ImportedVisit] = field(default_factory=list)  # history not yet written
    allergens: set[str] = field(default_factory=set)  # folded, those held or added
    # (allergen, note) added by this import, not yet written; the note says when it came
    # from the notes and needs checking.
    new_allergies: list[tuple[str, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name)

    # The names folded, kept in step with them: matching compares them again and again.
    first_key: str = ""
    last_key: str = ""

    def __post_init__(self) -> None:
        if not (self.first_key or self.last_key):
            self.first_key, self.last_key = fold(self.first_name), fold(self.last_name)

    @property
    def name_key(self) -> str:
        return key_of_folds(self.first_key, self.last_key)

    @property
    def label(self) -> str:
        """The guest as a merged row names them: the number only of a guest who has one
        already (a guest this import creates has none until it is written)."""
        return self.name if self.is_new else f"{self.name} (#{self.id})"

    def column_values(self, updated_at: str) -> dict[str, Any]:
        """MUTABLE_COLUMNS as the database stores them."""
        birthday = self.birthday
        return {
            "first_name": self.first_name,
            "last_name": self.last_name,
            "name_key": self.name_key,
            "birth_day": birthday.day if birthday else None,
            "birth_month": birthday.month if birthday else None,
            "birth_year": birthday.year if birthday else None,
            "partner_id": self.partner_id,
            "partner_name": self.partner_name,
            "address": self.address,
            "postcode": self.postcode,
            "notes": self.notes,
            "preferences": self.preferences,
            "primary_phone": primary(self.phones),
            "primary_email": primary(self.emails),
            "primary_mobile": mobile_flag(primary(self.phones)),
            **{f"consent_{channel}": _flag(self.consent.get(channel)) for channel in CHANNELS},
            "updated_at": updated_at,
        }


def _flag(value: bool | None) -> bool | None:
    # A bool, not 0/1: PostgreSQL's booleans take no integer (sqlite3 stores it as 0/1).
    return None if value is None else bool(value)


def same_person(row: ValidRow, guest: GuestState) -> bool:
    """domain.people's rule on a row and a guest the import holds (the shared phone or email is
    the caller's business)."""
    return same_person_folded(
        row.first_key, row.last_key, row.birthday, guest.first_key, guest.last_key, guest.birthday
    )


def new_guest(guest_id: int, row: ValidRow, allergy_note: str) -> GuestState:
    guest = GuestState(
        id=guest_id,
        is_new=True,
        first_name=row.first_name,
        last_name=row.last_name,
        first_key=row.first_key,
        last_key=row.last_key,
        birthday=row.birthday,
        partner_name=row.partner,
        partner_pending=bool(row.partner) and not row.partner_is_name,
        address=row.address,
        postcode=row.postcode,
        notes=row.notes,
        preferences=row.preferences,
        phones=list(row.phones),
        emails=list(row.emails),
        consent={channel: row.consent.get(channel) for channel in CHANNELS},
        changed=True,
        new_phones=list(row.phones),
        new_emails=list(row.emails),
        line=row.line,
        had_visits=bool(row.visits),
        history_line=row.line if row.visits else 0,
        new_visits=list(row.visits),
    )
    add_allergies(guest, row, allergy_note)
    return guest


def add_allergies(guest: GuestState, row: ValidRow, allergy_note: str) -> bool:
    """The row's allergies the guest does not have yet: those of its allergy column, and the
    parts of its notes about an allergy, with `allergy_note` saying they need checking."""
    added = False
    found = [*row.allergies, *((text, allergy_note) for text in row.allergy_notes)]
    for allergen, note in found:
        key = fold(allergen)
        if key and key not in guest.allergens:
            guest.allergens.add(key)
            guest.new_allergies.append((allergen, note))
            added = True
    return added


def merge_row(guest: GuestState, row: ValidRow, allergy_note: str) -> bool:
    """Merge `row` into `guest` by product.md's rules: existing values win, empty fields are
    filled, new phones, emails and allergies are added, notes appended; consent only on
    channels with no event before the import, a withdrawal winning; the row's visit history
    only for a guest without visits. Returns whether anything changed.
    """
    changes = False

    def fill(current: str, new: str) -> str:
        nonlocal changes
        if current or not new:
            return current
        changes = True
        return new

    if row.first_name and not guest.first_name:
        guest.first_name, guest.first_key = row.first_name, row.first_key
        guest.names_changed = changes = True
    if row.last_name and not guest.last_name:
        guest.last_name, guest.last_key = row.last_name, row.last_key
        guest.names_changed = changes = True
    guest.address = fill(guest.address, row.address)
    guest.postcode = fill(guest.postcode, row.postcode)
    guest.preferences = fill(guest.preferences, row.preferences)
    if row.partner and guest.partner_id is None and not guest.partner_name:
        guest.partner_name, changes = row.partner, True
        guest.partner_pending = not row.partner_is_name
    if row.notes and row.notes not in guest.notes:
        guest.notes = f"{guest.notes}\n{row.notes}" if guest.notes else row.notes
        changes = True
    changes |= _merge_birthday(guest, row.birthday)
    for phone in row.phones:
        if phone not in guest.phones:
            guest.phones.append(phone)
            guest.new_phones.append(phone)
            changes = True
    for email in row.emails:
        if email not in guest.emails:
            guest.emails.append(email)
            guest.new_emails.append(email)
            changes = True
    for channel, granted in row.consent.items():
        if channel in guest.consent_before:
            continue
        current = guest.consent.get(channel)
        if current is None or (current and not granted):
            guest.consent[channel] = granted
            changes = True
    changes |= add_allergies(guest, row, allergy_note)
    if row.visits and not guest.had_visits:
        guest.new_visits, guest.had_visits, changes = list(row.visits), True, True
        guest.history_line = row.line
    if changes:
        guest.dirty = guest.changed = True
    return changes


def _merge_birthday(guest: GuestState, birthday: Birthday | None) -> bool:
    if birthday is None:
        return False
    if guest.birthday is None:
        guest.birthday = birthday
        return True
    if guest.birthday.year is None and birthday.year is not None:
        # Same day and month (or the rows would not be the same person): the year is news.
        guest.birthday = Birthday(guest.birthday.day, guest.birthday.month, birthday.year)
        return True
    return False
