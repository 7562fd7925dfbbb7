"""Demo data: what the French guests' names and contacts are made of: name and street pools
drawn once from Faker, postcodes, email domains and phone prefixes.

Faker costs several µs a call (seconds per column at a million guests) and its provider
lists are short (88 male first names), so it only fills pools, once per seed; the rest is drawn
with the demo's own `random.Random` (people.py), combining pool entries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

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
