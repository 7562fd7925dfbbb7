"""What an old system knew of a guest beyond their details: their visits (a count and the last
one's date) and their allergies, sometimes written in the notes.

An old system keeps a visit count and the last visit's date, seldom the visits themselves. So
that its regulars stay regulars here (the agenda's win-back call needs their rhythm), each guest
gets that many visits as imported history: the last one on its date, the first one on the first
visit's date when the file has one, the others spread evenly between them; without a first
visit, spread evenly over the year before the last one (a regular is a guest of three visits in
a year). Those spread dates are estimates and say so on the card (the visit's occasion).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from guestbook.domain.dates import DateError, DateOrder, visit_date
from guestbook.domain.text import fold
from guestbook.exchange.date_order import with_order_said
from guestbook.i18n import _, number, quoted

# A count beyond this is not a guest's visits (a spend or an id in the wrong column).
MAX_VISITS = 2000
_YEAR_DAYS = 365

# Folded words that say a note is about an allergy (French and English): "Allergie aux noix",
# "allergic to shellfish", "intolérance au lactose", "coeliaque", "anaphylaxie".
_ALLERGY_WORDS = re.compile(r"\b(allerg|intoleran|anaphyla|coeliaq|celiaq|celiac|coeliac)")
# A note's parts: its lines, and the sentences or items within a line.
_NOTE_PARTS = re.compile(r"(\n|;\s*|(?<=[.!])\s+)")


class ImportedVisit(NamedTuple):
    on: dt.date
    estimated: bool  # a date spread between the known ones, not one the file gave


def mentions_allergy(text: str) -> bool:
    return _ALLERGY_WORDS.search(fold(text)) is not None


def split_allergy_notes(notes: str) -> tuple[str, tuple[str, ...]]:
    """(the notes without their parts about an allergy, those parts): health data goes where
    health data is kept (allergies, never exported), not in notes, which are exported."""
    if not mentions_allergy(notes):
        return notes, ()
    pieces = _NOTE_PARTS.split(notes)
    kept: list[str] = []
    found: list[str] = []
    for index in range(0, len(pieces), 2):
        text = pieces[index]
        separator = pieces[index + 1] if index + 1 < len(pieces) else ""
        if mentions_allergy(text):
            found.append(text.strip())
        elif text.strip():
            kept.append(text + separator)
    return "".join(kept).rstrip(" ;\n"), tuple(found)


def read_history(
    count_text: str,
    last_text: str,
    first_text: str,
    today: dt.date,
    order: DateOrder = "day_first",
) -> tuple[tuple[ImportedVisit, ...], list[str]]:
    """The visits a row's history stands for, or the reasons it cannot be read (each named:
    the row is rejected whole, as for any other bad value). `order` is the file's date order."""
    reasons: list[str] = []
    count = _count(count_text, reasons)
    last = _date(last_text, today, _("last visit"), reasons, order)
    first = _date(first_text, today, _("first visit"), reasons, order)
    if reasons:
        return (), reasons
    if last is None:
        if count:
            reasons.append(
                _(
                    "visits: {count}, but no last visit date: add it, the agenda needs "
                    "it to know a regular"
                ).format(count=number(count))
            )
        return (), reasons
    if count == 0 and count_text.strip():
        reasons.append(_("visits: 0 visits but a last visit date: correct one or the other"))
        return (), reasons
    if first is not None and first > last:
        reasons.append(_("the first visit comes after the last visit"))
        return (), reasons
    return implied_visits(count or 1, last, first), reasons


def implied_visits(count: int, last: dt.date, first: dt.date | None) -> tuple[ImportedVisit, ...]:
    """`count` visits ending on `last`: see the module's docstring."""
    if count <= 1:
        return (ImportedVisit(last, False),)
    if first is not None:
        span = (last - first).days
        days = [first + dt.timedelta(days=span * k // (count - 1)) for k in range(count)]
        return tuple(ImportedVisit(day, k not in (0, count - 1)) for k, day in enumerate(days))
    step = max(1, _YEAR_DAYS // count)
    return tuple(
        ImportedVisit(last - dt.timedelta(days=step * k), k != 0) for k in reversed(range(count))
    )


def _count(text: str, reasons: list[str]) -> int:
    plain = text.strip().replace("\u00a0", "").replace(" ", "")
    if not plain:
        return 0
    if plain.endswith(".0"):  # a spreadsheet's way of writing a whole number
        plain = plain[:-2]
    if not plain.isdigit():
        reasons.append(_("visits: {value} is not a number of visits").format(value=quoted(text)))
        return 0
    count = int(plain)
    if count > MAX_VISITS:
        reasons.append(
            _("visits: {value} is more visits than a guest makes (at most {limit})").format(
                value=number(count), limit=number(MAX_VISITS)
            )
        )
        return 0
    return count


def _date(
    text: str, today: dt.date, what: str, reasons: list[str], order: DateOrder
) -> dt.date | None:
    if not text.strip():
        return None
    try:
        day = text.strip()[:10] if _ISO_TIME.match(text.strip()) else text
        return visit_date(day, today, order)
    except DateError as error:
        reasons.append(
            # Translators: {what} is "last visit" or "first visit".
            with_order_said(
                _("{what} {value}: {error}").format(what=what, value=quoted(text), error=error),
                text,
                order,
            )
        )
        return None


# An ISO date with a time after it ('2026-10-02 19:30:00', '2026-10-02T19:30'): its date.
_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[ T]\d")
