"""The language is chosen as product.md says, and dates, amounts and numbers are written its
way: the contract's own examples ("samedi 29 nov.", "1 234,50 €")."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.domain.calls import CallStatus, Reason
from guestbook.i18n import choose_language, date_text, money, month_text, number
from guestbook.services.agenda.calls import AgendaCall
from guestbook.services.agenda.describe import describe_reason

SATURDAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("setting", "environ", "chosen"),
    [
        ("fr", {"GUESTBOOK_LANG": "en", "LANG": "en_GB.UTF-8"}, "fr"),  # the setting first
        ("", {"GUESTBOOK_LANG": "fr", "LANG": "en_GB.UTF-8"}, "fr"),  # then GUESTBOOK_LANG
        ("", {"LANG": "fr_FR.UTF-8"}, "fr"),  # then the locale
        ("", {"LC_ALL": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),  # LC_ALL before LANG
        ("", {"LC_MESSAGES": "fr_BE.UTF-8", "LANG": "C"}, "fr"),
        ("", {"LANG": "de_DE.UTF-8"}, "en"),  # neither: English
        ("", {}, "en"),
    ],
)
def test_the_language_is_chosen_in_the_contract_s_order(
    setting: str, environ: dict[str, str], chosen: str
) -> None:
    assert choose_language(setting, environ) == chosen


def test_an_unknown_language_is_refused_plainly() -> None:
    with pytest.raises(ValueError, match="use fr or en"):
        choose_language("de", {})


def test_french_dates_amounts_and_numbers(french: None) -> None:
    assert date_text(SATURDAY, "full_weekday") == "samedi 28 nov."
    assert date_text(SATURDAY, "weekday") == "sam. 28 nov."
    assert date_text(SATURDAY, "long") == "samedi 28 novembre 2026"
    assert date_text(SATURDAY, "numeric") == "28/11/2026"
    assert month_text(SATURDAY) == "novembre 2026"
    # Babel separates thousands with a narrow no-break space, and the euro follows.
    assert money(123450).replace("\u202f", " ").replace("\xa0", " ") == "1 234,50 €"
    assert number(1234567).replace("\u202f", " ") == "1 234 567"


def test_english_dates_amounts_and_numbers() -> None:
    assert date_text(SATURDAY, "full_weekday") == "Saturday 28 Nov"
    assert date_text(SATURDAY, "weekday") == "Sat 28 Nov"
    assert date_text(SATURDAY, "long") == "Saturday 28 November 2026"
    assert money(123450) == "€1,234.50"
    assert number(1234567) == "1,234,567"


def _birthday_call(turning: int | None, milestone: bool = False) -> AgendaCall:
    return AgendaCall(
        guest_id=1,
        name="Hélène Dupont",
        phone="+33612345678",
        reason=Reason.BIRTHDAY,
        due_on=SATURDAY - dt.timedelta(days=7),
        event_on=SATURDAY,
        status=CallStatus.UPCOMING,
        occasion_on=SATURDAY,
        turning=turning,
        milestone=milestone,
    )


def test_the_chef_reads_the_whole_weekday_in_french(french: None) -> None:
    assert describe_reason(_birthday_call(50, milestone=True)) == (
        "Anniversaire samedi 28 nov., 50 ans ◎"
    )
    assert describe_reason(_birthday_call(None)) == "Anniversaire samedi 28 nov."


def test_the_chef_reads_the_whole_weekday_in_english() -> None:
    assert describe_reason(_birthday_call(50, milestone=True)) == (
        "Birthday Saturday 28 Nov, turning 50 ◎"
    )
