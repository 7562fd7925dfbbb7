"""Recording consent: each change an event (who, when, from where, the wording shown), the
current state per channel the latest event (services.summaries). An objection withdraws every
channel at once."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Session

from guestbook.domain.channels import CHANNELS
from guestbook.errors import UserError
from guestbook.i18n import N_, _, quoted
from guestbook.services.context import Services
from guestbook.services.summaries.guest_row import refresh_consent
from guestbook.storage.tables import ConsentEvent, Guest

# Recorded in the language spoken at the time (translated when written).
OBJECTION_WORDING = N_("The guest objected to any contact.")


def object_to_contact(services: Services, guest_id: int, *, source: str = "card") -> None:
    """The guest objects to any contact: every channel withdrawn, in one transaction."""
    now, staff = services.clock.now(), services.staff
    services.write(
        lambda session: record_objection(session, guest_id, now=now, staff=staff, source=source)
    )


def record_consent(
    session: Session,
    guest_id: int,
    channel: str,
    granted: bool,
    *,
    now: dt.datetime,
    staff: str = "",
    source: str = "",
    wording: str = "",
) -> None:
    """Store a consent event; it becomes the current state of that channel (latest wins)."""
    add_consent_event(
        session, guest_id, channel, granted, now=now, staff=staff, source=source, wording=wording
    )
    guest = session.get(Guest, guest_id)
    if guest is None:
        raise UserError(_("guest #{id} does not exist").format(id=guest_id))
    guest.updated_at = now
    session.add(guest)
    session.flush()
    refresh_consent(session.connection(), guest_id)
    session.expire_all()


def record_objection(
    session: Session, guest_id: int, *, now: dt.datetime, staff: str = "", source: str = ""
) -> None:
    """Objection stops everything at once: a withdrawal on every channel."""
    for channel in CHANNELS:
        record_consent(
            session,
            guest_id,
            channel,
            False,
            now=now,
            staff=staff,
            source=source,
            wording=_(OBJECTION_WORDING),
        )


def add_consent_event(
    session: Session,
    guest_id: int,
    channel: str,
    granted: bool,
    *,
    now: dt.datetime,
    staff: str,
    source: str,
    wording: str,
) -> None:
    if channel not in CHANNELS:
        raise UserError(
            _("unknown consent channel {channel}: use one of {channels}").format(
                channel=quoted(channel), channels=", ".join(CHANNELS)
            )
        )
    session.add(
        ConsentEvent(
            guest_id=guest_id,
            channel=channel,
            granted=granted,
            at=now,
            staff=staff,
            source=source,
            wording=wording,
        )
    )
