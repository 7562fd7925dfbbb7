"""The app's top-level sections: one place that names them, their keys and their screens.

Titles and help are English, marked with N_: translated where they are shown (`_`)."""

from __future__ import annotations

from dataclasses import dataclass

from guestbook.i18n import N_


@dataclass(frozen=True)
class Section:
    mode: str
    title: str  # English (marked): shown through `_`
    key: str  # quick key, when no text box has the focus
    function_key: str  # works everywhere, even while typing
    help: str  # English (marked): shown through `_`


SECTIONS: tuple[Section, ...] = (
    Section(
        "agenda",
        N_("Agenda"),
        "1",
        "f2",
        N_("Today's calls: birthdays, thank-yous, regulars to win back"),
    ),
    Section("guests", N_("Guests"), "2", "f3", N_("Search guests, open their card")),
    Section(
        "checkout", N_("Checkout"), "3", "f4", N_("Record a table: who came, birthdays, rewards")
    ),
    Section("calendar", N_("Calendar"), "4", "f5", N_("Birthdays month by month")),
    Section(
        "referrals", N_("Referrals"), "5", "f6", N_("Who brought whom: sponsors and ambassadors")
    ),
)
