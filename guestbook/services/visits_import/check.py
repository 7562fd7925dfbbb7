"""Checking one ticket: every value usable, or every reason it is not.

A ticket is never half recorded or guessed at: one bad value rejects it, and the reasons name
each problem so the owner can fix the rejects file and import it again. The date is read as
every typed visit date is (domain.dates.visit_date: day first, never in the future), in the
order decided for the whole file; the amount in euros with a comma or a dot.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from guestbook.domain.contact import ContactError
from guestbook.domain.dates import DateError, DateOrder, visit_date
from guestbook.domain.text import display_name, fold, key_of_folds
from guestbook.exchange.date_order import with_order_said
from guestbook.i18n import _, language, quoted
from guestbook.services.importing.contacts import email_address, phone_e164
from guestbook.services.visits_import.tickets import TicketRow, TicketValues


@dataclass(frozen=True, slots=True)
class ValidTicket:
    """A ticket whose every value is usable: phones E.164, emails lower-cased, names folded."""

    line: int
    visited_on: dt.date
    party_size: int
    amount_cents: int
    ticket: str  # its number as written, "" when the file has none
    first_name: str
    last_name: str
    first_key: str
    last_key: str
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    full_name: bool = False  # from one column: first and last may be the other way round

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name) if self.has_name else ""

    @property
    def has_name(self) -> bool:
        return bool(self.first_key or self.last_key)

    @property
    def name_keys(self) -> tuple[str, ...]:
        """The name keys (domain.text.name_key) the guest may have: a name from one column
        ('Dupont Hélène') is tried both ways round."""
        keys = [key_of_folds(self.first_key, self.last_key)]
        if self.full_name and self.first_key and self.last_key:
            keys.append(key_of_folds(self.last_key, self.first_key))
        return tuple(keys)

    @property
    def key(self) -> str | None:
        """What makes a numbered ticket the same ticket in another file: its date and number
        (a till may number its tickets again from 1 each day). None without a number."""
        return f"{self.visited_on.isoformat()} {self.ticket}" if self.ticket else None


class AmountError(ValueError):
    """An amount that cannot be read; the message says why."""


_CURRENCY = re.compile(r"€|\beur(?:os?)?\b", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")  # '1 234,00', '1'234.00'
_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")


_PLAIN = re.compile(r"(\d{1,9})(?:[.,](\d{1,2}))?")  # '42,50', '84': most tills' amounts


def parse_amount(text: str) -> int:
    """'42,50', '42.50 €', '1 234,00', '1.234,00', '1,234.00', 'EUR 42' → cents. Money never
    goes through a float."""
    plain_match = _PLAIN.fullmatch(text)
    if plain_match:
        whole, fraction = plain_match.groups()
        return int(whole) * 100 + int(((fraction or "") + "00")[:2])
    plain = _SPACES.sub("", _CURRENCY.sub("", text))
    if not plain:
        raise AmountError(_("no amount"))
    negative = plain.startswith("-") or (plain.startswith("(") and plain.endswith(")"))
    digits = plain.strip("()").removeprefix("-").removeprefix("+")
    if not _DIGITS.fullmatch(digits):
        raise AmountError(
            _("{value} is not an amount: write 42,50 or 42.50").format(value=quoted(text))
        )
    separators = [char for char in digits if char in ".,"]
    whole, fraction = digits, ""
    if separators:
        last = separators[-1]
        if separators.count(last) == 1:
            whole, _point, fraction = digits.rpartition(last)
            if len(fraction) > 2:
                raise AmountError(
                    _("{value}: an amount has at most two decimals").format(value=quoted(text))
                )
        groups = re.split(r"[.,]", whole)
        if any(len(group) != 3 for group in groups[1:]):
            raise AmountError(
                _("{value} is not an amount: write 42,50 or 42.50").format(value=quoted(text))
            )
        whole = "".join(groups)
    cents = int(whole) * 100 + int((fraction + "00")[:2])
    if negative and cents:
        raise AmountError(
            _("{value} is negative: a refund is not a visit").format(value=quoted(text))
        )
    return cents


@functools.lru_cache(maxsize=4096)
def _visit_day(text: str, today: dt.date, order: DateOrder, _language: str) -> dt.date | str:
    """The visit's date, or why it cannot be one, in `_language` (a file holds few distinct
    dates: each is read once)."""
    if not text.strip():
        return _("no date")
    try:
        return visit_date(text, today, order)
    except DateError as error:
        reason = _("date {value}: {error}").format(value=quoted(text), error=error)
        return with_order_said(reason, text, order)


def _party_size(text: str, has_column: bool, reasons: list[str]) -> int:
    """The party size (couverts): 1 when the file has no such column or the cell is empty."""
    if not text or not has_column:
        return 1
    plain = text.removesuffix(".0").removesuffix(",0")  # a spreadsheet's 2.0
    if plain.isascii() and plain.isdigit() and 1 <= int(plain) <= 999:
        return int(plain)
    reasons.append(
        _("party size {value}: write how many sat at the table, such as 2").format(
            value=quoted(text)
        )
    )
    return 1


def check_ticket(
    row: TicketRow, *, today: dt.date, region: str, order: DateOrder, has_party_size: bool
) -> ValidTicket | list[str]:
    """The ticket, checked; or every reason it cannot be recorded. `order` is the file's date
    order (decided for the whole file)."""
    if row.problem:  # the row itself cannot be trusted: its values are not checked
        return [row.problem]
    values = row.values
    reasons: list[str] = []
    day = _visit_day(values.date, today, order, language())
    if isinstance(day, str):
        reasons.append(day)
    party = _party_size(values.party_size, has_party_size, reasons)
    try:
        cents = parse_amount(values.amount)
    except AmountError as error:
        reasons.append(_("amount: {error}").format(error=error))
        cents = 0
    phones, emails = _contacts(values, region, reasons)
    first_key = fold(values.first_name) if values.first_name else ""
    last_key = fold(values.last_name) if values.last_name else ""
    if not (values.phones or values.emails or first_key or last_key):
        reasons.append(_("no phone, email or name: nothing says who the guest was"))
    if reasons or isinstance(day, str):
        return reasons
    return ValidTicket(
        line=row.line,
        visited_on=day,
        party_size=party,
        amount_cents=cents,
        ticket=values.ticket,
        first_name=values.first_name,
        last_name=values.last_name,
        first_key=first_key,
        last_key=last_key,
        phones=phones,
        emails=emails,
        full_name=values.full_name,
    )


def _contacts(
    values: TicketValues, region: str, reasons: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    phones: list[str] = []
    for text in values.phones:
        phone, problem = _phone(text, region, language())
        if problem:
            reasons.append(problem)
        else:
            phones.append(phone)
    emails: list[str] = []
    for text in values.emails:
        email, problem = _email(text, language())
        if problem:
            reasons.append(problem)
        else:
            emails.append(email)
    return tuple(dict.fromkeys(phones)), tuple(dict.fromkeys(emails))


# A guest's phone and email come back ticket after ticket: each is checked once (the reason a
# value is refused, in the language shown).


@functools.lru_cache(maxsize=65536)
def _phone(text: str, region: str, _language: str) -> tuple[str, str]:
    """(E.164, "") or ("", why the phone is refused)."""
    try:
        return phone_e164(text, region), ""
    except ContactError as error:
        return "", _("phone: {error}").format(error=error)


@functools.lru_cache(maxsize=65536)
def _email(text: str, _language: str) -> tuple[str, str]:
    """(the address, "") or ("", why the email is refused)."""
    try:
        return email_address(text), ""
    except ContactError as error:
        return "", _("email: {error}").format(error=error)
