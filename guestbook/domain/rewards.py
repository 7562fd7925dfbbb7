"""Rewards the restaurant owes a guest, and the dates between which they can be redeemed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

# dateutil 4 ships no type information; `unused-ignore` keeps mypy quiet once stubs are added.
from dateutil.relativedelta import relativedelta  # type: ignore[import-untyped, unused-ignore]

from guestbook.i18n import _, date_text

RewardState = Literal["owed", "redeemed", "expired", "not_yet"]


@dataclass(frozen=True)
class RewardKind:
    """A kind of reward and its validity around the day it is for (the setting `rewards`)."""

    label: str
    days_before: int = 0
    days_after: int = 0
    months_after: int = 0


@dataclass(frozen=True)
class RewardWindow:
    valid_from: date  # inclusive
    valid_to: date  # inclusive


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day."""
    shifted: date = day + relativedelta(months=months)
    return shifted


def reward_window(anchor: date, kind: RewardKind) -> RewardWindow:
    """From `days_before` the anchor to `months_after` (then `days_after`) it, inclusive."""
    return _window(anchor, kind)


def _window(anchor: date, kind: RewardKind) -> RewardWindow:
    valid_from = anchor - timedelta(days=kind.days_before)
    valid_to = add_months(anchor, kind.months_after) + timedelta(days=kind.days_after)
    return RewardWindow(valid_from, valid_to)


def birthday_reward_window(occurrence: date, kind: RewardKind) -> RewardWindow:
    """Around the birthday being celebrated (by default 7 days before to 30 days after)."""
    return _window(occurrence, kind)


def sponsor_reward_window(issued_on: date, kind: RewardKind) -> RewardWindow:
    """From the day it is earned (by default for 6 months)."""
    return _window(issued_on, kind)


# A reward's reason is written into the database in the language spoken when it is issued: the
# words the guest heard. The app, checkout and the demo write them through these.


def birthday_reward_reason(occasion_on: date) -> str:
    """'Birthday 29 Nov 2026' ('Anniversaire 29 nov. 2026')."""
    return _("Birthday {day}").format(day=date_text(occasion_on, "day_month_year"))


def sponsor_reward_reason(first_name: str, last_name: str) -> str:
    """'Brought Léa Martin'; 'Brought a friend' when the friend's names are unknown."""
    name = f"{first_name} {last_name}"
    if not name.strip():
        return _("Brought a friend")
    return _("Brought {name}").format(name=name).strip()


def reward_state(valid_from: date, valid_to: date, redeemed: bool, today: date) -> RewardState:
    """Redeemed wins over dates: a redeemed reward is history, never owed or expired."""
    if redeemed:
        return "redeemed"
    if today < valid_from:
        return "not_yet"
    return "expired" if today > valid_to else "owed"
