"""Checking one imported row: every value valid, or every reason it is not.

A row is never half imported or guessed at: one bad value rejects the whole row, and the
reasons name each problem so the owner can fix the rejects file and import it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from guestbook.domain.birthdays import Birthday, BirthdayError, parse_birthday
from guestbook.domain.channels import CHANNELS
from guestbook.domain.contact import ContactError
from guestbook.domain.dates import DateOrder
from guestbook.domain.guest_form import parse_allergies
from guestbook.domain.text import display_name, fold, key_of_folds
from guestbook.exchange.date_order import with_order_said
from guestbook.exchange.guest_file import RowValues
from guestbook.exchange.values import CONSENT_VALUES, parse_consent
from guestbook.i18n import _, quoted
from guestbook.services.importing.contacts import compact_phone, email_address, phone_e164
from guestbook.services.importing.history import ImportedVisit, read_history, split_allergy_notes


@dataclass(frozen=True, slots=True)
class ValidRow:
    """A row whose every value is usable, normalised (phones E.164, emails lower-cased)."""

    line: int
    first_name: str
    last_name: str
    phones: tuple[str, ...]
    emails: tuple[str, ...]
    birthday: Birthday | None
    partner: str
    address: str
    postcode: str
    notes: str
    preferences: str
    consent: dict[str, bool]  # only the channels the row says something about
    first_key: str  # folded once: matching compares them again and again
    last_key: str
    allergies: tuple[tuple[str, str], ...] = ()  # (allergen, note), from an allergy column
    allergy_notes: tuple[str, ...] = ()  # parts of the notes about an allergy: to check
    visits: tuple[ImportedVisit, ...] = ()  # the old system's history
    partner_is_name: bool = False  # the partner is a name only: never linked to a namesake

    @property
    def name_key(self) -> str:
        return key_of_folds(self.first_key, self.last_key)

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name)


def _postcode(text: str, region: str) -> str:
    """A French postcode a spreadsheet read as a number lost its leading 0 (06000 Nice became
    6000): it gets it back. Anything else is kept as written."""
    postcode = text.strip()
    if region.upper() == "FR" and len(postcode) == 4 and postcode.isascii() and postcode.isdigit():
        return f"0{postcode}"
    return postcode


def _without_its_plus(text: str, region: str) -> str | None:
    """A spreadsheet that took '+33612345678' for a number kept 33612345678: the international
    number it was, when that is a valid one (a national number starts with 0, never repaired)."""
    digits = compact_phone(text)
    if not (digits.isascii() and digits.isdigit()) or digits.startswith("0"):
        return None
    if not 8 <= len(digits) <= 15:
        return None
    try:
        return phone_e164(f"+{digits}", region)
    except ContactError:
        return None


def _consents(values: RowValues, reasons: list[str]) -> dict[str, bool]:
    """The row's answers per channel (not asked left out); what is not yes or no goes to
    `reasons`."""
    consent: dict[str, bool] = {}
    for channel in CHANNELS:
        text = values.consent.get(channel, "")
        try:
            granted = parse_consent(text)
        except ValueError:
            reasons.append(
                # Translators: {channel} is the channel's key, as --consent takes it: call,
                # sms, email, post.
                _("consent {channel}: {value} is not yes or no ({values})").format(
                    channel=channel, value=quoted(text), values=_(CONSENT_VALUES)
                )
            )
            continue
        if granted is not None:
            consent[channel] = granted
    return consent


def _birthday(
    values: RowValues, today: dt.date, order: DateOrder, reasons: list[str]
) -> Birthday | None:
    """The row's birthday read in the file's date order; what is wrong goes to `reasons`."""
    if not values.birthday:
        return None
    try:
        # A birthday made of day / month / year columns is built day first.
        return parse_birthday(
            values.birthday, today, "day_first" if values.birthday_from_parts else order
        )
    except BirthdayError as error:
        reason = _("birthday {value}: {error}").format(value=quoted(values.birthday), error=error)
        if not values.birthday_from_parts:
            reason = with_order_said(reason, values.birthday, order)
        reasons.append(reason)
        return None


def check_row(
    line: int,
    values: RowValues,
    *,
    today: dt.date,
    region: str,
    order: DateOrder = "day_first",
) -> ValidRow | list[str]:
    """The row, checked; or the list of every reason it cannot be imported. `order` is the
    file's date order (decided for the whole file)."""
    if values.problems:  # the row itself cannot be trusted: its values are not checked
        return list(values.problems)
    reasons = [] if values.first_name or values.last_name else [_("no first or last name")]
    phones: list[str] = []
    for text in values.phones:
        try:
            phones.append(phone_e164(text, region))
        except ContactError as error:
            repaired = _without_its_plus(text, region)
            if repaired is None:
                reasons.append(_("phone: {error}").format(error=error))
            else:
                phones.append(repaired)
    emails: list[str] = []
    for text in values.emails:
        try:
            emails.append(email_address(text))
        except ContactError as error:
            reasons.append(_("email: {error}").format(error=error))
    birthday = _birthday(values, today, order, reasons)
    consent = _consents(values, reasons)
    visits, history_problems = read_history(
        values.visit_count, values.last_visit, values.first_visit, today, order
    )
    reasons += history_problems
    if reasons:
        return reasons
    notes, allergy_notes = split_allergy_notes(values.notes)
    return ValidRow(
        line=line,
        first_name=values.first_name,
        last_name=values.last_name,
        phones=tuple(dict.fromkeys(phones)),
        emails=tuple(dict.fromkeys(emails)),
        birthday=birthday,
        partner=values.partner,
        partner_is_name=values.partner_is_name,
        address=values.address,
        postcode=_postcode(values.postcode, region),
        notes=notes,
        preferences=values.preferences,
        consent=consent,
        first_key=fold(values.first_name),
        last_key=fold(values.last_name),
        allergies=parse_allergies(values.allergies),
        allergy_notes=allergy_notes,
        visits=visits,
    )
