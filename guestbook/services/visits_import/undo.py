"""Taking back the last visits import: its visits go (with their seats and their links to the
import), the visit summaries of the guests seated at them are recomputed, and the referrals
those visits settled are as they were, their sponsor rewards withdrawn (a referred guest who
came again since, at checkout, settles theirs anew).

Refused when that would lose later work: feedback given on one of its visits, or a sponsor
reward it issued that was redeemed, or a thank-you call logged for a referral it settled.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.services.rights import audit
from guestbook.services.visits_import import store
from guestbook.services.visits_import.result import VisitsImportInfo, VisitsUndoResult
from guestbook.storage.sqlite import visits_import as sql
from guestbook.storage.sqlite.raw import stamp

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlmodel import Session


def last_visits_import(services: Services) -> VisitsImportInfo | None:
    """The visits import undo_last_visits_import would take back, or None."""
    return services.read(_last)


def _last(connection: Connection) -> VisitsImportInfo | None:
    row = sql.last_batch(connection)
    if row is None:
        return None
    batch_id, file_name, at, tickets, recorded, already, rejected, _undo = row
    return VisitsImportInfo(batch_id, file_name, str(at), tickets, recorded, already, rejected)


def undo_last_visits_import(services: Services) -> VisitsUndoResult:
    """Undo the most recent visits import not undone yet, in one transaction; UserError if
    there is none, or if undoing it would lose later work."""
    now = services.clock.now()

    def work(session: Session) -> VisitsUndoResult:
        connection = session.connection()
        row = sql.last_batch(connection)
        if row is None:
            raise UserError(_("there is no visits import to undo"))
        batch_id, file_name, settled_json = row[0], str(row[1]), str(row[7] or "")
        settled: list[dict[str, Any]] = json.loads(settled_json) if settled_json else []
        visit_ids = sql.batch_visits(connection, batch_id)
        _refuse_if_used(connection, visit_ids, settled)
        seated = sql.seated_at(connection, visit_ids)
        sql.delete_rewards(connection, [entry["reward"] for entry in settled])
        sql.unsettle_referrals(
            connection, [(entry["referral"], entry["first_visit_on"]) for entry in settled]
        )
        sql.delete_visits(connection, batch_id, visit_ids)
        store.refresh_summaries(connection, seated, services.settings)
        store.settle_referrals(
            session,
            [entry["referred"] for entry in settled],
            now=now,
            settings=services.settings,
        )
        sql.mark_undone(connection, batch_id, stamp(now))
        # In the audit with the undo, in its transaction: the guests whose visits went.
        audit.record(
            connection,
            "visits_import_undo",
            at=now,
            staff=services.staff,
            guests=len(seated),
            detail=file_name,
        )
        return VisitsUndoResult(batch_id, file_name, len(visit_ids), len(seated), len(settled))

    return services.write(work)


def _refuse_if_used(
    connection: Connection, visit_ids: list[int], settled: list[dict[str, Any]]
) -> None:
    rewards = [int(entry["reward"]) for entry in settled]
    referrals = [int(entry["referral"]) for entry in settled]
    used = (
        sql.count_in(connection, "feedback", "visit_id", visit_ids)
        + sql.count_in(connection, "reward", "redeemed_visit_id", visit_ids)
        + sql.count_in(connection, "reward", "id", rewards, also="redeemed_visit_id IS NOT NULL")
        + sql.count_in(connection, "call_attempt", "referral_id", referrals)
    )
    if used:
        raise UserError(
            _(
                "this import's visits were used since (feedback given on one, a sponsor reward "
                "they earned redeemed or its thank-you call logged): undoing it would lose that"
            )
        )
