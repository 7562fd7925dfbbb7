"""What the demo's French guests are made of: name pools drawn once from Faker, and the words
staff type (notes, preferences, allergies, occasions).

Faker costs several µs a call (seconds per column at a million guests) and its provider
lists are short (88 male first names), so it only fills pools, once per seed; the rest is drawn
with the demo's own `random.Random`, combining pool entries.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

from guestbook.domain.text import fold

FIRST_NAMES_PER_GENDER = 3000
LAST_NAMES = 4000
STREETS = 1500

# Particles Faker's fr_FR list lacks; Breton "Le …" names are common around any French city.
EXTRA_LAST_NAMES: tuple[str, ...] = (
    "Le Bihan",
    "Le Floch",
    "Le Guen",
    "Le Corre",
    "Le Meur",
    "Le Bris",
    "Le Berre",
    "de La Salle",
    "de Villiers",
    "de Lattre",
    "Du Mesnil",
    "d'Arcy",
    "Della Rocca",
)

# Around Lyon: the nine arrondissements weigh most, then the close suburbs.
POSTCODES: tuple[str, ...] = (
    *("69001", "69002", "69003", "69004", "69005", "69006", "69007", "69008", "69009") * 4,
    "69100",
    "69100",
    "69300",
    "69130",
    "69160",
    "69110",
    "69140",
    "69150",
    "69200",
    "69500",
    "69600",
    "69740",
    "69800",
    "01700",
    "38200",
)

# Weighted by repetition: gmail and Orange dominate French personal addresses.
EMAIL_DOMAINS: tuple[str, ...] = (
    *("gmail.com",) * 30,
    *("orange.fr",) * 18,
    *("free.fr",) * 10,
    *("laposte.net",) * 7,
    *("hotmail.fr",) * 8,
    *("yahoo.fr",) * 6,
    *("sfr.fr",) * 6,
    *("wanadoo.fr",) * 6,
    *("outlook.fr",) * 5,
    *("icloud.com",) * 4,
)
WORK_DOMAINS: tuple[str, ...] = (
    "cabinet-moreau.fr",
    "notaires-lyon.fr",
    "groupe-rhone.com",
    "atelier-bellecour.fr",
    "chu-lyon.fr",
    "univ-lyon1.fr",
    "banque-populaire.fr",
    "sncf.fr",
    "edf.fr",
    "sanofi.com",
)

NOTES: tuple[str, ...] = (
    "Client fidèle depuis l'ouverture",
    "Préfère être appelé le matin",
    "Vient souvent avec ses enfants",
    "Ami du chef",
    "Travaille dans le quartier, déjeune vite",
    "A fêté ses 50 ans chez nous",
    "Critique gastronomique amateur, très attentif au service",
    "Ne pas proposer le menu enfant",
    "Arrive souvent en retard, garder la table 15 minutes",
    "Règle toujours par chèque",
    "Connaît bien le vin, aime qu'on lui présente la cave",
    "Malentendant : parler face à lui",
)

PREFERENCES: tuple[str, ...] = (
    "Table près de la fenêtre",
    "Aime le Côtes-du-Rhône",
    "Végétarienne",
    "Végétarien",
    "Sans oignons",
    "Eau gazeuse",
    "Terrasse l'été",
    "Champagne à l'apéritif",
    "Viande bien cuite",
    "Toujours la même table, au fond à gauche",
    "Aime le Saint-Joseph et les Condrieu",
    "Pas de coriandre",
    "Dessert : île flottante",
    "Café serré en fin de repas",
    "Préfère le service du midi",
    "Sans alcool",
)

ALLERGENS: tuple[str, ...] = (
    "arachides",
    "fruits à coque",
    "gluten",
    "lactose",
    "crustacés",
    "œufs",
    "poisson",
    "sésame",
    "céleri",
    "moutarde",
    "sulfites",
    "mollusques",
)
ALLERGY_NOTES: tuple[str, ...] = (
    "",
    "",
    "",
    "sévère, porte un stylo d'adrénaline",
    "intolérance légère",
    "même les traces",
    "vérifier les sauces",
)

OCCASIONS: tuple[str, ...] = (
    "anniversaire",
    "anniversaire de mariage",
    "affaires",
    "affaires",
    "fête des mères",
    "retrouvailles",
    "départ à la retraite",
    "baptême",
    "fiançailles",
    "réussite au bac",
)
VISIT_NOTES: tuple[str, ...] = (
    "A adoré le soufflé",
    "Table en terrasse",
    "Attente un peu longue au plat",
    "Bouteille offerte par la maison",
    "Salon privé",
    "Plat renvoyé en cuisine, geste commercial",
)

CHECKOUT_STAFF: tuple[str, ...] = ("Camille", "Julien", "Inès", "Thomas", "Léa", "Karim")
CHEF = "Chef Antoine"

CALL_NOTES: dict[str, tuple[str, ...]] = {
    "reached": ("Ravie, viendra avec son conjoint", "Très touché de l'appel", "Rappellera"),
    "booked": ("Réservé pour quatre", "Table réservée, gâteau au chocolat", "Réservé en terrasse"),
    "voicemail": ("Message laissé", "Messagerie, rappeler demain", ""),
    "no_answer": ("Pas de réponse", "", "Ça sonne dans le vide"),
    "declined": ("Pas disponible cette année", "Ne souhaite pas fêter", "Déménage bientôt"),
    "wrong_number": ("Numéro attribué à quelqu'un d'autre", "Numéro inexistant"),
}

IMPORT_SOURCE = "import:ancien-logiciel.csv"


@dataclass(frozen=True)
class NamePools:
    """Names drawn once per seed; frequencies follow Faker's own lists."""

    female_first: tuple[str, ...]
    male_first: tuple[str, ...]
    last: tuple[str, ...]
    streets: tuple[str, ...]


