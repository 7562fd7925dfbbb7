"""Who is working: a name typed once per session of the app (the chef's calls, the host's
door), never an account. The names used lately in each role are kept in the database
(app_meta), so the next session offers them instead of guessing from the computer's login: the
hosts' names at the door, the chefs' at the agenda, so that a hurried pick at the door never
makes the chef the witness of a guest's consent."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Literal

from guestbook.services.context import Services
from guestbook.storage.sqlite.summaries import get_meta, set_meta

if TYPE_CHECKING:
    from sqlmodel import Session

Role = Literal["calls", "door"]
RECENT_KEPT = 6  # a restaurant's team: more names than that are not worth a list


def recent_staff(services: Services, role: Role) -> list[str]:
    """The names used lately in `role`, the latest first."""
    stored = services.read(lambda connection: get_meta(connection, _key(role)))
    return _names(stored)


def remember_staff(services: Services, name: str, role: Role) -> list[str]:
    """Put `name` first among the names used lately in `role`; returns the list as kept."""
    name = " ".join(name.split())

    def work(session: Session) -> list[str]:
        connection = session.connection()
        names = [name, *(n for n in _names(get_meta(connection, _key(role))) if n != name)]
        kept = names[:RECENT_KEPT]
        set_meta(connection, _key(role), json.dumps(kept, ensure_ascii=False))
        return kept

    return services.write(work) if name else recent_staff(services, role)


def _key(role: Role) -> str:
    return f"staff.recent.{role}"


def _names(stored: str | None) -> list[str]:
    """The stored list, or none when it is missing or unreadable (never worth a failure)."""
    try:
        names = json.loads(stored) if stored else []
    except ValueError:
        return []
    if not isinstance(names, list):
        return []
    return [str(name) for name in names if isinstance(name, str) and name.strip()]
