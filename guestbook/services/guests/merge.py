"""Merging two entries of the same person: nothing about either is lost.

`merge_guests(keep, drop)` moves every phone, email, visit, call, referral, reward, consent
event, allergy and import record of `drop` onto `keep`, then deletes `drop`. It follows the
plan of guests.merge_plan, whose `merge_preview` the confirmation shows beforehand.

Where the two disagree, `keep` wins and the preview says what of `drop` is set aside: a second
sponsor (one sponsor per guest), a referral between the two (nobody refers themselves), a
different birthday. On consent, a withdrawal on either side wins.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, bindparam, text
from sqlmodel import Session, col, select

from guestbook.domain.channels import CHANNELS
from guestbook.i18n import N_, _
from guestbook.services.context import Services
from guestbook.services.guests.consent import add_consent_event
from guestbook.services.guests.merge_plan import MergePreview, Plan, make_plan, new_allergies
from guestbook.services.summaries.referrals import settle_referral
from guestbook.services.summaries.refresh import refresh_in_session
from guestbook.services.summaries.visits import refresh_visits
from guestbook.settings import Settings
from guestbook.storage.tables import ConsentEvent

MERGE_SOURCE = "merge"
# Recorded in the language spoken at the time (translated when written).
WITHDRAWAL_WORDING = N_(
    "Withdrawn when two entries of this guest were merged: one of them had withdrawn consent."
)

__all__ = ["MergePreview", "merge_guests"]


def merge_guests(services: Services, keep_id: int, drop_id: int) -> MergePreview:
    """Merge `drop` into `keep` in one transaction; returns what was done."""
    now, settings, staff = services.clock.now(), services.settings, services.staff
    return services.write(
        lambda session: merge_into(
            session, keep_id, drop_id, now=now, settings=settings, staff=staff
        )
    )


def merge_into(
    session: Session,
    keep_id: int,
    drop_id: int,
    *,
    now: dt.datetime,
    settings: Settings,
    staff: str = "",
) -> MergePreview:
    """Merge `drop` into `keep` in the caller's transaction; returns what was done."""
    connection = session.connection()
    plan = make_plan(connection, keep_id, drop_id)
    move = _Mover(connection, keep_id, drop_id)
    # Referrals first: a moved row must never meet the unique referred_id or the not-self check.
    for referral_id in plan.referrals_dropped:
        move.run("DELETE FROM referral WHERE id = :id", id=referral_id)
    move.run("UPDATE referral SET referred_id = :keep WHERE referred_id = :drop")
    move.run("UPDATE referral SET sponsor_id = :keep WHERE sponsor_id = :drop")
    at_shared = move.visits()
    for table in ("call_attempt", "reward", "consent_event", "import_change", "feedback"):
        move.run(f"UPDATE {table} SET guest_id = :keep WHERE guest_id = :drop")
    # A message written to both keeps the kept guest's delivery (one per message and guest).
    move.run(
        "UPDATE message_delivery SET guest_id = :keep WHERE guest_id = :drop AND message_id "
        "NOT IN (SELECT message_id FROM message_delivery WHERE guest_id = :keep)"
    )
    move.run("DELETE FROM message_delivery WHERE guest_id = :drop")
    move.contacts()
    move.allergies(new_allergies(connection, keep_id, drop_id))
    _move_possible_duplicates(connection, keep_id, drop_id)
    move.run("UPDATE guest SET partner_id = :keep WHERE partner_id = :drop AND id <> :keep")
    move.run("UPDATE guest SET partner_id = NULL WHERE id = :keep AND partner_id = :drop")
    # The guest is known since the older card was made, whichever is kept (a merge into the
    # card made today said "recorded today" of a guest known for a year).
    move.run(
        "UPDATE guest SET created_at = (SELECT min(created_at) FROM guest"
        " WHERE id IN (:keep, :drop)) WHERE id = :keep"
    )
    move.run("DELETE FROM guest WHERE id = :drop")
    if plan.fields:
        assignments = ", ".join(f"{column} = :{column}" for column in plan.fields)
        move.run(f"UPDATE guest SET {assignments}, updated_at = :now WHERE id = :keep",
                 now=now, **plan.fields)  # fmt: skip
    else:
        move.run("UPDATE guest SET updated_at = :now WHERE id = :keep", now=now)
    _withdraw_where_either_withdrew(session, plan, now=now, staff=staff)
    refresh_in_session(session, keep_id, settings)
    for guest_id in at_shared:
        refresh_visits(connection, guest_id, settings)
    settle_referral(session, keep_id, now=now, settings=settings)
    assert plan.preview is not None
    return plan.preview


