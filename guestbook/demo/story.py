"""Demo data: the story of a chunk of guests. Who they are (couples, imported ones,
partners), then, told by the modules beside this one, their visits over two years (visits),
who brought whom (referrals), the birthday, thank-you and "we miss you" calls and their
outcomes, the rewards (calls); then every item numbered.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day, size and language tell the same story (the language changes the words staff typed,
never a draw). rows.py turns it into table rows."""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Protocol

from guestbook.demo.calls import birthday_calls, winback_calls
from guestbook.demo.people import Person, PersonMaker
from guestbook.demo.pools import draw_pools
from guestbook.demo.records import DAY, Attempt, Guest, Referral, Reward, Table
from guestbook.demo.referrals import refer
from guestbook.demo.texts import Texts
from guestbook.demo.visits import plan_visits
from guestbook.demo.words import words_in
from guestbook.domain.birthdays import observed_on
from guestbook.domain.calls import late_after_days
from guestbook.domain.rewards import birthday_reward_reason, reward_window, sponsor_reward_reason
from guestbook.i18n import Language
from guestbook.settings import CHANNELS, Settings

IMPORT_AGE_DAYS = 760  # the old system's file was imported before the visits we generate

COUPLE_START = 0.081  # ~15 % of guests are in a couple with another guest
PARTNER_NAME_SHARE = 0.23  # of the others: ~20 % of all guests know only a partner's name
IMPORTED_SHARE = 0.15


@dataclass(frozen=True)
class Plan:
    today: dt.date
    settings: Settings
    seed: int
    guests: int
    next_ids: dict[str, int]
    # Decided by the caller: the data depends on where chunks start (couples and referrals
    # stay within one), so a worker process must not recompute it from its own constants.
    chunk_sizes: tuple[int, ...]
    # The language guestbook speaks (i18n.language()): what staff typed, the wordings and
    # rewards' reasons are written in it. A worker process speaks it too (worker.serve_chunks).
    language: Language
    # A group's sites (demo.sites), checked by the caller; () for a restaurant on its own.
    sites: tuple[str, ...] = ()


class _Numbered(Protocol):
    id: int


def _number(items: Sequence[_Numbered], first: int) -> int:
    """Give `items` consecutive ids from `first`; returns the next free id."""
    for offset, item in enumerate(items):
        item.id = first + offset
    return first + len(items)


class History:
    """Generates chunk after chunk; keeps what must stay unique or numbered across chunks."""

    def __init__(self, plan: Plan) -> None:
        self.rng = random.Random(plan.seed)
        self.rand = self.rng.random
        self.settings = plan.settings
        self.sites = plan.sites
        self.today = plan.today.toordinal()
        self.words = words_in(plan.language)
        self.people = PersonMaker(self.rng, draw_pools(plan.seed), plan.today, self.words)
        self.next_ids = dict(plan.next_ids)
        # Everything generated lies between the old file's import and the sponsor rewards' end
        # of validity.
        self.texts = Texts(self.today - IMPORT_AGE_DAYS - 1, self.today + 400)
        self.import_stamp = (self.today - IMPORT_AGE_DAYS) * DAY + 9 * 3600 + 17 * 60
        # What the guests heard, in the language spoken (Settings.wording).
        self.wordings = [plan.settings.wording(channel) for channel in CHANNELS]
        self._birthday_reasons: dict[int, str] = {}
        self._late_after: dict[int, int] = {}
        self.valentines = {
            dt.date(year, 2, 14).toordinal()
            for year in range(plan.today.year - 3, plan.today.year + 1)
        }

    def chunk(self, size: int, *, force_feb29: bool) -> Chunk:
        """The next `size` guests and their history, numbered (release() it once written)."""
        chunk = Chunk(self, size)
        chunk.build(force_feb29=force_feb29)
        return chunk

    def observed(self, year: int, month: int, day: int) -> int:
        """The birthday's date in `year` (domain.birthdays: 29 February, the `feb29` setting)."""
        return observed_on(month, day, year, self.settings.feb29).toordinal()

    def late_after(self, interval: int) -> int:
        """Days after the last visit from which a regular with this interval is late."""
        days = self._late_after.get(interval)
        if days is None:
            settings = self.settings
            days = late_after_days(interval, settings.lapse_factor, settings.lapse_min_days)
            self._late_after[interval] = days
        return days

    def birthday_reason(self, occurrence: int) -> str:
        """The reason of a birthday reward for the birthday on `occurrence` (as the app writes
        it: domain.rewards), made once per day: dates are written by Babel."""
        reason = self._birthday_reasons.get(occurrence)
        if reason is None:
            reason = birthday_reward_reason(dt.date.fromordinal(occurrence))
            self._birthday_reasons[occurrence] = reason
        return reason

    @staticmethod
    def sponsor_reason(first_name: str, last_name: str) -> str:
        """The reason of a sponsor's reward for bringing this friend (as the app writes it)."""
        return sponsor_reward_reason(first_name, last_name)

    def validity(self, kind: str, day: int) -> tuple[int, int]:
        """A reward's first and last valid days (inclusive) for an occasion on `day`."""
        rule = self.settings.rewards.get(kind) or _DEFAULT_REWARDS[kind]
        window = reward_window(dt.date.fromordinal(day), rule)
        return window.valid_from.toordinal(), window.valid_to.toordinal()


