"""A guest's address as La Poste reads it (norme NF Z 10-011; shared/product.md, "Messages" →
"Delivery"): the block printed in the envelope's window.

At most 6 lines of at most 38 characters, each with its role, empty ones left out:
1. the recipient: civility when known, first name, LAST NAME;
2. and 3. complements: apartment, floor, staircase, "chez…"; building, residence;
4. number and street;
5. lieu-dit, postal box (BP, CS, TSA);
6. postcode and CITY.
Lines 4 to 6 are read by sorting machines: capitals, no accents, no punctuation. A street
name over 32 characters, or any of those lines over 38, is shortened by La Poste's
abbreviations (AVENUE → AV, SAINT → ST…) and then cut. Lines 1 to 3 keep what was typed; a
complement over 38 characters is written in capitals to be abbreviated the same way.

guestbook keeps an address as one line of comma-separated parts, as staff typed it ("Bât. B,
12 bis rue de l'Église") with the postcode apart; an import joins the city to it ("12 rue des
Lilas, Lyon"). The parts are sorted into the block's lines by what they look like: a postal
box or lieu-dit by its first word, a complement by its first word (appartement, étage,
bâtiment, résidence, chez…), the street as the first part starting with a number or a kind of
street; then the city is the last other part after the street ("69001 Lyon" written in the
address gives both); without a recognised street, the first other part left is the street
("Le Mas Rouge, Gordes"). Other parts before the street name a building (line 3), after it a
place (line 5).

A block needs a name, a street (or a lieu-dit or a postal box) and a postcode: without them no
letter can go, and `Unusable` says why ("Lyon" alone is a city, not a street). Without a city
the last line is the postcode alone, and `city_known` says so: La Poste sorts by the postcode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from guestbook.domain.text import fold
from guestbook.i18n import N_, _

MAX_LINES = 6
MAX_WIDTH = 38
MAX_STREET_LABEL = 32  # La Poste abbreviates a street's name only beyond this

UnusableReason = Literal["no_name", "no_address", "no_postcode", "no_street"]
REASONS: dict[UnusableReason, str] = {  # shown through `_`
    "no_name": N_("no name to write on the envelope"),
    "no_address": N_("no postal address"),
    "no_postcode": N_("the address has no postcode"),
    "no_street": N_("the address has no street"),
}


@dataclass(frozen=True)
class AddressBlock:
    lines: tuple[str, ...]  # 3 to 6 lines of at most 38 characters, in order
    city_known: bool  # False: the last line is the postcode alone (no city was written)


@dataclass(frozen=True)
class Unusable:
    reason: UnusableReason

    @property
    def message(self) -> str:
        return _(REASONS[self.reason])


# La Poste's standard abbreviations (a short table of the usual ones), in the order they are
# tried: kinds of street first, then titles and saints, then complements' words.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("AVENUE", "AV"),
    ("BOULEVARD", "BD"),
    ("ALLEE", "ALL"),
    ("CHEMIN", "CHE"),
    ("CHAUSSEE", "CHS"),
    ("CARREFOUR", "CAR"),
    ("COURS", "CRS"),
    ("DOMAINE", "DOM"),
    ("ESPLANADE", "ESP"),
    ("FAUBOURG", "FG"),
    ("HAMEAU", "HAM"),
    ("IMPASSE", "IMP"),
    ("LOTISSEMENT", "LOT"),
    ("MONTEE", "MTE"),
    ("PASSAGE", "PAS"),
    ("PLACE", "PL"),
    ("QUARTIER", "QUA"),
    ("RESIDENCE", "RES"),
    ("ROND POINT", "RPT"),
    ("ROUTE", "RTE"),
    ("SQUARE", "SQ"),
    ("TRAVERSE", "TRA"),
    ("VILLA", "VLA"),
    ("SAINT", "ST"),
    ("SAINTE", "STE"),
    ("NOTRE DAME", "ND"),
    ("GENERAL", "GAL"),
    ("MARECHAL", "MAL"),
    ("PRESIDENT", "PDT"),
    ("PROFESSEUR", "PR"),
    ("DOCTEUR", "DR"),
    ("COMMANDANT", "CDT"),
    ("CAPITAINE", "CNE"),
    ("COLONEL", "COL"),
    ("MONSEIGNEUR", "MGR"),
    ("GRANDE", "GDE"),
    ("GRAND", "GD"),
    ("APPARTEMENT", "APP"),
    ("BATIMENT", "BAT"),
    ("ESCALIER", "ESC"),
    ("IMMEUBLE", "IMM"),
    ("LIEU DIT", "LD"),
)
_ABBREVIATION_PATTERNS = tuple(
    (re.compile(rf"\b{re.escape(word)}\b"), short) for word, short in ABBREVIATIONS
)

# The parts' tell-tale words, folded (fold: lower case, no accents, punctuation as spaces).
_STREET_KINDS = frozenset({
    "rue", "avenue", "av", "boulevard", "bd", "place", "pl", "chemin", "allee", "impasse",
    "quai", "cours", "route", "rte", "square", "passage", "faubourg", "promenade", "esplanade",
    "montee", "sentier", "traverse", "villa", "ruelle", "carrefour", "chaussee", "parvis",
    "voie", "mail", "cite", "quartier", "rond",
})  # fmt: skip
# Where inside a building (line 2) …
_INSIDE_WORDS = frozenset({
    "appartement", "appart", "appt", "apt", "app", "etage", "escalier", "esc", "chez", "porte",
    "entree", "logement", "lgt",
    *(f"{n}{suffix}" for n in range(100) for suffix in ("e", "er", "eme", "ere")),  # 2e étage
})  # fmt: skip
# … and which building (line 3).
_BUILDING_WORDS = frozenset({
    "batiment", "bat", "bt", "immeuble", "imm", "residence", "res", "bloc", "tour",
})  # fmt: skip
_BOX = re.compile(r"^(bp|b p|cs|tsa|boite postale|lieu dit|ld)( |$)")
_NUMBER = re.compile(r"^\d+")  # a street number, maybe with bis, ter or a letter after it
_CITY_PART = re.compile(r"^(.*?)\s*\b(\d{5})\s+(\D+)$")  # "… 69001 Lyon" → postcode and city
_POSTCODE_ONLY = re.compile(r"\d{5}")
_NUMBER_SERIES = re.compile(r"^(\d+)\s*[-/]\s*\d+\b")  # "15-17 rue …": La Poste keeps 15
_NUMBER_SUFFIX = re.compile(r"^(\d+)([A-Z]+)\b")  # "12BIS" → "12 BIS"

Kind = Literal["box", "complement", "street", "other"]


def address_block(
    first_name: str,
    last_name: str,
    address: str,
    postcode: str,
    *,
    civility: str = "",
    city: str = "",
) -> AddressBlock | Unusable:
    """The block for a letter to this guest, or why there cannot be one. `address` is the
    guest's address line(s) as stored; `city`, when the caller knows it apart, wins over a
    city found in the address."""
    recipient = _recipient(civility, first_name, last_name)
    parts = [" ".join(part.split()) for part in re.split(r"[,\n;]+", address)]
    parts = [part for part in parts if part and part != postcode.strip()]
    if not recipient:
        return Unusable("no_name")
    if not parts:
        return Unusable("no_address")
    parts, found_postcode, found_city = _pull_city(parts)
    postcode = " ".join(postcode.split()) or found_postcode
    if postcode.replace(" ", "").isdigit():  # "69 001" → "69001": La Poste wants no space
        postcode = postcode.replace(" ", "")
    if not postcode:
        return Unusable("no_postcode")
    city = " ".join(city.split()) or found_city
    if city:  # written in the address as well: once is enough
        parts = [part for part in parts if fold(part) != fold(city)]
    sorted_parts = _sort(parts, with_city=not city)
    if sorted_parts is None:
        return Unusable("no_street")
    complements, street, box, found = sorted_parts
    city = city or found
    lines = [
        recipient,
        *(_complement_line(line) for line in complements),
        _street_line(street) if street else "",
        _shortened(_capitals(" ".join(box))),
        _city_line(postcode, city),
    ]
    return AddressBlock(tuple(line for line in lines if line), city_known=bool(city))


def _pull_city(parts: list[str]) -> tuple[list[str], str, str]:
    """Take "69001 Lyon" out of the parts, where it was written: (the rest, postcode, city)."""
    rest: list[str] = []
    postcode = city = ""
    for part in parts:
        match = _CITY_PART.match(part)
        if _POSTCODE_ONLY.fullmatch(part):
            postcode = postcode or part
        elif match and not city:
            postcode, city = postcode or match.group(2), match.group(3).strip()
            if match.group(1):
                rest.append(match.group(1))
        else:
            rest.append(part)
    return rest, postcode, city


def _sort(parts: list[str], *, with_city: bool) -> tuple[list[str], str, list[str], str] | None:
    """(complements, street, box and lieu-dit, city) from the parts; None without a street."""
    roles: list[str] = [_kind(part) for part in parts]
    streets = [i for i, role in enumerate(roles) if role == "street"]
    for later in streets[1:]:
        roles[later] = "other"  # one street: a second one is read like any other part
    street = streets[0] if streets else None
    others = [i for i, role in enumerate(roles) if role == "other"]
    city = ""
    if with_city and (after := [i for i in others if street is None or i > street]):
        city = parts[after[-1]]
        roles[after[-1]] = "city"
    if street is None and "other" in roles:
        street = roles.index("other")
        roles[street] = "street"
    if street is None and "box" not in roles:
        return None
    before = street if street is not None else len(parts)
    complements = [
        part
        for i, (part, role) in enumerate(zip(parts, roles, strict=True))
        if role == "complement" or (role == "other" and i < before)
    ]
    box = [
        part
        for i, (part, role) in enumerate(zip(parts, roles, strict=True))
        if role == "box" or (role == "other" and i > before)
    ]
    return _two_lines(complements), "" if street is None else parts[street], box, city


def _kind(part: str) -> Kind:
    words = fold(part).split()
    if not words:
        return "other"
    if _BOX.match(" ".join(words)):
        return "box"
    if words[0] in _INSIDE_WORDS or words[0] in _BUILDING_WORDS:
        return "complement"
    if _NUMBER.match(words[0]) or words[0] in _STREET_KINDS or words[:2] == ["grande", "rue"]:
        return "street"
    return "other"


def _two_lines(complements: list[str]) -> list[str]:
    """Line 2, where in the building (apartment, floor, staircase, "chez…"), then line 3,
    which building (bâtiment, résidence, or a name typed before the street); several of a
    kind share their line."""
    inside = [part for part in complements if not _is_building(part)]
    building = [part for part in complements if _is_building(part)]
    return [", ".join(group) for group in (inside, building) if group]


def _is_building(part: str) -> bool:
    words = fold(part).split()
    return not words or words[0] not in _INSIDE_WORDS


def _recipient(civility: str, first_name: str, last_name: str) -> str:
    """Civility, first name, LAST NAME; over 38 characters the first name becomes its
    initials (Jean-Pierre → J.-P.), then the civility goes, then the line is cut."""
    civility, first = " ".join(civility.split()), " ".join(first_name.split())
    last = " ".join(last_name.split()).upper()
    for words in (
        (civility, first, last),
        (civility, _initials(first), last),
        ("", _initials(first), last),
    ):
        line = " ".join(word for word in words if word)
        if len(line) <= MAX_WIDTH:
            return line
    return _cut(line)


def _initials(first_name: str) -> str:
    return " ".join(
        "-".join(f"{piece[0]}." for piece in word.split("-") if piece)
        for word in first_name.split()
    )


def _capitals(text: str) -> str:
    """La Poste's machine-read form: capitals, no accents, no punctuation."""
    return fold(text).upper()


