"""Figures every section can show before its own tools exist: counts straight from indexes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from guestbook.storage.engine import SessionFactory


@dataclass(frozen=True)
class Overview:
    guests: int
    with_birthday: int
    with_phone: int
    callable: int  # a phone and consent to be called
    birthdays_this_month: int
    visits_last_30_days: int
    referrals: int
    rewards_owed: int


def overview(sessions: SessionFactory, today: dt.date) -> Overview:
    month_ago = today - dt.timedelta(days=30)
    with sessions() as session:
        connection = session.connection()

        def scalar(sql: str, **params: object) -> int:
            return int(connection.execute(text(sql), params).scalar_one())

        return Overview(
            guests=scalar("SELECT count(*) FROM guest WHERE erased_at IS NULL"),
            with_birthday=scalar("SELECT count(*) FROM guest WHERE birth_month IS NOT NULL"),
            with_phone=scalar("SELECT count(*) FROM guest WHERE primary_phone IS NOT NULL"),
            callable=scalar(
                "SELECT count(*) FROM guest WHERE primary_phone IS NOT NULL AND consent_call = 1"
            ),
            birthdays_this_month=scalar(
                "SELECT count(*) FROM guest WHERE birth_month = :month", month=today.month
            ),
            visits_last_30_days=scalar(
                "SELECT count(*) FROM visit WHERE visited_on > :since AND visited_on <= :today",
                since=month_ago.isoformat(),
                today=today.isoformat(),
            ),
            referrals=scalar("SELECT count(*) FROM referral"),
            rewards_owed=scalar(
                "SELECT count(*) FROM reward WHERE redeemed_visit_id IS NULL "
                "AND valid_from <= :today AND valid_to >= :today",
                today=today.isoformat(),
            ),
        )
