"""What an import writes, from the guests it touched (importing.guests.GuestState): new guests,
the values merged into existing ones, their new phones, emails, consent and flags, and what
undo needs. The statements are storage.sqlite.import_store's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.contact import reversed_digits
from guestbook.domain.text import fold, name_tokens
from guestbook.services.importing.guests import MUTABLE_COLUMNS, GuestState
from guestbook.services.summaries.visits import Seat, VisitSummary, visit_summary
from guestbook.settings import Settings
from guestbook.storage.sqlite import import_store as sql
from guestbook.storage.sqlite.import_store import (
    Pair,
    guests_named,
    imported_before,
    known_pairs,
    owners_of_emails,
    owners_of_phones,
)
from guestbook.storage.sqlite.raw import stamp

# The visit summary's columns, in VisitSummary's order.
SUMMARY_COLUMNS = (
    "visit_count",
    "last_visit_on",
    "visit_interval_days",
    "late_from",
    "spend_cents",
    "spend_visits",
    "home_site",
)

__all__ = [
    "Pair",
    "guests_named",
    "imported_before",
    "known_pairs",
    "owners_of_emails",
    "owners_of_phones",
    "stamp",
]

ID_TABLES = (
    "guest",
    "phone",
    "email",
    "consent_event",
    "possible_duplicate",
    "visit",
    "visit_guest",
    "allergy",
)


def load_guests(connection: Connection, ids: Sequence[int]) -> list[GuestState]:
    """The guests with these ids, with their phones and emails in order, their allergens and
    whether they have visits."""
    columns = sql.guest_columns(connection, ids, (*MUTABLE_COLUMNS, "visit_count"))
    states = {guest_id: _state(guest_id, values) for guest_id, values in columns.items()}
    phones, emails = sql.contacts_of(connection, ids)
    for guest_id, e164 in phones:
        states[guest_id].phones.append(e164)
    for guest_id, address in emails:
        states[guest_id].emails.append(address)
    for guest_id, allergen in sql.allergens_of(connection, ids):
        states[guest_id].allergens.add(fold(allergen))
    return [states[guest_id] for guest_id in ids if guest_id in states]


def _state(guest_id: int, values: dict[str, Any]) -> GuestState:
    visits = values.pop("visit_count")
    day, month, year = values["birth_day"], values["birth_month"], values["birth_year"]
    consent = {channel: _bool(values[f"consent_{channel}"]) for channel in CHANNELS}
    return GuestState(
        id=guest_id,
        is_new=False,
        first_name=values["first_name"],
        last_name=values["last_name"],
        birthday=Birthday(day, month, year) if day and month else None,
        partner_id=values["partner_id"],
        partner_name=values["partner_name"],
        address=values["address"],
        postcode=values["postcode"],
        notes=values["notes"],
        preferences=values["preferences"],
        consent=consent,
        # The summary column is set by every consent event (latest wins), so NULL means none.
        consent_before=frozenset(
            channel for channel, value in consent.items() if value is not None
        ),
        before=values,
        had_visits=bool(visits),
    )


def _bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def next_ids(connection: Connection) -> dict[str, int]:
    return sql.next_ids(connection, ID_TABLES)


def insert_batch(connection: Connection, file_name: str, sha256: str, at: str, staff: str) -> int:
    return sql.insert_batch(connection, file_name, sha256, at, staff)


def finish_batch(
    connection: Connection, batch_id: int, new: int, merged: int, rejected: int
) -> None:
    sql.finish_batch(connection, batch_id, new, merged, rejected)


# --- Writing -------------------------------------------------------------------------------

_GUEST_INSERT_COLUMNS = ("id", *MUTABLE_COLUMNS, "created_at", "visit_count", "spend_cents")


def insert_guests(connection: Connection, guests: Sequence[GuestState], at: str) -> None:
    rows = [(g.id, *g.column_values(at).values(), at, 0, 0) for g in guests]
    sql.insert_rows(connection, "guest", _GUEST_INSERT_COLUMNS, rows)
    write_tokens(connection, guests, replace=False)


def update_guests(connection: Connection, guests: Sequence[GuestState], at: str) -> None:
    rows = [(*g.column_values(at).values(), g.id) for g in guests]
    sql.update_guests(connection, MUTABLE_COLUMNS, rows)
    write_tokens(connection, [g for g in guests if g.names_changed], replace=True)


def write_tokens(connection: Connection, guests: Sequence[GuestState], *, replace: bool) -> None:
    """guest_token rows for word-prefix search (what services.summaries writes, in bulk)."""
    if replace:
        sql.delete_tokens(connection, [g.id for g in guests])
    rows = [
        (token, g.id) for g in guests for token in sorted(name_tokens(g.first_name, g.last_name))
    ]
    sql.insert_rows(connection, "guest_token", ("token", "guest_id"), rows)


def insert_contacts(
    connection: Connection, guests: Sequence[GuestState], ids: dict[str, int]
) -> None:
    """The phones and emails each guest gained since the last call; `ids` advances."""
    phones: list[tuple[object, ...]] = []
    emails: list[tuple[object, ...]] = []
    for guest in guests:
        start = len(guest.phones) - len(guest.new_phones)
        for position, e164 in enumerate(guest.new_phones, start):
            phone_id = ids["phone"] + len(phones)
            phones.append((phone_id, guest.id, e164, reversed_digits(e164), position))
            guest.added.setdefault("phone", []).append(phone_id)
        start = len(guest.emails) - len(guest.new_emails)
        for position, address in enumerate(guest.new_emails, start):
            email_id = ids["email"] + len(emails)
            emails.append((email_id, guest.id, address, position))
            guest.added.setdefault("email", []).append(email_id)
        guest.new_phones.clear()
        guest.new_emails.clear()
    sql.insert_rows(
        connection, "phone", ("id", "guest_id", "e164", "digits_reversed", "position"), phones
    )
    sql.insert_rows(connection, "email", ("id", "guest_id", "address", "position"), emails)
    ids["phone"] += len(phones)
    ids["email"] += len(emails)


_CONSENT_COLUMNS = ("id", "guest_id", "channel", "granted", "at", "staff", "source", "wording")


def insert_consent(
    connection: Connection,
    guests: Sequence[GuestState],
    ids: dict[str, int],
    *,
    at: str,
    staff: str,
    source: str,
) -> None:
    """One event per channel this import decided (never one a guest had an event for)."""
    rows: list[tuple[object, ...]] = []
    for guest in guests:
        for channel in CHANNELS:
            granted = guest.consent.get(channel)
            if granted is None or channel in guest.consent_before:
                continue
            event_id = ids["consent_event"] + len(rows)
            rows.append((event_id, guest.id, channel, granted, at, staff, source, ""))
            guest.added.setdefault("consent_event", []).append(event_id)
    sql.insert_rows(connection, "consent_event", _CONSENT_COLUMNS, rows)
    ids["consent_event"] += len(rows)


def insert_duplicates(
    connection: Connection, pairs: dict[Pair, str], at: str, ids: dict[str, int]
) -> dict[Pair, int]:
    """Flag the pairs not flagged already; returns the ids of those written."""
    known = known_pairs(connection, pairs)
    fresh = {pair: reason for pair, reason in pairs.items() if pair not in known}
    written = {pair: ids["possible_duplicate"] + offset for offset, pair in enumerate(fresh)}
    sql.insert_rows(
        connection,
        "possible_duplicate",
        ("id", "guest_a_id", "guest_b_id", "reason", "found_at"),
        [(written[pair], *pair, fresh[pair], at) for pair in written],
    )
    ids["possible_duplicate"] += len(written)
    return written


def insert_changes(connection: Connection, batch_id: int, guests: Sequence[GuestState]) -> None:
    rows: list[tuple[object, ...]] = []
    for guest in guests:
        if guest.is_new:
            # A new guest goes whole on undo; its imported visits must be named, as deleting
            # a guest keeps the tables they sat at.
            visits = {"added": {"visit": guest.added["visit"]}} if "visit" in guest.added else {}
            rows.append((batch_id, guest.id, "new", json.dumps(visits) if visits else ""))
        else:
            undo = {"before": guest.before, "added": guest.added}
            rows.append((batch_id, guest.id, "merged", json.dumps(undo, ensure_ascii=False)))
    sql.insert_rows(
        connection, "import_change", ("batch_id", "guest_id", "action", "before_json"), rows
    )


# A visit as the imports write it; `site`: the importing terminal's (settings.site).
VISIT_COLUMNS = (
    *("id", "visited_on", "party_size", "spend_cents", "occasion", "note", "created_at"),
    "site",
)


def insert_history(
    connection: Connection,
    guests: Sequence[GuestState],
    ids: dict[str, int],
    *,
    at: str,
    occasions: tuple[str, str],
    settings: Settings,
) -> None:
    """Each guest's imported visits (a table of one, spend unknown, the occasion saying where
    they came from: `occasions` is (known date, estimated date)) and the visit summary that
    follows from them, by services.summaries' rule (a guest gets history only when they have
    no visits: theirs are exactly these). `ids` advances."""
    visits: list[tuple[object, ...]] = []
    seats: list[tuple[object, ...]] = []
    summaries: list[tuple[object, ...]] = []
    site = settings.site
    for guest in guests:
        if not guest.new_visits:
            continue
        for visit in guest.new_visits:
            visit_id = ids["visit"] + len(visits)
            occasion = occasions[1] if visit.estimated else occasions[0]
            visits.append((visit_id, visit.on.isoformat(), 1, None, occasion, "", at, site))
            seats.append((ids["visit_guest"] + len(seats), visit_id, guest.id))
            guest.added.setdefault("visit", []).append(visit_id)
        summary = visit_summary(
            (Seat(v.on, None, 1, 0, settings.site) for v in guest.new_visits), settings
        )
        summaries.append((*summary_values(summary), guest.id))
        guest.new_visits = []
    sql.insert_rows(connection, "visit", VISIT_COLUMNS, visits)
    sql.insert_rows(connection, "visit_guest", ("id", "visit_id", "guest_id"), seats)
    sql.update_guests(connection, SUMMARY_COLUMNS, summaries)
    ids["visit"] += len(visits)
    ids["visit_guest"] += len(seats)


def summary_values(summary: VisitSummary) -> tuple[object, ...]:
    """The summary in SUMMARY_COLUMNS' order, as the guest row stores it."""
    last, late = summary.last_visit_on, summary.late_from
    return (
        summary.visit_count,
        last.isoformat() if last else None,
        summary.visit_interval_days,
        late.isoformat() if late else None,
        summary.spend_cents,
        summary.spend_visits,
        summary.home_site,
    )


def insert_allergies(
    connection: Connection, guests: Sequence[GuestState], ids: dict[str, int]
) -> None:
    """The allergies each guest gained; `ids` advances."""
    rows: list[tuple[object, ...]] = []
    for guest in guests:
        for allergen, note in guest.new_allergies:
            allergy_id = ids["allergy"] + len(rows)
            rows.append((allergy_id, guest.id, allergen, note))
            guest.added.setdefault("allergy", []).append(allergy_id)
        guest.new_allergies = []
    sql.insert_rows(connection, "allergy", ("id", "guest_id", "allergen", "note"), rows)
    ids["allergy"] += len(rows)
