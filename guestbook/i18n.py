"""The words guestbook shows, in French or English, and dates, amounts and numbers written the
language's way.

Every string a user can see goes through `_` (or `ngettext` when it counts something) where it
is shown. A string defined at import time (a registry's label, a key's description, a section's
title) is marked with `N_` where it is defined and translated where it is shown, so switching
the language switches every word. The catalogues are gettext's, under guestbook/locale/, made
with Babel (see the README's "Translations"); English is the source language.

The language is chosen once per process (`set_language`), before the app or a command speaks:
the `--lang` option, else the `language` setting, else GUESTBOOK_LANG, else the locale (LC_ALL,
LC_MESSAGES, LANG: French when it starts with "fr"), else English.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext
import os
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Literal

Language = Literal["en", "fr"]
LANGUAGES: tuple[Language, ...] = ("en", "fr")
DOMAIN = "guestbook"
LOCALE_DIR = Path(__file__).with_name("locale")

_language: Language = "en"
_translation: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """`message` in the current language."""
    return _eliding(_translation.gettext(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` ("1 call", "2 calls"), in the current language."""
    return _eliding(_translation.ngettext(singular, plural, count))


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where the same English word needs another
    translation in another place ("Date" of a visit, "date" to jump to)."""
    return _eliding(_translation.pgettext(context, message))


# French elides "de" and "que" before a vowel or a mute h: "Avis d’Anne", "Même téléphone
# qu’Hélène". The name is known only when the message is formatted, so a French message
# elides then (a Y is left alone: "de Yann", and a digit too: "de 8 couverts").
_ELIDES = re.compile(r"\b([Dd]e|[Qq]ue) (\{(\w+)(?:[!:][^{}]*)?\})")
_ELIDED_START = re.compile(r"[AEIOUHÀÂÄÆÉÈÊËÎÏÔŒÙÛÜaeiouhàâäæéèêëîïôœùûü]")


class _French(str):
    """A French message whose `format` elides "de" and "que" before the values that start
    with a vowel or an h."""

    __slots__ = ()

    def format(self, *args: object, **values: object) -> str:
        def elide(match: re.Match[str]) -> str:
            value = values.get(match[3])
            if not (isinstance(value, str) and _ELIDED_START.match(value)):
                return match[0]
            word = match[1]
            return f"{word[0] if word in ('de', 'De') else word[:2]}’{match[2]}"

        return str.format(_ELIDES.sub(elide, self) if values else self, *args, **values)


def _eliding(message: str) -> str:
    return _French(message) if _language == "fr" and "{" in message else message


def N_(message: str) -> str:
    """Marks a string to translate where it is shown, not where it is defined."""
    return message


def language() -> Language:
    return _language


def quoted(value: object) -> str:
    """`value` quoted in a message the language's way: « 12,5x » in French, '12,5x' in English
    (Python's repr, as before), what cannot be seen written as an escape (a tab as \\t)."""
    if _language != "fr":
        return repr(str(value))
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(value))
    return f"« {shown} »"


def choose_language(
    setting: str | None = None, environ: Mapping[str, str] | None = None
) -> Language:
    """The setting, else GUESTBOOK_LANG, else the locale, else English (product.md)."""
    environ = os.environ if environ is None else environ
    for value in (setting, environ.get("GUESTBOOK_LANG")):
        if value:
            return _known(value)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:  # the first one set decides, as for any program
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def _known(value: str) -> Language:
    code = value.strip().lower()[:2]
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {value!r}: use fr or en")
    return "fr" if code == "fr" else "en"


def set_language(value: str) -> None:
    """Speak `value` from now on, here and in click's own texts (usage, errors)."""
    global _language, _translation
    _language = _known(value)
    _translation = _catalogue(_language)
    # click translates its texts through gettext's module functions: the same catalogue.
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = _language


@functools.cache
def _catalogue(code: Language) -> gettext.NullTranslations:
    if code == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])


# --- Dates, amounts and numbers, the language's way ---------------------------------------------

DateStyle = Literal[
    "long",
    "full_weekday",
    "weekday",
    "weekday_year",
    "day_month",
    "day_month_year",
    "letter",
    "numeric",
]

# Babel patterns (CLDR): the same day-first order in both languages, the words the language's.
_PATTERNS: dict[DateStyle, str] = {
    "long": "EEEE d MMMM y",  # Sunday 22 November 2026 / dimanche 22 novembre 2026
    "full_weekday": "EEEE d MMM",  # Sunday 29 Nov / dimanche 29 nov.
    "weekday": "EEE d MMM",  # Sun 29 Nov / dim. 29 nov.
    "weekday_year": "EEE d MMM y",  # Sun 29 Nov 2026 / dim. 29 nov. 2026
    "day_month": "d MMM",  # 29 Nov / 29 nov.
    "day_month_year": "d MMM y",  # 29 Nov 2026 / 29 nov. 2026
    "letter": "d MMMM y",  # 29 November 2026 / 29 novembre 2026 (a letter's date, a message's)
    "numeric": "dd/MM/y",  # 29/11/2026
}


def date_text(day: dt.date, style: DateStyle = "day_month_year") -> str:
    """A date written the current language's way."""
    from babel.dates import format_date

    return str(format_date(day, _PATTERNS[style], locale=_language))


def month_text(day: dt.date) -> str:
    """'November 2026' / 'novembre 2026'."""
    from babel.dates import format_date

    return str(format_date(day, "LLLL y", locale=_language))


def money(cents: int) -> str:
    """Integer cents as the language writes an amount in euros: '€1,234.50' / '1 234,50 €'."""
    from babel.numbers import format_currency

    return str(format_currency(Decimal(cents) / 100, "EUR", locale=_language))


def number(value: int) -> str:
    """A whole number with the language's separators: '1,234' / '1 234'."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_language))
