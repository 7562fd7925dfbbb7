"""Recomputing every derived column of one guest from the rows they hold: what a form, a
checkout, a merge and an undone import call once they have written those rows."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Connection

from guestbook.services.summaries.guest_row import refresh_row
from guestbook.services.summaries.visits import refresh_visits
from guestbook.settings import Settings

if TYPE_CHECKING:
    from sqlmodel import Session


def refresh_guest(
    connection: Connection, guest_id: int, settings: Settings, *, visits: bool = True
) -> None:
    """Name key, search tokens, primary contacts, consent state, and (with `visits`) the visit
    summary with late_from."""
    refresh_row(connection, guest_id)
    if visits:
        refresh_visits(connection, guest_id, settings)


def refresh_in_session(
    session: Session, guest_id: int, settings: Settings, *, visits: bool = True
) -> None:
    """refresh_guest for a guest written through the ORM: what the session holds is flushed
    first, and what it remembers of guests is forgotten after, so nothing stale is read back or
    written over the refreshed columns."""
    session.flush()
    refresh_guest(session.connection(), guest_id, settings, visits=visits)
    session.expire_all()
