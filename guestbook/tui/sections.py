"""The app's top-level sections: one place that names them, their keys and their screens."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    mode: str
    title: str
    key: str  # quick key, when no text box has the focus
    function_key: str  # works everywhere, even while typing
    help: str


SECTIONS: tuple[Section, ...] = (
    Section(
        "agenda", "Agenda", "1", "f2", "Today's calls: birthdays, thank-yous, regulars to win back"
    ),
    Section("guests", "Guests", "2", "f3", "Search guests, open their card"),
    Section("checkout", "Checkout", "3", "f4", "Record a table: who came, birthdays, rewards"),
    Section("calendar", "Calendar", "4", "f5", "Birthdays month by month"),
    Section("referrals", "Referrals", "5", "f6", "Who brought whom: sponsors and ambassadors"),
)
