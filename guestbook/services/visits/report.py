"""Who brought whom: the referral ledger and the ambassadors, as plain rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.rewards import reward_state
from guestbook.domain.text import display_name
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.storage.sqlite.raw import as_date

LEDGER_LIMIT = 500
AMBASSADORS_LIMIT = 100


@dataclass(frozen=True)
class LedgerRow:
    referral_id: int
    sponsor_id: int
    sponsor: str
    referred_id: int
    referred: str
    recorded_on: dt.date
    first_visit_on: dt.date | None
    visits: int  # the referred guest's visits so far
    spend_cents: int  # the referred guest's share of their tables
    # owed, redeemed, expired, not_yet, "none yet" before the first visit, or "void": the
    # sponsor was erased, so nobody can redeem it (storage.sqlite.rewards.lapse_owed)
    reward_state: str
    sponsor_erased: bool = False  # no card to open: nothing personal is left


_LEDGER_SQL = """
SELECT r.id, s.id, s.first_name, s.last_name, f.id, f.first_name, f.last_name, r.recorded_at,
       r.first_visit_on, f.visit_count, f.spend_cents,
       w.valid_from, w.valid_to, w.redeemed_visit_id, s.erased_at IS NOT NULL,
       f.erased_at IS NOT NULL
FROM referral r
JOIN guest s ON s.id = r.sponsor_id
JOIN guest f ON f.id = r.referred_id
LEFT JOIN reward w ON w.issued_by_referral_id = r.id
ORDER BY r.recorded_at DESC, r.id DESC
LIMIT :limit
"""


def ledger(connection: Connection, today: dt.date, *, limit: int = LEDGER_LIMIT) -> list[LedgerRow]:
    rows = connection.execute(text(_LEDGER_SQL), {"limit": limit}).all()
    result = []
    for row in rows:
        valid_from, valid_to = as_date(row[11]), as_date(row[12])
        sponsor_erased, referred_erased = bool(row[14]), bool(row[15])
        if valid_from is None or valid_to is None:
            state = "none yet"
        elif sponsor_erased and row[13] is None:
            state = "void"
        else:
            state = reward_state(valid_from, valid_to, row[13] is not None, today)
        result.append(
            LedgerRow(
                referral_id=int(row[0]),
                sponsor_id=int(row[1]),
                sponsor=_name(row[2], row[3], erased=sponsor_erased),
                referred_id=int(row[4]),
                referred=_name(row[5], row[6], erased=referred_erased),
                recorded_on=dt.date.fromisoformat(str(row[7])[:10]),
                first_visit_on=as_date(row[8]),
                visits=int(row[9]),
                spend_cents=int(row[10]),
                reward_state=state,
                sponsor_erased=sponsor_erased,
            )
        )
    return result


def _name(first: str, last: str, *, erased: bool) -> str:
    """An erased guest as the reports name them (their referrals still count)."""
    return _("(erased)") if erased else display_name(first, last)


@dataclass(frozen=True)
class ReferralTotals:
    """The whole house, not only the rows listed (the ledger lists the latest LEDGER_LIMIT)."""

    referrals: int
    came: int  # referred guests who have come at least once
    sponsor_rewards_owed: int  # sponsor rewards that can be used today (never an erased guest's)


# Each count walks one index: referrals and first visits their own, the sponsor rewards the
# open rewards still valid today (ix_reward_open). None is an erased guest's: an erasure
# lapses what the guest was owed (storage.sqlite.rewards.lapse_owed; migration 0013 for the
# guests erased before).
_TOTALS_SQL = """
SELECT (SELECT count(*) FROM referral),
       (SELECT count(*) FROM referral WHERE first_visit_on IS NOT NULL),
       (SELECT count(*) FROM reward WHERE redeemed_visit_id IS NULL AND valid_to >= :today
          AND valid_from <= :today AND issued_by_referral_id IS NOT NULL)
"""


def referral_totals(connection: Connection, today: dt.date) -> ReferralTotals:
    referrals, came, owed = connection.execute(
        text(_TOTALS_SQL), {"today": today.isoformat()}
    ).one()
    return ReferralTotals(int(referrals), int(came), int(owed))


@dataclass(frozen=True)
class Ambassador:
    guest_id: int
    name: str
    referred_who_came: int
    referred_total: int
    spend_cents: int  # what the guests they brought have spent (their shares)
    second_level: int  # guests brought in turn by the guests they brought


# An erased sponsor is no ambassador: there is nobody left to thank. The guests they brought
# still count in the totals (ReferralTotals), anonymised, as every erased guest's figures do.
_AMBASSADORS_SQL = """
SELECT s.id, s.first_name, s.last_name,
       count(r.first_visit_on) AS came,
       count(*) AS total,
       coalesce(sum(f.spend_cents), 0) AS spend,
       (SELECT count(*) FROM referral r1 JOIN referral r2 ON r2.sponsor_id = r1.referred_id
        WHERE r1.sponsor_id = s.id) AS second
FROM referral r
JOIN guest s ON s.id = r.sponsor_id
JOIN guest f ON f.id = r.referred_id
WHERE s.erased_at IS NULL
GROUP BY s.id
ORDER BY came DESC, spend DESC, s.name_key, s.id
LIMIT :limit
"""


def ambassadors(connection: Connection, *, limit: int = AMBASSADORS_LIMIT) -> list[Ambassador]:
    rows = connection.execute(text(_AMBASSADORS_SQL), {"limit": limit}).all()
    return [
        Ambassador(
            guest_id=int(row[0]),
            name=display_name(row[1], row[2]),
            referred_who_came=int(row[3]),
            referred_total=int(row[4]),
            spend_cents=int(row[5]),
            second_level=int(row[6]),
        )
        for row in rows
    ]


@dataclass(frozen=True)
class ReferralOverview:
    ledger: list[LedgerRow]
    ambassadors: list[Ambassador]
    totals: ReferralTotals


def referral_overview(services: Services) -> ReferralOverview:
    """The Referrals section: the latest referrals, the best ambassadors, the whole house's
    totals, read together."""
    today = services.clock.today()

    def work(connection: Connection) -> ReferralOverview:
        return ReferralOverview(
            ledger(connection, today), ambassadors(connection), referral_totals(connection, today)
        )

    return services.read(work)