_DEFAULT_REWARDS = Settings().rewards
_CONSENT_RATES = ((0.75, 0.10), (0.55, 0.12), (0.60, 0.10), (0.30, 0.10))  # granted, refused
_WITHDRAWN_SHARE = 0.04


class Chunk:
    """One chunk of guests: who they are, what happened to them, then the rows."""

    def __init__(self, history: History, size: int) -> None:
        self.h = history
        self.rand = history.rand
        self.size = size
        self.today = history.today
        self.lead = history.settings.lead_days
        self.guests: list[Guest] = []
        self.units: list[list[Guest]] = []  # a single guest, or a couple who are both guests
        self.tables: list[Table] = []
        self.recent: deque[Table] = deque(maxlen=64)  # tables other guests may join
        self.referrals: list[Referral] = []
        self.attempts: list[Attempt] = []
        self.rewards: list[Reward] = []

    def build(self, *, force_feb29: bool) -> None:
        self._meet_guests()
        if force_feb29:
            person = self.guests[min(7, self.size - 1)].person
            person.birth_month, person.birth_day, person.birth_year = 2, 29, None
        for unit in self.units:
            plan_visits(self, unit)
        for guest in self.guests:
            guest.first_day = min(guest.tables, default=0)
        refer(self)
        birthday_calls(self)
        winback_calls(self)
        self._number()

    def release(self) -> None:
        """Break the guest <-> table and partner cycles, so reference counting frees the chunk
        at once; the cyclic GC would need ~0.5 s a chunk to find it."""
        for guest in self.guests:
            guest.partner = None
            guest.tables.clear()

    def pick(self, values: tuple[str, ...]) -> str:
        return values[int(self.rand() * len(values))]

    # Who the guests are.

    def _meet_guests(self) -> None:
        rand, people = self.rand, self.h.people
        while len(self.guests) < self.size:
            imported = rand() < IMPORTED_SHARE
            if len(self.guests) + 1 < self.size and rand() < COUPLE_START:
                unit = self._couple(imported)
            else:
                guest = self._guest(people.person(rand() < 0.52), imported)
                if rand() < PARTNER_NAME_SHARE:
                    guest.partner_name = self._partner_name(guest.person)
                unit = [guest]
            self.units.append(unit)
            self.guests.extend(unit)

    def _couple(self, imported: bool) -> list[Guest]:
        rand, people = self.rand, self.h.people
        female = rand() < 0.5
        first = people.person(female)
        shared_name = first.last_name if rand() < 0.55 else None
        second = people.person(not female if rand() < 0.92 else female, shared_name)
        one, two = self._guest(first, imported), self._guest(second, imported)
        one.partner, two.partner = two, one
        return [one, two]

    def _guest(self, person: Person, imported: bool) -> Guest:
        rand = self.rand
        asked = (bool(person.phones), bool(person.phones), bool(person.emails), True)
        given: list[int | None] = []
        final: list[int | None] = []
        for (granted, refused), can in zip(_CONSENT_RATES, asked, strict=True):
            draw = rand()
            if not can or draw >= granted + refused:
                given.append(None)
                final.append(None)
            elif draw < granted:
                given.append(1)
                final.append(0 if rand() < _WITHDRAWN_SHARE else 1)
            else:
                given.append(0)
                final.append(0)
        return Guest(person, imported, consent=tuple(given), final_consent=tuple(final))

    def _partner_name(self, person: Person) -> str:
        rand, people = self.rand, self.h.people
        first = people.first_name(not person.female if rand() < 0.92 else person.female)
        draw = rand()
        if draw < 0.15:
            return f"{first} {person.last_name}"
        if draw < 0.30:
            return f"{first} {people.last_name()}"
        return first

    # Ids: each table's rows are numbered in time order, as if typed in day after day.

    def _number(self) -> None:
        ids, import_stamp = self.h.next_ids, self.h.import_stamp
        for guest in self.guests:
            if guest.imported or not guest.tables:
                guest.created = import_stamp
            else:
                guest.created = guest.tables[min(guest.tables)].stamp
        self.guests.sort(key=attrgetter("created"))  # stable: a couple stays side by side
        self.tables.sort(key=attrgetter("stamp"))
        self.referrals.sort(key=attrgetter("stamp"))
        self.attempts.sort(key=attrgetter("stamp"))
        ids["guest"] = _number(self.guests, ids["guest"])
        ids["visit"] = _number(self.tables, ids["visit"])
        ids["referral"] = _number(self.referrals, ids["referral"])
        ids["call_attempt"] = _number(self.attempts, ids["call_attempt"])
