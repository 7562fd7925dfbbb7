"""The guest row's derived columns that follow from the guest's own rows: the folded name key
and the search tokens (from the names), the primary phone and email (the first by position)
and whether that phone is a mobile's, the consent state per channel (the latest event wins). Nothing else writes them, except the
bulk paths of the import and the demo, which tests hold to the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import Connection, text

from guestbook.domain.channels import CHANNELS
from guestbook.domain.contact import is_mobile
from guestbook.domain.text import name_key, name_tokens


def identity(first_name: str, last_name: str) -> tuple[str, list[str]]:
    """(name key, search tokens) of these names: what the list sorts and search reads."""
    return name_key(first_name, last_name), sorted(name_tokens(first_name, last_name))


def primary(values: Sequence[str]) -> str | None:
    """The primary phone or email: the first by position."""
    return values[0] if values else None


def consent_state(events: Sequence[tuple[str, bool]]) -> dict[str, bool | None]:
    """Channel → current consent, from (channel, granted) events oldest first: the latest
    event wins; no event is unknown (None), which is not consent."""
    state: dict[str, bool | None] = dict.fromkeys(CHANNELS)
    for channel, granted in events:
        state[channel] = bool(granted)
    return state


def refresh_identity(connection: Connection, guest_id: int) -> None:
    first, last = connection.execute(
        text("SELECT first_name, last_name FROM guest WHERE id = :id"), {"id": guest_id}
    ).one()
    key, tokens = identity(str(first), str(last))
    connection.execute(
        text("UPDATE guest SET name_key = :key WHERE id = :id"), {"key": key, "id": guest_id}
    )
    connection.execute(text("DELETE FROM guest_token WHERE guest_id = :id"), {"id": guest_id})
    if tokens:
        connection.execute(
            text("INSERT INTO guest_token (token, guest_id) VALUES (:token, :id)"),
            [{"token": token, "id": guest_id} for token in tokens],
        )


def refresh_contacts(connection: Connection, guest_id: int) -> None:
    phone = connection.execute(
        text(
            "UPDATE guest SET "
            "primary_phone = (SELECT e164 FROM phone WHERE guest_id = :id "
            "ORDER BY position, id LIMIT 1), "
            "primary_email = (SELECT address FROM email WHERE guest_id = :id "
            "ORDER BY position, id LIMIT 1) "
            "WHERE id = :id RETURNING primary_phone"
        ),
        {"id": guest_id},
    ).scalar_one_or_none()
    connection.execute(
        text("UPDATE guest SET primary_mobile = :mobile WHERE id = :id"),
        {"id": guest_id, "mobile": mobile_flag(phone)},
    )


def mobile_flag(e164: str | None) -> bool | None:
    """The primary_mobile column of a guest whose primary phone is `e164`: None without one."""
    return None if e164 is None else is_mobile(e164)


def refresh_consent(connection: Connection, guest_id: int) -> None:
    events = connection.execute(
        text("SELECT channel, granted FROM consent_event WHERE guest_id = :id ORDER BY at, id"),
        {"id": guest_id},
    ).all()
    state = consent_state([(str(channel), bool(granted)) for channel, granted in events])
    write_consent(connection, guest_id, state)


def write_consent(connection: Connection, guest_id: int, state: Mapping[str, bool | None]) -> None:
    assignments = ", ".join(f"consent_{channel} = :{channel}" for channel in CHANNELS)
    connection.execute(
        text(f"UPDATE guest SET {assignments} WHERE id = :id"),
        {"id": guest_id, **{channel: state.get(channel) for channel in CHANNELS}},
    )


def refresh_row(connection: Connection, guest_id: int) -> None:
    """Every column this module keeps, from the guest's names, phones, emails and consent."""
    refresh_identity(connection, guest_id)
    refresh_contacts(connection, guest_id)
    refresh_consent(connection, guest_id)
