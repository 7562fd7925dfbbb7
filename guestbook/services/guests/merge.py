"""Merging two entries of the same person: nothing about either is lost.

`merge_guests(keep, drop)` moves every phone, email, visit, call, referral, reward, consent
event, allergy and import record of `drop` onto `keep`, then deletes `drop`. It follows the
plan of services/merge_plan, whose `merge_preview` the confirmation shows beforehand.

Where the two disagree, `keep` wins and the preview says what of `drop` is set aside: a second
sponsor (one sponsor per guest), a referral between the two (nobody refers themselves), a
different birthday. On consent, a withdrawal on either side wins.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, text
from sqlmodel import Session

from guestbook.domain.text import fold, name_key
from guestbook.services.guests.create import write_tokens
from guestbook.services.guests.edit import ValidGuest, load_form, save_guest, validate_form
from guestbook.services.guests.merge_plan import MergePreview, Plan, make_plan, new_allergies
from guestbook.services.visits.record import refresh_visit_summary, settle_referral
from guestbook.settings import CHANNELS, Settings

MERGE_SOURCE = "merge"
WITHDRAWAL_WORDING = (
    "Withdrawn when two entries of this guest were merged: one of them had withdrawn consent."
)

__all__ = ["MergePreview", "add_to_guest", "merge_guests"]


def merge_guests(
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
    ids = {"keep": keep_id, "drop": drop_id}

    def run(sql: str, **params: object) -> None:
        connection.execute(text(sql), {**ids, **params})

    # Referrals first: a moved row must never meet the unique referred_id or the not-self check.
    for referral_id in plan.referrals_dropped:
        run("DELETE FROM referral WHERE id = :id", id=referral_id)
    run("UPDATE referral SET referred_id = :keep WHERE referred_id = :drop")
    run("UPDATE referral SET sponsor_id = :keep WHERE sponsor_id = :drop")
    # A table both sat at keeps one row for the merged guest; the others' shares change too.
    at_shared = [
        int(g)
        for (g,) in connection.execute(
            text(
                "SELECT DISTINCT guest_id FROM visit_guest WHERE guest_id NOT IN (:keep, :drop) "
                "AND visit_id IN (SELECT visit_id FROM visit_guest WHERE guest_id = :drop "
                "INTERSECT SELECT visit_id FROM visit_guest WHERE guest_id = :keep)"
            ),
            ids,
        )
    ]
    run(
        "DELETE FROM visit_guest WHERE guest_id = :drop "
        "AND visit_id IN (SELECT visit_id FROM visit_guest WHERE guest_id = :keep)"
    )
    for table in ("visit_guest", "call_attempt", "reward", "consent_event", "import_change"):
        run(f"UPDATE {table} SET guest_id = :keep WHERE guest_id = :drop")
    for table, column in (("phone", "e164"), ("email", "address")):
        run(
            f"DELETE FROM {table} WHERE guest_id = :drop "
            f"AND {column} IN (SELECT {column} FROM {table} WHERE guest_id = :keep)"
        )
        # After keep's own numbers and addresses, in drop's order.
        run(
            f"UPDATE {table} SET guest_id = :keep, position = position + 1 + "
            f"(SELECT coalesce(max(position), -1) FROM {table} WHERE guest_id = :keep) "
            "WHERE guest_id = :drop"
        )
    kept_allergies = new_allergies(connection, keep_id, drop_id)
    run(
        "DELETE FROM allergy WHERE guest_id = :drop AND id NOT IN (SELECT value FROM json_each(:kept))",
        kept="[" + ",".join(map(str, kept_allergies)) + "]",
    )
    run("UPDATE allergy SET guest_id = :keep WHERE guest_id = :drop")
    _move_possible_duplicates(connection, keep_id, drop_id)
    run("UPDATE guest SET partner_id = :keep WHERE partner_id = :drop AND id <> :keep")
    run("UPDATE guest SET partner_id = NULL WHERE id = :keep AND partner_id = :drop")
    run("DELETE FROM guest WHERE id = :drop")
    if plan.fields:
        assignments = ", ".join(f"{column} = :{column}" for column in plan.fields)
        run(f"UPDATE guest SET {assignments} WHERE id = :keep", **plan.fields)
    _refresh_keep(session, plan, now=now, staff=staff, settings=settings)
    for guest_id in at_shared:
        refresh_visit_summary(connection, guest_id, settings)
    assert plan.preview is not None
    return plan.preview


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


def _refresh_keep(
    session: Session, plan: Plan, *, now: dt.datetime, staff: str, settings: Settings
) -> None:
    """Summary columns and search tokens of keep, from what it holds now."""
    connection = session.connection()
    keep, drop = plan.keep, plan.drop
    keep_id = keep.guest_id
    first = str(plan.fields.get("first_name", keep.first_name))
    last = str(plan.fields.get("last_name", keep.last_name))
    write_tokens(session, keep_id, first, last)
    latest: dict[str, bool] = {}
    for channel, granted in connection.execute(
        text(
            "SELECT channel, granted FROM consent_event WHERE guest_id = :id "
            "ORDER BY at DESC, id DESC"
        ),
        {"id": keep_id},
    ):
        latest.setdefault(str(channel), bool(granted))
    consent: dict[str, bool | None] = {}
    for channel in CHANNELS:
        withdrawn = False in (keep.consent[channel], drop.consent[channel])
        if withdrawn and latest.get(channel) is True:
            # The latest event must say what is true: record the withdrawal that wins.
            connection.execute(
                text(
                    "INSERT INTO consent_event (guest_id, channel, granted, at, staff, source, "
                    "wording) VALUES (:id, :channel, 0, :at, :staff, :source, :wording)"
                ),
                {
                    "id": keep_id,
                    "channel": channel,
                    "at": now,
                    "staff": staff,
                    "source": MERGE_SOURCE,
                    "wording": WITHDRAWAL_WORDING,
                },
            )
        consent[channel] = False if withdrawn else latest.get(channel)
    connection.execute(
        text(
            "UPDATE guest SET name_key = :key, updated_at = :now, "
            "consent_call = :call, consent_sms = :sms, consent_email = :email, "
            "consent_post = :post, "
            "primary_phone = (SELECT e164 FROM phone WHERE guest_id = :id "
            "ORDER BY position, id LIMIT 1), "
            "primary_email = (SELECT address FROM email WHERE guest_id = :id "
            "ORDER BY position, id LIMIT 1) "
            "WHERE id = :id"
        ),
        {"id": keep_id, "key": name_key(first, last), "now": now, **consent},
    )
    refresh_visit_summary(connection, keep_id, settings)
    session.expire_all()  # the ORM must not keep a stale copy of either guest
    settle_referral(session, keep_id, now=now, settings=settings)


# --- A new entry that turns out to be an existing guest ------------------------------------------


def add_to_guest(
    session: Session,
    guest_id: int,
    entered: ValidGuest,
    *,
    today: dt.date,
    now: dt.datetime,
    settings: Settings,
    staff: str,
) -> int:
    """Merge a form's values into an existing guest instead of creating a second one.

    product.md: existing values win, new phones and emails are added, notes are appended,
    empty fields are filled. Consent the guest just gave or withdrew is recorded.
    """
    current = validate_form(
        load_form(session.connection(), guest_id, settings.phone_region),
        today=today,
        region=settings.phone_region,
    )
    notes = current.notes
    if entered.notes and fold(entered.notes) not in fold(notes):
        notes = f"{notes}\n{entered.notes}".strip()
    preferences = current.preferences
    if entered.preferences and fold(entered.preferences) not in fold(preferences):
        preferences = f"{preferences}\n{entered.preferences}".strip()
    allergies = {fold(a): (a, n) for a, n in (*entered.allergies, *current.allergies)}
    has_partner = current.partner_id is not None or bool(current.partner_name)
    merged = ValidGuest(
        first_name=current.first_name or entered.first_name,
        last_name=current.last_name or entered.last_name,
        phones=tuple(dict.fromkeys((*current.phones, *entered.phones))),
        emails=tuple(dict.fromkeys((*current.emails, *entered.emails))),
        birthday=current.birthday or entered.birthday,
        partner_id=current.partner_id if has_partner else entered.partner_id,
        partner_name=current.partner_name if has_partner else entered.partner_name,
        postcode=current.postcode or entered.postcode,
        notes=notes,
        preferences=preferences,
        allergies=tuple(allergies.values()),
        consent=entered.consent,
    )
    return save_guest(
        session, merged, guest_id=guest_id, now=now, settings=settings, staff=staff
    ).guest_id
