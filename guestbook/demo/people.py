"""Demo data: PersonMaker draws the people guests are (names, birthday, phones, emails,
address, notes, allergies) from the pools, with the demo's `random.Random`."""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field

from guestbook.demo.pools import (
    EMAIL_DOMAINS,
    FOREIGN_MOBILES,
    FR_LANDLINE_PREFIXES,
    FR_MOBILE_PREFIXES,
    POSTCODES,
    WORK_DOMAINS,
    NamePools,
)
from guestbook.demo.words import Words
from guestbook.domain.text import fold, key_of_folds

_JANUARY_1 = dt.date(2023, 1, 1)  # any non-leap year
# Every (month, day) of a non-leap year; 29 February is drawn separately, at its own rate.
MONTH_DAYS: tuple[tuple[int, int], ...] = tuple(
    ((_JANUARY_1 + dt.timedelta(days=n)).month, (_JANUARY_1 + dt.timedelta(days=n)).day)
    for n in range(365)
)
BIRTHDAY_SHARE = 0.70
BIRTH_YEAR_SHARE = 1 / 3
FEB29_SHARE = 0.001
NO_PHONE_SHARE = 0.08
SECOND_PHONE_SHARE = 0.30
EMAIL_SHARE = 0.70
SECOND_EMAIL_SHARE = 0.14


@dataclass(slots=True)
class Person:
    """Who a guest is, as staff would have typed it; story.py adds what happened to them."""

    first_name: str
    last_name: str
    female: bool
    name_key: str
    tokens: tuple[str, ...]
    birth_day: int | None = None
    birth_month: int | None = None
    birth_year: int | None = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    address: str = ""
    postcode: str = ""
    notes: str = ""
    preferences: str = ""
    allergies: list[tuple[str, str]] = field(default_factory=list)


