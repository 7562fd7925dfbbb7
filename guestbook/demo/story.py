"""Demo data: the story of a chunk of guests. Who they are (couples, imported ones,
partners), their visits over two years, who brought whom, the birthday, thank-you and
"we miss you" calls and their outcomes, the rewards; then every item numbered.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day and size tell the same story. services.demo_rows turns it into table rows."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Protocol

from guestbook.demo import pools as words
from guestbook.demo.pools import Person, PersonMaker, draw_pools
from guestbook.domain.calls import late_after_days
from guestbook.settings import CHANNELS, Settings

DAY = 86_400  # a timestamp here is `date.toordinal() * DAY + seconds`, UTC
LOOKBACK_DAYS = 730  # two years of visits
BIRTHDAY_HISTORY_DAYS = 60  # past birthdays that have calls and rewards
IMPORT_AGE_DAYS = 760  # the old system's file was imported before the visits we generate

COUPLE_START = 0.081  # ~15 % of guests are in a couple with another guest
PARTNER_NAME_SHARE = 0.23  # of the others: ~20 % of all guests know only a partner's name
IMPORTED_SHARE = 0.15
REFERRED_SHARE = 0.125  # of guests who came at checkout: ~10 % of all guests
AMBASSADOR_SHARE = 0.01
JOIN_SHARE = 0.10  # casual guests sharing a table with other known guests
PARTY_SIZES = (1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 6, 6, 8)
LUNCH, DINNER, MORNING = (39_600, 6_300), (70_200, 10_800), (28_800, 10_800)  # (start, span) s


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


class _Numbered(Protocol):
    id: int


def _number(items: Sequence[_Numbered], first: int) -> int:
    """Give `items` consecutive ids from `first`; returns the next free id."""
    for offset, item in enumerate(items):
        item.id = first + offset
    return first + len(items)


@functools.cache
def _time_texts() -> list[str]:
    """' HH:MM:SS.000000' for every second of a day (built once: ~40 ms)."""
    return [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY)]


class _Texts:
    """SQLAlchemy's SQLite text for dates ('YYYY-MM-DD') and timestamps ('YYYY-MM-DD
    HH:MM:SS.ffffff'), from lookup tables: formatting millions of datetimes costs seconds."""

    def __init__(self, today: int) -> None:
        # Everything generated lies between the old file's import and the sponsor rewards'
        # end of validity; day() still formats any other date, just slower.
        self.first_day = today - IMPORT_AGE_DAYS - 1
        self.days = [dt.date.fromordinal(n).isoformat() for n in range(self.first_day, today + 400)]
        self.times = _time_texts()

    def day(self, ordinal: int) -> str:
        index = ordinal - self.first_day
        if 0 <= index < len(self.days):
            return self.days[index]
        return dt.date.fromordinal(ordinal).isoformat()

    def stamp(self, stamp: int) -> str:
        return self.day(stamp // DAY) + self.times[stamp % DAY]

    def maybe_day(self, ordinal: int | None) -> str | None:
        return None if ordinal is None else self.day(ordinal)

    def maybe_stamp(self, stamp: int | None) -> str | None:
        return None if stamp is None else self.stamp(stamp)


def median(values: list[int]) -> int:
    """domain.calls.usual_interval's median on whole days: a .5 rounds up."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        with contextlib.suppress(ValueError):
            return dt.date(year, month, min(day.day, last))
    raise AssertionError("unreachable")


class History:
    """Generates chunk after chunk; keeps what must stay unique or numbered across chunks."""

    def __init__(self, plan: Plan) -> None:
        self.rng = random.Random(plan.seed)
        self.rand = self.rng.random
        self.settings = plan.settings
        self.today = plan.today.toordinal()
        self.people = PersonMaker(self.rng, draw_pools(plan.seed), plan.today)
        self.next_ids = dict(plan.next_ids)
        self.texts = _Texts(self.today)
        self.import_stamp = (self.today - IMPORT_AGE_DAYS) * DAY + 9 * 3600 + 17 * 60
        self.wordings = [plan.settings.consent_wordings.get(c, "") for c in CHANNELS]
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
        """The birthday's date in `year`; 29 February follows the `feb29` setting."""
        if month == 2 and day == 29 and not calendar.isleap(year):
            if self.settings.feb29 == "mar1":
                return dt.date(year, 3, 1).toordinal()
            return dt.date(year, 2, 28).toordinal()
        return dt.date(year, month, day).toordinal()

    def late_after(self, interval: int) -> int:
        """Days after the last visit from which a regular with this interval is late."""
        days = self._late_after.get(interval)
        if days is None:
            settings = self.settings
            days = late_after_days(interval, settings.lapse_factor, settings.lapse_min_days)
            self._late_after[interval] = days
        return days

    def validity(self, kind: str, day: int) -> tuple[int, int]:
        """A reward's first and last valid days (inclusive) for an occasion on `day`."""
        rule = self.settings.rewards.get(kind) or _DEFAULT_REWARDS[kind]
        end = _add_months(dt.date.fromordinal(day), rule.months_after).toordinal()
        return day - rule.days_before, end + rule.days_after


_DEFAULT_REWARDS = Settings().rewards
_CONSENT_RATES = ((0.75, 0.10), (0.55, 0.12), (0.60, 0.10), (0.30, 0.10))  # granted, refused
_WITHDRAWN_SHARE = 0.04
_MISSES = ("voicemail", "no_answer")
# strftime's %b depends on the machine's locale; the demo must not.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# How a past birthday's calls ended, by cumulative share; None: only missed calls.
_BIRTHDAY_ENDINGS = (
    (0.27, None),
    (0.35, "declined"),
    (0.78, "reached"),
    (0.99, "booked"),
    (1.0, "wrong_number"),
)


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
            self._plan_visits(unit)
        for guest in self.guests:
            guest.first_day = min(guest.tables, default=0)
        self._refer()
        self._birthday_calls()
        self._winback_calls()
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

    # Visits.

    def _plan_visits(self, unit: list[Guest]) -> None:
        rand = self.rand
        if unit[0].imported and rand() < 0.35:
            return  # in the old system's file, not seen since the import
        kind = rand()
        if kind < 0.52:
            self._seat(unit, self._random_day(), "casual")
        elif kind < 0.79:
            days = {self._random_day() for _ in range(2 + int(rand() * 3))}
            for day in sorted(days):
                self._seat(unit, day, "casual")
        elif kind < 0.92:
            self._regular(unit)
        else:
            self._lapsed(unit)

    def _random_day(self) -> int:
        return self.today - 1 - int(self.rand() * LOOKBACK_DAYS)

    def _gap(self, interval: int) -> int:
        return max(7, int(interval * (0.75 + self.rand() * 0.5) + 0.5))

    def _regular(self, unit: list[Guest]) -> None:
        """Every 2-6 weeks since some day in the last 18 months, and lately too."""
        rand = self.rand
        interval = 14 + int(rand() * 29)
        earliest = self.today - 60 - int(rand() * 440)
        day = self.today - 1 - int(rand() * interval)
        days = []
        while day >= earliest:
            days.append(day)
            day -= self._gap(interval)
        for day in reversed(days):
            self._seat(unit, day, "regular")

    def _lapsed(self, unit: list[Guest]) -> None:
        """A regular who stopped coming. Some lapses are on today's win-back agenda (late by a
        few days), the others older, so both show whatever `today` is."""
        rand, settings = self.rand, self.h.settings
        interval = 14 + int(rand() * 29)
        gaps = [self._gap(interval) for _ in range(3 + int(rand() * 6))]
        # Late from this many days after the last visit: product.md's "Regulars and lapses".
        late_after = self.h.late_after(median(gaps))
        window = settings.winback_window_days
        oldest_since = LOOKBACK_DAYS - 1 - sum(gaps)
        old_since = late_after + window + 10
        current = rand() < 0.55 or oldest_since < old_since
        if current:
            since = late_after + 1 + int(rand() * max(1, window - 3))
        else:
            since = old_since + int(rand() * (oldest_since - old_since + 1))
        if since > oldest_since:  # a very large lapse_factor: no room in two years
            self._regular(unit)
            return
        last = self.today - since
        for member in unit:
            member.lapse = (last, last + late_after, current)
        day = last - sum(gaps)
        for gap in gaps:
            self._seat(unit, day, "lapsed")
            day += gap
        self._seat(unit, last, "lapsed")

    def _seat(self, unit: list[Guest], day: int, mode: str) -> None:
        """Seat the unit on `day`. Casual guests sometimes share another party's table; a
        lapsed regular's tables stay theirs alone, so their interval and lapse stay exact."""
        rand = self.rand
        members = unit
        together_before = len(unit) == 2 and bool(unit[0].tables) and bool(unit[1].tables)
        if mode != "lapsed" and together_before and rand() < 0.12:
            members = [unit[int(rand() * 2)]]  # one partner alone: a business lunch
        members = [member for member in members if day not in member.tables]
        if not members:
            return
        if mode == "casual" and self.recent and rand() < JOIN_SHARE and self._join(members):
            return
        table = self._new_table(day, members)
        if mode != "lapsed" and len(members) < 4:
            self.recent.append(table)

    def _join(self, members: list[Guest]) -> bool:
        table = self.recent[int(self.rand() * len(self.recent))]
        if len(table.members) + len(members) > 4:
            return False
        if any(table.day in member.tables for member in members):
            return False
        table.members.extend(members)
        table.party = min(8, table.party + len(members))
        for member in members:
            member.tables[table.day] = table
        return True

    def _new_table(
        self, day: int, members: list[Guest], occasion: str | None = None, min_party: int = 1
    ) -> Table:
        rand = self.rand
        start, span = LUNCH if rand() < 0.35 else DINNER
        stamp = day * DAY + start + int(rand() * span)
        party = max(len(members), min_party, PARTY_SIZES[int(rand() * len(PARTY_SIZES))])
        if occasion is None:
            draw = rand()
            if draw < 0.07:
                occasion = self.pick(words.OCCASIONS)
            elif draw < 0.6 and len(members) == 2 and day in self.h.valentines:
                occasion = "Saint-Valentin"
            else:
                occasion = ""
        note = self.pick(words.VISIT_NOTES) if rand() < 0.03 else ""
        table = Table(day, stamp, party, list(members), occasion, note)
        self.tables.append(table)
        for member in members:
            member.tables[day] = table
        return table

    # Referrals.

    def _refer(self) -> None:
        rand = self.rand
        visited = [guest for guest in self.guests if guest.tables]
        ambassadors = [guest for guest in visited if rand() < AMBASSADOR_SHARE]
        referred: list[Guest] = []
        for guest in visited:
            if guest.imported or rand() >= REFERRED_SHARE:
                continue
            sponsor = self._sponsor_for(guest, visited, ambassadors, referred)
            if sponsor is not None:
                referred.append(guest)
                self._record_referral(sponsor, guest)

    def _sponsor_for(
        self,
        guest: Guest,
        visited: list[Guest],
        ambassadors: list[Guest],
        referred: list[Guest],
    ) -> Guest | None:
        """An ambassador, someone referred themselves (chains), or anyone. The sponsor came
        before the guest did, so sponsors are created earlier and there is never a cycle."""
        draw = self.rand()
        pool = ambassadors if draw < 0.4 else referred if draw < 0.55 else visited
        pool = pool or visited
        for _ in range(6):
            sponsor = pool[int(self.rand() * len(pool))]
            if sponsor.first_day < guest.first_day and sponsor is not guest.partner:
                return sponsor
        return None

    def _record_referral(self, sponsor: Guest, guest: Guest) -> None:
        first = guest.tables[guest.first_day]
        referral = Referral(sponsor, guest, first.stamp, first.day)
        self.referrals.append(referral)
        if (
            self.rand() < 0.4
            and sponsor.lapse is None
            and first.day not in sponsor.tables
            and len(first.members) < 4
        ):  # the sponsor brought their friend
            first.members.append(sponsor)
            first.party = min(8, first.party + 1)
            sponsor.tables[first.day] = first
        valid_from, valid_to = self.h.validity("sponsor", first.day)
        reason = f"Brought {guest.person.first_name} {guest.person.last_name}".strip()
        reward = Reward(sponsor, "sponsor", reason, valid_from, valid_to, first.stamp)
        reward.referral = referral
        self.rewards.append(reward)
        self._thank(sponsor, referral)

    def _thank(self, sponsor: Guest, referral: Referral) -> None:
        """Most thank-you calls are done; the last few days' wait on the agenda."""
        rand = self.rand
        if not sponsor.may_call or referral.first_day > self.today - 3 or rand() >= 0.8:
            return
        day = min(referral.first_day + 1 + int(rand() * 3), self.today - 1)
        outcome = "reached" if rand() < 0.8 else "voicemail"
        self._call(sponsor, "referral_thanks", referral.first_day, day, outcome, referral)
        if outcome == "voicemail" and day + 1 < self.today:
            self._call(sponsor, "referral_thanks", referral.first_day, day + 1, "reached", referral)

    # Calls and the rewards they issue.

    def _call(
        self,
        guest: Guest,
        reason: str,
        occasion_day: int,
        day: int,
        outcome: str,
        referral: Referral | None = None,
        booked_for: int | None = None,
    ) -> Attempt:
        start, span = MORNING  # the chef phones in the morning, before service
        stamp = day * DAY + start + int(self.rand() * span)
        note = self.pick(words.CALL_NOTES[outcome])
        attempt = Attempt(guest, reason, occasion_day, stamp, outcome, note, referral, booked_for)
        self.attempts.append(attempt)
        if outcome == "wrong_number":
            guest.wrong_phone_at = stamp
        return attempt

    def _birthday_calls(self) -> None:
        today, lead, history = self.today, self.lead, self.h
        year = dt.date.fromordinal(today).year
        import_day = history.import_stamp // DAY
        for guest in self.guests:
            person = guest.person
            if person.birth_month is None or person.birth_day is None or not guest.may_call:
                continue
            known_since = import_day if guest.imported else guest.first_day
            for occurrence_year in (year - 1, year, year + 1):
                occurrence = history.observed(occurrence_year, person.birth_month, person.birth_day)
                if not today - BIRTHDAY_HISTORY_DAYS <= occurrence <= today + lead:
                    continue
                if known_since >= occurrence - lead:
                    continue  # the birthday was given after its call was due
                if occurrence < today:
                    self._past_birthday(guest, occurrence)
                else:
                    self._coming_birthday(guest, occurrence)

    def _past_birthday(self, guest: Guest, occurrence: int) -> None:
        rand = self.rand
        draw = rand()
        if draw < 0.12:
            return  # missed: never called
        final = next(outcome for limit, outcome in _BIRTHDAY_ENDINGS if draw < limit)
        misses = 1 + int(rand() * 3) if final is None else int(rand() * 3)
        misses = min(misses, self.h.settings.max_attempts - 1)
        outcomes = [_MISSES[int(rand() * 2)] for _ in range(misses)]
        if final is not None:
            outcomes.append(final)
        day = occurrence - self.lead + int(rand() * 3)  # on the due day or just after
        last_day = min(occurrence, self.today - 1)
        attempt = None
        for outcome in outcomes:
            if day > last_day:
                return  # ran out of days before reaching the guest
            booked_for = None
            if outcome == "booked":
                booked_for = max(day + 1, occurrence - 3 + int(rand() * 10))
            attempt = self._call(guest, "birthday", occurrence, day, outcome, None, booked_for)
            day += 1 + int(rand() * 2)
        if attempt is not None and attempt.outcome in ("reached", "booked"):
            self._birthday_reward(guest, occurrence, attempt)

    def _coming_birthday(self, guest: Guest, occurrence: int) -> None:
        """Due already: untouched (today or overdue), a voicemail yesterday (an overdue retry),
        or reached in the last days (the reward is owed)."""
        rand = self.rand
        yesterday = self.today - 1
        due = occurrence - self.lead
        if due > yesterday:
            return
        draw = rand()
        if draw < 0.45:
            return
        if draw < 0.75:
            if due < yesterday and rand() < 0.3:
                self._call(guest, "birthday", occurrence, due, _MISSES[int(rand() * 2)])
            self._call(guest, "birthday", occurrence, yesterday, _MISSES[int(rand() * 2)])
            return
        first = max(due, self.today - 3)
        day = first + int(rand() * (yesterday - first + 1))
        if draw < 0.95:
            attempt = self._call(guest, "birthday", occurrence, day, "reached")
        else:
            attempt = self._call(guest, "birthday", occurrence, day, "booked", None, occurrence)
        self._birthday_reward(guest, occurrence, attempt)

    def _birthday_reward(self, guest: Guest, occurrence: int, attempt: Attempt) -> None:
        valid_from, valid_to = self.h.validity("birthday", occurrence)
        on = dt.date.fromordinal(occurrence)
        reason = f"Birthday {on.day:02d} {_MONTHS[on.month - 1]} {on.year}"  # as services.calls
        reward = Reward(guest, "birthday", reason, valid_from, valid_to, attempt.stamp, attempt)
        self.rewards.append(reward)
        if guest.lapse is not None:
            return  # a lapsed regular who came back would not be lapsed
        if attempt.booked_for is not None:
            if attempt.booked_for < self.today:
                reward.visit = self._birthday_table(guest, attempt.booked_for)
            return
        low = max(attempt.stamp // DAY + 1, valid_from)
        high = min(valid_to, self.today - 1)
        if high >= low and self.rand() < 0.6:
            reward.visit = self._birthday_table(guest, low + int(self.rand() * (high - low + 1)))

    def _birthday_table(self, guest: Guest, day: int) -> Table:
        table = guest.tables.get(day)
        if table is not None:
            table.occasion = table.occasion or "anniversaire"
            return table
        members = [guest]
        partner = guest.partner
        # Only a partner already known by then: their first visit must not move.
        if (
            partner is not None
            and partner.lapse is None
            and 0 < partner.first_day < day
            and day not in partner.tables
        ):
            members.append(partner)
        return self._new_table(day, members, "anniversaire", min_party=2)

    def _winback_calls(self) -> None:
        rand, yesterday = self.rand, self.today - 1
        for unit in self.units:
            lapse = unit[0].lapse
            guest = next((member for member in unit if member.may_call), None)
            if lapse is None or guest is None:
                continue
            last, late_day, current = lapse
            if current:  # on the agenda now; some already got a voicemail yesterday
                if late_day <= yesterday and rand() < 0.3:
                    self._call(guest, "winback", last, yesterday, _MISSES[int(rand() * 2)])
                continue
            if rand() >= 0.45:
                continue
            day = late_day + int(rand() * 10)
            draw = rand()
            if draw < 0.45:
                outcomes = ["reached"]
            elif draw < 0.6:
                outcomes = ["declined"]
            else:
                outcomes = [_MISSES[int(rand() * 2)], *(["reached"] if rand() < 0.5 else [])]
            for outcome in outcomes:
                self._call(guest, "winback", last, day, outcome)
                day += 1

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