def _street_line(street: str) -> str:
    line = _capitals(_NUMBER_SERIES.sub(r"\1", street.strip()))
    line = _NUMBER_SUFFIX.sub(r"\1 \2", line)
    number = _NUMBER.match(line)
    label_start = number.end() if number else 0
    label_limit = MAX_STREET_LABEL + len(line) - len(line[label_start:].strip())
    return _shortened(line, limit=min(MAX_WIDTH, label_limit))


def _complement_line(complement: str) -> str:
    """A complement as typed; over 38 characters, in capitals so that it can be abbreviated."""
    return complement if len(complement) <= MAX_WIDTH else _shortened(_capitals(complement))


def _city_line(postcode: str, city: str) -> str:
    return _shortened(_capitals(f"{postcode} {city}"))


def _shortened(line: str, limit: int = MAX_WIDTH) -> str:
    """The line itself when it fits; else abbreviated word by word, in the table's order,
    until it does; then cut at 38 characters."""
    for pattern, short in _ABBREVIATION_PATTERNS:
        if len(line) <= limit:
            return line
        line = pattern.sub(short, line)
    return _cut(line)


def _cut(line: str) -> str:
    """At most 38 characters, ending on a whole word when that keeps most of the line."""
    if len(line) <= MAX_WIDTH:
        return line
    head = line[: MAX_WIDTH + 1]
    space = head.rfind(" ")
    return head[:space].rstrip() if space > MAX_WIDTH // 2 else line[:MAX_WIDTH].rstrip()
