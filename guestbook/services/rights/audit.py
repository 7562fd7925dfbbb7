"""The audit: what was done with guests' data, when, by whom, for how many guests (RGPD).

Exports, access bundles, erasures, imports and their undo are recorded in the transaction
that does them when they write (an import, an erasure), or right after when they only read
(an export, an access bundle): an action that failed is not recorded as done. An event holds
nothing personal (a guest by number, a file by its name), so an erasure leaves it as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, text

from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.context import Services
from guestbook.storage.sqlite.raw import as_moment, stamp

Action = Literal[
    "export",
    "access",
    "erasure",
    "retention",
    "import",
    "import_undo",
    "restore",
    "visits_import",
    "visits_import_undo",
    "message",
]

# What each action is called where the owner reads the audit (translated when shown).
ACTIONS: dict[str, str] = {
    "export": N_("export"),
    "access": N_("access bundle"),
    "erasure": N_("erasure"),
    "retention": N_("erasure (retention)"),
    "import": N_("import"),
    "import_undo": N_("import undone"),
    "restore": N_("restore"),
    "visits_import": N_("visits import"),
    "visits_import_undo": N_("visits import undone"),
    "message": N_("message sent"),
}


@dataclass(frozen=True, slots=True)
class AuditEvent:
    at: dt.datetime
    who: str
    action: str
    guests: int
    detail: str

    @property
    def action_label(self) -> str:
        """The action in the language shown ('export', 'effacement')."""
        label = ACTIONS.get(self.action)
        return _(label) if label else self.action

    def to_json(self) -> dict[str, Any]:
        """One event of `guestbook audit --json` (product.md's contract)."""
        return {
            "at": self.at.isoformat(),
            "who": self.who,
            "action": self.action,
            "guests": self.guests,
            "detail": self.detail,
        }


def record(
    connection: Connection,
    action: Action,
    *,
    at: dt.datetime,
    staff: str,
    guests: int,
    detail: str = "",
) -> None:
    """Record `action` in the caller's transaction."""
    connection.execute(
        text(
            "INSERT INTO audit_event (at, staff, action, guests, detail)"
            " VALUES (:at, :staff, :action, :guests, :detail)"
        ),
        {"at": stamp(at), "staff": staff, "action": action, "guests": guests, "detail": detail},
    )


def record_now(services: Services, action: Action, *, guests: int, detail: str = "") -> None:
    """Record `action`, done just now by the staff member at work, in a transaction of its own
    (for what only reads: an export, an access bundle)."""
    at, staff = services.clock.now(), services.staff
    services.write(
        lambda session: record(
            session.connection(), action, at=at, staff=staff, guests=guests, detail=detail
        )
    )


def audit_events(
    services: Services, *, limit: int | None = None, offset: int = 0
) -> list[AuditEvent]:
    """The events, newest first (`limit` of them when given, after the newest `offset`: the
    audit screen reads them a page at a time)."""
    sql = "SELECT at, staff, action, guests, detail FROM audit_event ORDER BY at DESC, id DESC"
    params: dict[str, Any] = {}
    if limit is not None:
        sql += " LIMIT :limit OFFSET :offset"
        params.update(limit=limit, offset=offset)
    elif offset:
        raise ValueError("an offset needs a limit")

    def read(connection: Connection) -> list[AuditEvent]:
        rows = connection.execute(text(sql), params).all()
        return [AuditEvent(_read_at(at), staff, action, guests, detail) for at, staff, action,
                guests, detail in rows]  # fmt: skip

    return services.read(read)


def count_audit_events(services: Services) -> int:
    """How many events were recorded in all."""
    return int(
        services.read(
            lambda connection: connection.execute(text("SELECT count(*) FROM audit_event")).scalar()
        )
        or 0
    )


def import_detail(file_name: str, new: int, merged: int, rejected: int) -> str:
    """An import's detail: 'guests.csv: 12 new, 3 merged, 1 rejected'. English whatever the
    language, the same for every reader of the audit (and of `audit --json`)."""
    return f"{file_name}: {new} new, {merged} merged, {rejected} rejected"


# Where the audit is shown with no event in it (the app's screen, `guestbook audit`).
NOTHING_YET = N_(
    "Nothing recorded yet: exports, access bundles, erasures and imports will be listed here "
    "as they are done."
)


def when_text(at: dt.datetime) -> str:
    """When an event happened, in the restaurant's own time and the language's way:
    '22 Nov 2026 14:05' / '22 nov. 2026 14:05'."""
    local = at.astimezone()
    return f"{date_text(local.date(), 'day_month_year')} {local:%H:%M}"


def events_text(shown: int, total: int) -> str:
    """'3 events recorded, newest first.', or 'The newest 500 of 1,234 events recorded.'"""
    if shown < total:
        return ngettext(
            "The newest {shown} of {count} event recorded.",
            "The newest {shown} of {count} events recorded.",
            total,
        ).format(shown=number(shown), count=number(total))
    return ngettext(
        "{count} event recorded, newest first.",
        "{count} events recorded, newest first.",
        total,
    ).format(count=number(total))


def _read_at(value: object) -> dt.datetime:
    return as_moment(value)
