"""Everything about one guest, read in one session, returned as plain frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, text

from guestbook.domain.birthdays import Birthday, age_turning, next_occurrence
from guestbook.domain.calls import value_at_risk_cents
from guestbook.domain.channels import consent_columns, consent_of
from guestbook.domain.guest_form import GuestForm
from guestbook.domain.rewards import reward_state
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.services.guests.form import load_form
from guestbook.services.guests.history import GuestHistory, guest_history
from guestbook.services.summaries.visits import read_visit_summary, seat_share
from guestbook.settings import Settings
from guestbook.storage.sqlite.raw import as_moment


@dataclass(frozen=True)
class PhoneInfo:
    e164: str
    wrong: bool


@dataclass(frozen=True)
class VisitInfo:
    visited_on: dt.date
    party_size: int
    spend_cents: int | None  # the table's; None: not typed, unknown
    occasion: str
    share_cents: int | None = None  # this guest's part of it (summaries.visits.seat_share)
    site: str = ""  # the restaurant of the group it was at ('' without sites)


@dataclass(frozen=True)
class CallInfo:
    at: dt.datetime
    reason: str
    occasion_on: dt.date
    outcome: str
    note: str
    staff: str
    booked_for: dt.date | None = None  # the date a "booked" outcome set


@dataclass(frozen=True)
class RewardInfo:
    kind: str
    reason: str
    valid_from: dt.date
    valid_to: dt.date
    state: str  # owed, redeemed, expired, not_yet


@dataclass(frozen=True)
class GuestDetails:
    guest_id: int
    name: str
    phones: tuple[PhoneInfo, ...]
    emails: tuple[str, ...]
    birthday: Birthday | None
    next_birthday: dt.date | None
    turning: int | None
    partner_name: str | None
    partner_id: int | None
    address: str
    postcode: str
    notes: str
    preferences: str
    allergies: tuple[str, ...]
    consent: dict[str, bool | None]
    visit_count: int
    last_visit_on: dt.date | None
    spend_cents: int  # their shares of the tables whose spend is known
    spend_visits: int  # the visits whose spend is known
    # A regular's visits in a year at their own pace, in euros (product.md: value at risk).
    yearly_value_cents: int | None
    visits: tuple[VisitInfo, ...]
    calls: tuple[CallInfo, ...]
    rewards: tuple[RewardInfo, ...]
    sponsor: str | None
    referred: tuple[str, ...]
    booked_for: dt.date | None = None  # the next date a call booked, today or later
    home_site: str = ""  # where they came most, in a group of restaurants

    @property
    def rewards_owed(self) -> tuple[RewardInfo, ...]:
        return tuple(reward for reward in self.rewards if reward.state == "owed")


def _date(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _datetime(value: object) -> dt.datetime:
    """A stored moment, aware (SQLite's text is UTC): shown in the local time zone."""
    return as_moment(value)


def guest_details(
    connection: Connection, guest_id: int, today: dt.date, settings: Settings, *, recent: int = 20
) -> GuestDetails:
    read = _Reader(connection, guest_id)
    found = read.rows(
        "SELECT g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year, "
        "g.partner_id, p.first_name, p.last_name, g.partner_name, g.postcode, g.notes, "
        "g.preferences, g.visit_count, g.last_visit_on, g.spend_cents, g.address, "
        "g.late_from IS NOT NULL, g.visit_interval_days, "
        f"{consent_columns('g.')} "
        "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id "
        "WHERE g.id = :id AND g.erased_at IS NULL"
    )
    if not found:
        raise UserError(_("guest #{id} does not exist (erased or merged?)").format(id=guest_id))
    g = found[0]
    birthday = Birthday(int(g[2]), int(g[3]), g[4]) if g[2] is not None else None  # type: ignore[call-overload, arg-type]
    next_birthday = next_occurrence(birthday, today, settings.feb29) if birthday else None
    partner = display_name(str(g[6]), str(g[7] or "")) if g[6] is not None else (str(g[8]) or None)
    spent = read_visit_summary(connection, guest_id, settings)
    calls = read.calls(today, recent)
    return GuestDetails(
        guest_id=guest_id,
        name=display_name(str(g[0]), str(g[1])),
        phones=read.phones(),
        emails=read.emails(),
        birthday=birthday,
        next_birthday=next_birthday,
        turning=age_turning(birthday, next_birthday) if birthday and next_birthday else None,
        partner_name=partner,
        partner_id=g[5] if isinstance(g[5], int) else None,
        postcode=str(g[9]),
        notes=str(g[10]),
        preferences=str(g[11]),
        allergies=read.allergies(),
        address=str(g[15]),
        consent=consent_of(g[18:]),
        visit_count=int(g[12]),  # type: ignore[call-overload]
        last_visit_on=_date(g[13]),
        spend_cents=int(g[14]),  # type: ignore[call-overload]
        spend_visits=spent.spend_visits,
        yearly_value_cents=_yearly_value(g[16], spent.average_spend_cents, g[17]),
        visits=read.visits(today, recent),
        home_site=spent.home_site,
        calls=calls,
        rewards=read.rewards(today),
        sponsor=read.sponsor(),
        referred=read.referred(),
        booked_for=read.next_booking(today),
    )


def _yearly_value(regular: object, average: int | None, interval: object) -> int | None:
    """For a regular (late_from is kept only for them), a year of visits at their pace, at
    their average share of the visits whose spend is known."""
    if not regular or not isinstance(interval, int) or average is None:
        return None
    return value_at_risk_cents(average, interval)


class _Reader:
    """One guest's rows, a table at a time."""

    def __init__(self, connection: Connection, guest_id: int) -> None:
        self.connection, self.guest_id = connection, guest_id

    def rows(self, sql: str, **params: object) -> list[tuple[object, ...]]:
        bound = {"id": self.guest_id, **params}
        return [tuple(row) for row in self.connection.execute(text(sql), bound)]

    def phones(self) -> tuple[PhoneInfo, ...]:
        return tuple(
            PhoneInfo(str(e164), wrong is not None)
            for e164, wrong in self.rows(
                "SELECT e164, wrong_since FROM phone WHERE guest_id = :id ORDER BY position, id"
            )
        )

    def emails(self) -> tuple[str, ...]:
        return tuple(
            str(address)
            for (address,) in self.rows(
                "SELECT address FROM email WHERE guest_id = :id ORDER BY position, id"
            )
        )

    def allergies(self) -> tuple[str, ...]:
        return tuple(
            f"{allergen}{f' ({note})' if note else ''}"
            for allergen, note in self.rows(
                "SELECT allergen, note FROM allergy WHERE guest_id = :id"
            )
        )

    def visits(self, today: dt.date, recent: int) -> tuple[VisitInfo, ...]:
        found = []
        for on, size, spend, occasion, seat, site in self.rows(
            "SELECT v.visited_on, v.party_size, v.spend_cents, v.occasion, "
            "(SELECT count(*) FROM visit_guest x WHERE x.visit_id = v.id AND x.guest_id < :id), "
            "v.site "
            "FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id WHERE vg.guest_id = :id "
            "ORDER BY v.visited_on DESC, v.id DESC LIMIT :n",
            n=recent,
        ):
            party, cents = int(str(size)), None if spend is None else int(str(spend))
            share = seat_share(cents, party, int(str(seat)))
            found.append(
                VisitInfo(_date(on) or today, party, cents, str(occasion), share, str(site))
            )
        return tuple(found)

    def calls(self, today: dt.date, recent: int) -> tuple[CallInfo, ...]:
        return tuple(
            CallInfo(
                _datetime(at),
                str(reason),
                _date(on) or today,
                str(outcome),
                str(note),
                str(staff),
                _date(booked),
            )
            for at, reason, on, outcome, note, staff, booked in self.rows(
                "SELECT at, reason, occasion_on, outcome, note, staff, booked_for "
                "FROM call_attempt WHERE guest_id = :id ORDER BY at DESC, id DESC LIMIT :n",
                n=recent,
            )
        )

    def next_booking(self, today: dt.date) -> dt.date | None:
        """The next date a call booked (today or later): what the host expects at the door."""
        ((booked,),) = self.rows(
            "SELECT min(booked_for) FROM call_attempt WHERE guest_id = :id "
            "AND outcome = 'booked' AND booked_for >= :today",
            today=today.isoformat(),
        )
        return _date(booked)

    def rewards(self, today: dt.date) -> tuple[RewardInfo, ...]:
        found = []
        for kind, reason, start, end, redeemed in self.rows(
            "SELECT kind, reason, valid_from, valid_to, redeemed_visit_id FROM reward "
            "WHERE guest_id = :id ORDER BY valid_to DESC, id DESC"
        ):
            valid_from, valid_to = _date(start) or today, _date(end) or today
            state = reward_state(valid_from, valid_to, redeemed is not None, today)
            found.append(RewardInfo(str(kind), str(reason), valid_from, valid_to, state))
        return tuple(found)

    def sponsor(self) -> str | None:
        return next(
            (
                display_name(str(first), str(last))
                for first, last in self.rows(
                    "SELECT s.first_name, s.last_name FROM referral r "
                    "JOIN guest s ON s.id = r.sponsor_id WHERE r.referred_id = :id"
                )
            ),
            None,
        )

    def referred(self) -> tuple[str, ...]:
        return tuple(
            display_name(str(first), str(last))
            for first, last in self.rows(
                "SELECT f.first_name, f.last_name FROM referral r "
                "JOIN guest f ON f.id = r.referred_id WHERE r.sponsor_id = :id "
                "ORDER BY r.recorded_at"
            )
        )


@dataclass(frozen=True)
class Card:
    """What the guest card shows, and the form that edits it, read together."""

    details: GuestDetails
    history: GuestHistory
    form: GuestForm


def guest_card(services: Services, guest_id: int) -> Card:
    """Everything about one guest, in one read; UserError when they were merged or erased."""
    today, settings = services.clock.today(), services.settings

    def work(connection: Connection) -> Card:
        return Card(
            guest_details(connection, guest_id, today, settings),
            guest_history(connection, guest_id),
            load_form(connection, guest_id, settings.phone_region),
        )

    return services.read(work)
