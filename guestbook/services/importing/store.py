"""The importer's SQL: batched look-ups before matching, bulk writes after it.

Raw DBAPI statements through SQLAlchemy's connection (`exec_driver_sql`): executemany with the
text formats SQLAlchemy itself uses for SQLite (dates 'YYYY-MM-DD', timestamps
'YYYY-MM-DD HH:MM:SS.ffffff' in UTC, booleans 0/1), so the ORM reads the rows back as usual.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection

from guestbook.domain.birthdays import Birthday
from guestbook.domain.contact import reversed_digits
from guestbook.domain.text import name_tokens
from guestbook.services.importing.guests import MUTABLE_COLUMNS, GuestState
from guestbook.settings import CHANNELS

IN_LIST = 500  # parameters per IN (…): far below SQLite's limit, large enough to be quick

Pair = tuple[int, int]


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), IN_LIST):
        yield values[start : start + IN_LIST]


def _marks(count: int) -> str:
    return ", ".join("?" * count)


# --- Reading -------------------------------------------------------------------------------


def owners_of_phones(connection: Connection, phones: Sequence[str]) -> list[tuple[str, int]]:
    """(e164, guest id) for every guest holding one of `phones`, erased guests aside."""
    found: list[tuple[str, int]] = []
    for part in _chunks(phones):
        found += connection.exec_driver_sql(
            "SELECT p.e164, p.guest_id FROM phone p JOIN guest g ON g.id = p.guest_id "
            f"WHERE g.erased_at IS NULL AND p.e164 IN ({_marks(len(part))}) ORDER BY p.guest_id",
            tuple(part),
        ).fetchall()
    return found


def owners_of_emails(connection: Connection, emails: Sequence[str]) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for part in _chunks(emails):
        found += connection.exec_driver_sql(
            "SELECT e.address, e.guest_id FROM email e JOIN guest g ON g.id = e.guest_id "
            f"WHERE g.erased_at IS NULL AND e.address IN ({_marks(len(part))}) "
            "ORDER BY e.guest_id",
            tuple(part),
        ).fetchall()
    return found


def guests_named(
    connection: Connection, keys: Sequence[str], *, contactless: bool = False
) -> list[tuple[str, int]]:
    """(name_key, id) of the guests with one of these name keys (only those with neither phone
    nor email when `contactless`)."""
    extra = " AND primary_phone IS NULL AND primary_email IS NULL" if contactless else ""
    found: list[tuple[str, int]] = []
    for part in _chunks(keys):
        found += connection.exec_driver_sql(
            f"SELECT name_key, id FROM guest WHERE erased_at IS NULL{extra} "
            f"AND name_key IN ({_marks(len(part))}) ORDER BY id",
            tuple(part),
        ).fetchall()
    return found


def load_guests(connection: Connection, ids: Sequence[int]) -> list[GuestState]:
    """The guests with these ids, with their phones and emails in order."""
    states: dict[int, GuestState] = {}
    columns = ", ".join(MUTABLE_COLUMNS)
    for part in _chunks(ids):
        marks = _marks(len(part))
        for row in connection.exec_driver_sql(
            f"SELECT id, {columns} FROM guest WHERE id IN ({marks})", tuple(part)
        ):
            states[row[0]] = _state(row[0], dict(zip(MUTABLE_COLUMNS, row[1:], strict=True)))
        for guest_id, e164 in connection.exec_driver_sql(
            f"SELECT guest_id, e164 FROM phone WHERE guest_id IN ({marks}) "
            "ORDER BY guest_id, position, id",
            tuple(part),
        ):
            states[guest_id].phones.append(e164)
        for guest_id, address in connection.exec_driver_sql(
            f"SELECT guest_id, address FROM email WHERE guest_id IN ({marks}) "
            "ORDER BY guest_id, position, id",
            tuple(part),
        ):
            states[guest_id].emails.append(address)
    return [states[guest_id] for guest_id in ids if guest_id in states]


def _state(guest_id: int, values: dict[str, Any]) -> GuestState:
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
    )


def _bool(value: object) -> bool | None:
    return None if value is None else bool(value)


def next_ids(connection: Connection) -> dict[str, int]:
    ids = {}
    for table in ("guest", "phone", "email", "consent_event", "possible_duplicate"):
        top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
        ids[table] = int(top or 0) + 1
    return ids


def known_pairs(connection: Connection, pairs: Iterable[Pair]) -> set[Pair]:
    wanted = sorted(set(pairs))
    firsts = sorted({a for a, _ in wanted})
    found: set[Pair] = set()
    for part in _chunks(firsts):
        found |= {
            (a, b)
            for a, b in connection.exec_driver_sql(
                "SELECT guest_a_id, guest_b_id FROM possible_duplicate "
                f"WHERE guest_a_id IN ({_marks(len(part))})",
                tuple(part),
            )
        }
    return found & set(wanted)


def imported_before(connection: Connection, sha256: str) -> str | None:
    """When a file with this content was last imported (and not undone), or None."""
    value = connection.exec_driver_sql(
        "SELECT max(at) FROM import_batch WHERE file_sha256 = ? AND undone_at IS NULL",
        (sha256,),
    ).scalar()
    return None if value is None else str(value)


# --- Writing -------------------------------------------------------------------------------


def insert_batch(connection: Connection, file_name: str, sha256: str, at: str, staff: str) -> int:
    # The first write of the transaction: from here SQLite holds the write lock, so the ids
    # read next cannot be taken by another writer.
    connection.exec_driver_sql(
        "INSERT INTO import_batch (file_name, file_sha256, at, staff, new_count, merged_count, "
        "rejected_count) VALUES (?, ?, ?, ?, 0, 0, 0)",
        (file_name, sha256, at, staff),
    )
    return int(connection.exec_driver_sql("SELECT last_insert_rowid()").scalar() or 0)


def finish_batch(
    connection: Connection, batch_id: int, new: int, merged: int, rejected: int
) -> None:
    connection.exec_driver_sql(
        "UPDATE import_batch SET new_count = ?, merged_count = ?, rejected_count = ? WHERE id = ?",
        (new, merged, rejected, batch_id),
    )


_GUEST_INSERT_COLUMNS = ("id", *MUTABLE_COLUMNS, "created_at", "visit_count", "spend_cents")


def insert_guests(connection: Connection, guests: Sequence[GuestState], at: str) -> None:
    if not guests:
        return
    rows = [(g.id, *g.column_values(at).values(), at, 0, 0) for g in guests]
    connection.exec_driver_sql(
        f"INSERT INTO guest ({', '.join(_GUEST_INSERT_COLUMNS)}) "
        f"VALUES ({_marks(len(_GUEST_INSERT_COLUMNS))})",
        rows,
    )
    write_tokens(connection, guests, replace=False)


def update_guests(connection: Connection, guests: Sequence[GuestState], at: str) -> None:
    if not guests:
        return
    assignments = ", ".join(f"{column} = ?" for column in MUTABLE_COLUMNS)
    connection.exec_driver_sql(
        f"UPDATE guest SET {assignments} WHERE id = ?",
        [(*g.column_values(at).values(), g.id) for g in guests],
    )
    write_tokens(connection, [g for g in guests if g.names_changed], replace=True)


def write_tokens(connection: Connection, guests: Sequence[GuestState], *, replace: bool) -> None:
    """guest_token rows for word-prefix search (services.guests.write_tokens, in bulk)."""
    if replace and guests:
        connection.exec_driver_sql(
            "DELETE FROM guest_token WHERE guest_id = ?", [(g.id,) for g in guests]
        )
    rows = [
        (token, g.id) for g in guests for token in sorted(name_tokens(g.first_name, g.last_name))
    ]
    if rows:
        connection.exec_driver_sql("INSERT INTO guest_token (token, guest_id) VALUES (?, ?)", rows)


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
    if phones:
        connection.exec_driver_sql(
            "INSERT INTO phone (id, guest_id, e164, digits_reversed, position) "
            "VALUES (?, ?, ?, ?, ?)",
            phones,
        )
    if emails:
        connection.exec_driver_sql(
            "INSERT INTO email (id, guest_id, address, position) VALUES (?, ?, ?, ?)", emails
        )
    ids["phone"] += len(phones)
    ids["email"] += len(emails)


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
            rows.append((event_id, guest.id, channel, int(granted), at, staff, source, ""))
            guest.added.setdefault("consent_event", []).append(event_id)
    if rows:
        connection.exec_driver_sql(
            "INSERT INTO consent_event (id, guest_id, channel, granted, at, staff, source, "
            "wording) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    ids["consent_event"] += len(rows)


def insert_duplicates(
    connection: Connection, pairs: dict[Pair, str], at: str, ids: dict[str, int]
) -> dict[Pair, int]:
    """Flag the pairs not flagged already; returns the ids of those written."""
    known = known_pairs(connection, pairs)
    fresh = {pair: reason for pair, reason in pairs.items() if pair not in known}
    written = {pair: ids["possible_duplicate"] + offset for offset, pair in enumerate(fresh)}
    if written:
        connection.exec_driver_sql(
            "INSERT INTO possible_duplicate (id, guest_a_id, guest_b_id, reason, found_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [(written[pair], *pair, fresh[pair], at) for pair in written],
        )
    ids["possible_duplicate"] += len(written)
    return written


def insert_changes(connection: Connection, batch_id: int, guests: Sequence[GuestState]) -> None:
    rows = []
    for guest in guests:
        if guest.is_new:
            rows.append((batch_id, guest.id, "new", ""))
        else:
            undo = {"before": guest.before, "added": guest.added}
            rows.append((batch_id, guest.id, "merged", json.dumps(undo, ensure_ascii=False)))
    if rows:
        connection.exec_driver_sql(
            "INSERT INTO import_change (batch_id, guest_id, action, before_json) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
