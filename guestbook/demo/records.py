"""Demo data: what a chunk's story is made of, in memory until rows.py writes it: the guests,
the tables they sat at, who brought whom, the calls made and the rewards issued."""

from __future__ import annotations

from dataclasses import dataclass, field

from guestbook.demo.people import Person

DAY = 86_400  # a timestamp here is `date.toordinal() * DAY + seconds`, UTC


@dataclass(slots=True, eq=False)
class Table:
    """A visit: a table at a date, with the known guests in the order they were seated."""

    day: int
    stamp: int
    party: int
    members: list[Guest]
    occasion: str = ""
    note: str = ""
    id: int = 0
    site: str = ""  # where it was, in a group's demo (demo.sites); '' otherwise


@dataclass(slots=True, eq=False)
class Guest:
    person: Person
    imported: bool
    partner: Guest | None = None
    partner_name: str = ""
    # Per channel (CHANNELS order), as 1/0/None: as first given, and as it ends up once the
    # few withdrawals are made (withdrawn: given, then 0).
    consent: tuple[int | None, ...] = ()
    final_consent: tuple[int | None, ...] = ()
    tables: dict[int, Table] = field(default_factory=dict)  # by day
    first_day: int = 0  # 0 until the first visit is known
    # (last visit, first late day, lapse still on the agenda) for lapsed regulars
    lapse: tuple[int, int, bool] | None = None
    wrong_phone_at: int | None = None
    spend: int = 0  # this guest's share of the tables they sat at
    created: int = 0
    updated: int = 0
    id: int = 0
    home_site: str = ""  # where they came most, in a group's demo (demo.sites)

    @property
    def may_call(self) -> bool:
        """Has a phone and, finally, consent to be called: the agenda's condition."""
        return self.final_consent[0] == 1 and bool(self.person.phones)


@dataclass(slots=True, eq=False)
class Referral:
    sponsor: Guest
    referred: Guest
    stamp: int
    first_day: int
    id: int = 0


@dataclass(slots=True, eq=False)
class Attempt:
    guest: Guest
    reason: str
    occasion_day: int
    stamp: int
    outcome: str
    note: str
    referral: Referral | None = None
    booked_for: int | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class Reward:
    guest: Guest
    kind: str
    reason: str
    valid_from: int
    valid_to: int
    created: int
    attempt: Attempt | None = None
    referral: Referral | None = None
    visit: Table | None = None
    id: int = 0
