"""The order of a file's all-digit dates, decided once for the whole file, never row by row.

'03/12/1970' is 3 December to a French system and 12 March to a US one (Outlook.com, Square
US). Reading each row on its own would make a birthday of one row day-first and the next
month-first; so the file's dates decide together:

- the values, when some of them tell: a first number above 12 is a day (day first), a second
  number above 12 is a day (month first); if both kinds are there, the more common one wins
  and the others are rejected with their reason, for the owner to look at;
- else the source system's convention, known from its header row (Outlook in English and
  Square write month first);
- else day first, as every French system does.

The owner sees which order was used, and why, in the preview, and can switch it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from guestbook.domain.dates import DateOrder, numeric_parts
from guestbook.exchange.headers import header_key
from guestbook.i18n import _, ngettext, number

__all__ = ["DateOrderChoice", "decide_order", "month_first_system", "with_order_said"]

OrderBasis = Literal["values", "system", "usual", "chosen"]

# Header keys (folded, no spaces) only a month-first system's export has: Outlook in English
# (its French export has 'Code postal (domicile)') and Square.
_MONTH_FIRST_MARKERS = {
    "Outlook": frozenset({"homepostalcode", "homestreet", "businessphone", "mobilephone"}),
    "Square": frozenset({"squarecustomerid", "emailsubscriptionstatus", "referenceid"}),
}
_MARKERS_NEEDED = 2  # one common header ('Mobile Phone') is not yet a system


@dataclass(frozen=True, slots=True)
class DateOrderChoice:
    """The order a file's all-digit dates are read in, and why."""

    order: DateOrder = "day_first"
    basis: OrderBasis = "usual"
    numeric: int = 0  # the file's all-digit dates: with none, the order changes nothing
    day_first_shown: int = 0  # dates whose first number is above 12
    month_first_shown: int = 0  # dates whose second number is above 12
    example: str = ""  # a value that shows the order taken, when the values decided
    system: str = ""  # the system whose convention was followed

    def switched(self, order: DateOrder) -> DateOrderChoice:
        """The same file's dates read in `order`, as the owner chose."""
        return DateOrderChoice(
            order, "chosen", self.numeric, self.day_first_shown, self.month_first_shown
        )

    @property
    def against(self) -> int:
        """Dates that cannot be right in this order (they are rejected with their row)."""
        return self.month_first_shown if self.order == "day_first" else self.day_first_shown

    def note(self) -> str:
        """The sentence of the preview and the summary ("" when no date depends on the order)."""
        if not self.numeric:
            return ""
        if self.order == "day_first":
            order = _("Dates read day first (03/12/1970 is 3 December)")
        else:
            order = _("Dates read month first (03/12/1970 is 12 March)")
        if self.basis == "values":
            why = _("as the file's values show ({example})").format(example=self.example)
        elif self.basis == "system":
            why = _("as {system} writes them; no value tells").format(system=self.system)
        elif self.basis == "chosen":
            why = _("as you chose")
        else:
            why = _("as French systems write them; no value tells")
        sentence = _("{order}, {why}.").format(order=order, why=why)
        if self.against:
            sentence += " " + ngettext(
                "{count} date cannot be read in that order: its row is rejected.",
                "{count} dates cannot be read in that order: their rows are rejected.",
                self.against,
            ).format(count=number(self.against))
        return sentence

    def to_json(self) -> dict[str, object]:
        return {
            "order": self.order,
            "basis": self.basis,
            "numeric_dates": self.numeric,
            "example": self.example or None,
            "system": self.system or None,
        }


def with_order_said(reason: str, text: str, order: DateOrder) -> str:
    """A date's reason for rejection, with the order it was read in when that mattered (an
    all-digit date): '26 is not a month: months go from 1 to 12 (read month first, as this
    file's dates are)'."""
    if numeric_parts(text) is None:
        return reason
    if order == "month_first":
        return _("{reason} (read month first, as this file's dates are)").format(reason=reason)
    return _("{reason} (read day first, as this file's dates are)").format(reason=reason)


def month_first_system(headers: Sequence[str]) -> str:
    """The month-first system whose header row this is ('Outlook', 'Square'), or ""."""
    keys = {header_key(header) for header in headers}
    for system, markers in _MONTH_FIRST_MARKERS.items():
        if len(keys & markers) >= _MARKERS_NEEDED:
            return system
    return ""


def decide_order(texts: Iterable[str], system: str = "") -> DateOrderChoice:
    """The order of the dates in `texts` (a file's birthdays and visit dates, as written),
    following the file's `system` when the values do not tell."""
    numeric = day_shown = month_shown = 0
    day_example = month_example = ""
    # Each distinct text read once: a file's dates repeat (a hundred thousand birthdays hold
    # a few tens of thousands of different ones), and reading one is the costly part.
    for text, count in Counter(text for text in texts if text).items():
        parts = numeric_parts(text)
        if parts is None:
            continue
        numeric += count
        first, second = parts
        if first > 12 >= second:
            day_shown += count
            day_example = day_example or text
        elif second > 12 >= first:
            month_shown += count
            month_example = month_example or text
    if day_shown or month_shown:
        order: DateOrder = "day_first" if day_shown >= month_shown else "month_first"
        example = day_example if order == "day_first" else month_example
        return DateOrderChoice(order, "values", numeric, day_shown, month_shown, example.strip())
    if system:
        return DateOrderChoice("month_first", "system", numeric, system=system)
    return DateOrderChoice("day_first", "usual", numeric)