@lru_cache(maxsize=8)
def draw_pools(seed: int) -> NamePools:
    """Draw the name pools for `seed` (cached: tests build several databases per seed)."""
    from faker import Generator
    from faker.providers.address.fr_FR import Provider as AddressProvider
    from faker.providers.person.fr_FR import Provider as PersonProvider

    # A bare Generator with two providers: Faker("fr_FR") loads every provider, ~0.6 s.
    faker = Generator()
    faker.add_provider(PersonProvider)
    faker.add_provider(AddressProvider)
    faker.seed_instance(seed)
    # Compound first names ("Jean-Marc", "Marie-Claire") are common in France but absent from
    # Faker's list; built from the same draws so they stay seeded.
    rng = random.Random(seed)
    female = [faker.format("first_name_female") for _ in range(FIRST_NAMES_PER_GENDER)]
    male = [faker.format("first_name_male") for _ in range(FIRST_NAMES_PER_GENDER)]
    compounds_f = [_compound(rng, ("Marie", "Anne"), name) for name in female[:180]]
    compounds_m = [_compound(rng, ("Jean", "Pierre"), name) for name in male[:180]]
    female[-180:] = compounds_f
    male[-180:] = compounds_m
    last = [faker.format("last_name") for _ in range(LAST_NAMES)]
    last[: len(EXTRA_LAST_NAMES) * 4] = EXTRA_LAST_NAMES * 4
    streets = [faker.format("street_name") for _ in range(STREETS)]
    return NamePools(tuple(female), tuple(male), tuple(last), tuple(streets))


def _compound(rng: random.Random, heads: tuple[str, str], name: str) -> str:
    head = rng.choice(heads)
    return name if name in heads or "-" in name else f"{head}-{name}"


# Valid according to phonenumbers' metadata (tests check every generated number):
# French mobiles 060-062, 064-068 and 073-079 (063 and 069 are only partly allocated).
FR_MOBILE_PREFIXES: tuple[str, ...] = (
    *(f"6{d:02d}" for d in range(30)),
    *(f"6{d:02d}" for d in range(40, 90)),
    *(f"7{d:02d}" for d in range(30, 100)),
)
# Lyon's 04 72 and 04 78 mostly, a few Paris and other regions.
FR_LANDLINE_PREFIXES: tuple[str, ...] = (
    *("472", "478") * 8,
    "437",
    "426",
    "145",
    "142",
    "153",
    "240",
    "388",
    "556",
)
# (country code, national prefix, digits after the prefix): neighbours' mobile numbers.
FOREIGN_MOBILES: tuple[tuple[str, str, int], ...] = (
    ("32", "47", 7),  # Belgium
    ("41", "79", 7),  # Switzerland
    ("44", "7123", 6),  # United Kingdom
    ("49", "171", 7),  # Germany
    ("39", "347", 7),  # Italy
    ("34", "612", 6),  # Spain
)

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
    """Who a guest is, as staff would have typed it; demo_story adds what happened to them."""

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

    def __init__(self, rng: random.Random, pools: NamePools, today: dt.date) -> None:
        self._rand = rng.random
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
        # Same result as text.name_key and text.name_tokens, from the cached folds.
        key = " ".join((*last_words, *first_words))
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
        rand = self._rand
        if rand() < 0.5:
            number = 1 + int(rand() * 120)
            bis = " bis" if rand() < 0.03 else ""
            person.address = f"{number}{bis} {self.pick(self._pools.streets)}"
        if rand() < 0.85:
            person.postcode = self.pick(POSTCODES)
        if rand() < 0.12:
            person.notes = self.pick(NOTES)
        if rand() < 0.20:
            person.preferences = self.pick(PREFERENCES)
        if rand() < 0.05:
            person.allergies.append((self.pick(ALLERGENS), self.pick(ALLERGY_NOTES)))
            if rand() < 0.1:
                other = self.pick(ALLERGENS)
                if other != person.allergies[0][0]:
                    person.allergies.append((other, ""))


OWNER = "Nathalie (gérante)"