class _Mover:
    """Statements that move drop's rows onto keep."""

    def __init__(self, connection: Connection, keep_id: int, drop_id: int) -> None:
        self.connection = connection
        self.ids = {"keep": keep_id, "drop": drop_id}

    def run(self, sql: str, **params: object) -> None:
        self.connection.execute(text(sql), {**self.ids, **params})

    def visits(self) -> list[int]:
        """Move drop's seats; a table both sat at keeps one seat for the merged guest. The
        other guests at drop's tables may change rank among the known guests there (who takes
        a remainder cent: summaries.visits.seat_share): returns them, for a new share."""
        at_shared = [
            int(g)
            for (g,) in self.connection.execute(
                text(
                    "SELECT DISTINCT guest_id FROM visit_guest WHERE guest_id NOT IN (:keep, :drop) "
                    "AND visit_id IN (SELECT visit_id FROM visit_guest WHERE guest_id = :drop)"
                ),
                self.ids,
            )
        ]
        self.run(
            "DELETE FROM visit_guest WHERE guest_id = :drop "
            "AND visit_id IN (SELECT visit_id FROM visit_guest WHERE guest_id = :keep)"
        )
        self.run("UPDATE visit_guest SET guest_id = :keep WHERE guest_id = :drop")
        return at_shared

    def contacts(self) -> None:
        for table, column in (("phone", "e164"), ("email", "address")):
            self.run(
                f"DELETE FROM {table} WHERE guest_id = :drop "
                f"AND {column} IN (SELECT {column} FROM {table} WHERE guest_id = :keep)"
            )
            # After keep's own numbers and addresses, in drop's order.
            self.run(
                f"UPDATE {table} SET guest_id = :keep, position = position + 1 + "
                f"(SELECT coalesce(max(position), -1) FROM {table} WHERE guest_id = :keep) "
                "WHERE guest_id = :drop"
            )

    def allergies(self, kept: list[int]) -> None:
        """Drop's allergies that keep does not have already move; the others go."""
        self.connection.execute(
            text("DELETE FROM allergy WHERE guest_id = :drop AND id NOT IN :kept").bindparams(
                bindparam("kept", expanding=True)
            ),
            {"drop": self.ids["drop"], "kept": kept},
        )
        self.run("UPDATE allergy SET guest_id = :keep WHERE guest_id = :drop")


def _move_possible_duplicates(connection: Connection, keep_id: int, drop_id: int) -> None:
    """Pairs of drop with a third guest become pairs of keep (once); the pair of the two
    merged entries is resolved by the merge itself and goes with drop."""
    rows = connection.execute(
        text(
            "SELECT id, guest_a_id, guest_b_id FROM possible_duplicate "
            "WHERE :drop IN (guest_a_id, guest_b_id) AND :keep NOT IN (guest_a_id, guest_b_id)"
        ),
        {"keep": keep_id, "drop": drop_id},
    ).all()
    for row_id, a, b in rows:
        other = b if a == drop_id else a
        low, high = sorted((keep_id, int(other)))
        taken = connection.execute(
            text("SELECT 1 FROM possible_duplicate WHERE guest_a_id = :a AND guest_b_id = :b"),
            {"a": low, "b": high},
        ).first()
        sql = (
            "DELETE FROM possible_duplicate WHERE id = :id"
            if taken
            else "UPDATE possible_duplicate SET guest_a_id = :a, guest_b_id = :b WHERE id = :id"
        )
        connection.execute(text(sql), {"id": row_id, "a": low, "b": high})


def _withdraw_where_either_withdrew(
    session: Session, plan: Plan, *, now: dt.datetime, staff: str
) -> None:
    """On consent, a withdrawal on either side wins: where the merged events' latest says
    otherwise, the withdrawal that wins is recorded, so the latest event says what is true."""
    keep_id = plan.keep.guest_id
    events = session.exec(
        select(ConsentEvent)
        .where(ConsentEvent.guest_id == keep_id)
        .order_by(col(ConsentEvent.at).desc(), col(ConsentEvent.id).desc())
    ).all()
    latest: dict[str, bool] = {}
    for event in events:
        latest.setdefault(event.channel, event.granted)
    # Recorded now, or at the latest event's moment if that is later: it must sort last.
    # (SQLite gives stored UTC timestamps back without their zone.)
    at = max([now, *(event.at.replace(tzinfo=dt.UTC) for event in events[:1])])
    for channel in CHANNELS:
        withdrawn = False in (plan.keep.consent[channel], plan.drop.consent[channel])
        if withdrawn and latest.get(channel) is True:
            add_consent_event(
                session,
                keep_id,
                channel,
                False,
                now=at,
                staff=staff,
                source=MERGE_SOURCE,
                wording=_(WITHDRAWAL_WORDING),
            )