class PersonMaker:
    """Draws people from the pools; phones and emails are unique across the whole run."""

    def __init__(self, rng: random.Random, pools: NamePools, today: dt.date, words: Words) -> None:
        self._rand = rng.random
        self._words = words  # notes, preferences and allergies, in the demo's language
        self._triangular = rng.triangular
        self._pools = pools
        self._today = today
        # fold() costs microseconds (anyascii, NFC, a regex); names repeat, so fold each once.
        self._folded: dict[str, tuple[str, ...]] = {}
        self._used_phones: set[int] = set()
        self._used_emails: set[str] = set()

    def pick(self, values: tuple[str, ...]) -> str:
        return values[int(self._rand() * len(values))]

    def first_name(self, female: bool) -> str:
        return self.pick(self._pools.female_first if female else self._pools.male_first)

    def last_name(self) -> str:
        if self._rand() < 0.03:  # double-barrelled: "Martin-Dubois"
            first, second = self.pick(self._pools.last), self.pick(self._pools.last)
            if " " not in first and " " not in second and first != second:
                return f"{first}-{second}"
        return self.pick(self._pools.last)

    def folded(self, name: str) -> tuple[str, ...]:
        words = self._folded.get(name)
        if words is None:
            words = self._folded[name] = tuple(fold(name).split())
        return words

    def person(self, female: bool, last_name: str | None = None) -> Person:
        rand = self._rand
        first = self.first_name(female)
        last = last_name if last_name is not None else self.last_name()
        first_words, last_words = self.folded(first), self.folded(last)
        # text.name_key and text.name_tokens, from the cached folds.
        key = key_of_folds(" ".join(first_words), " ".join(last_words))
        person = Person(first, last, female, key, tuple(sorted({*first_words, *last_words})))
        if rand() < BIRTHDAY_SHARE:
            self._birthday(person)
        if rand() >= NO_PHONE_SHARE:
            person.phones.append(self._phone(rand()))
            if rand() < SECOND_PHONE_SHARE:
                person.phones.append(self._phone(0.3 + rand() * 0.65))
        if rand() < EMAIL_SHARE:
            person.emails.append(self._email(first_words, last_words, person.birth_year))
            if rand() < SECOND_EMAIL_SHARE:
                person.emails.append(self._work_email(first_words, last_words))
        self._extras(person)
        return person

    def _birthday(self, person: Person) -> None:
        rand = self._rand
        if rand() < FEB29_SHARE:
            month, day = 2, 29
        else:
            month, day = MONTH_DAYS[int(rand() * 365)]
        person.birth_month, person.birth_day = month, day
        if rand() < BIRTH_YEAR_SHARE:
            person.birth_year = self.birth_year(month, day)

    def birth_year(self, month: int, day: int) -> int:
        """A year giving an age of 18 to 90 today; a leap year for 29 February."""
        today = self._today
        age = int(self._triangular(18, 91, 42))
        not_yet = (month, day) > (today.month, today.day)
        year = today.year - age - not_yet
        if (month, day) == (2, 29):
            while not calendar.isleap(year):
                year -= 1
            if today.year - year - not_yet > 90:
                year += 4
        return year

    def _phone(self, kind: float) -> str:
        """`kind` < 0.85: French mobile, < 0.97: French landline, else a neighbour's mobile."""
        rand = self._rand
        while True:
            if kind < 0.85:
                number = f"+33{self.pick(FR_MOBILE_PREFIXES)}{int(rand() * 1e6):06d}"
            elif kind < 0.97:
                number = f"+33{self.pick(FR_LANDLINE_PREFIXES)}{int(rand() * 1e6):06d}"
            else:
                country, prefix, length = FOREIGN_MOBILES[int(rand() * len(FOREIGN_MOBILES))]
                number = f"+{country}{prefix}{int(rand() * 10**length):0{length}d}"
            # Two guests sharing a number are "possible duplicates": keep the demo clean.
            digits = int(number[1:])
            if digits not in self._used_phones:
                self._used_phones.add(digits)
                return number

    def _email(self, first: tuple[str, ...], last: tuple[str, ...], year: int | None) -> str:
        rand = self._rand
        given = "-".join(first) or "contact"
        family = ("-" if rand() < 0.5 else "").join(last) or "client"
        style = rand()
        if style < 0.45:
            local = f"{given}.{family}"
        elif style < 0.60:
            local = f"{given[0]}{family}"
        elif style < 0.72:
            local = f"{given}{family}{1 + int(rand() * 99)}"
        elif style < 0.82:
            local = f"{family}.{given}"
        elif style < 0.94:
            yy = year % 100 if year is not None else 50 + int(rand() * 50)
            local = f"{given}.{family}{yy:02d}"
        else:
            local = f"{given}_{family}"
        return self._unique_email(local, self.pick(EMAIL_DOMAINS))

    def _work_email(self, first: tuple[str, ...], last: tuple[str, ...]) -> str:
        local = f"{'-'.join(first) or 'contact'}.{'-'.join(last) or 'client'}"
        return self._unique_email(local, self.pick(WORK_DOMAINS))

    def _unique_email(self, local: str, domain: str) -> str:
        """Taken already: add digits, as people do. Random digits, not 2, 3, 4…: counting up
        would retry every earlier "marie.martin" at a million guests."""
        address = f"{local}@{domain}"
        digits = 100
        while address in self._used_emails:
            address = f"{local}{int(self._rand() * digits)}@{domain}"
            digits *= 10
        self._used_emails.add(address)
        return address

    def _extras(self, person: Person) -> None:
        rand, words = self._rand, self._words
        if rand() < 0.5:
            number = 1 + int(rand() * 120)
            bis = " bis" if rand() < 0.03 else ""
            person.address = f"{number}{bis} {self.pick(self._pools.streets)}"
        if rand() < 0.85:
            person.postcode = self.pick(POSTCODES)
        if rand() < 0.12:
            person.notes = self.pick(words.notes)
        if rand() < 0.20:
            person.preferences = self.pick(words.preferences)
        if rand() < 0.05:
            person.allergies.append((self.pick(words.allergens), self.pick(words.allergy_notes)))
            if rand() < 0.1:
                other = self.pick(words.allergens)
                if other != person.allergies[0][0]:
                    person.allergies.append((other, ""))
