"""The app's top-level sections: one place that names them, their keys and their screens.

Titles and help are English, marked with N_: translated where they are shown (`_`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

from guestbook.i18n import N_


@dataclass(frozen=True)
class Section:
    mode: str
    title: str  # English (marked): shown through `_`
    key: str  # quick key, when no text box has the focus
    function_key: str | None  # works everywhere, even while typing (None: no function key
    # left for it: F7–F9 and F12 open the dialogs, F10 and F11 are the terminal's own)
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
    Section(
        "reports",
        N_("Reports"),
        "6",
        None,
        N_("The owner's figures: calls, loyalty, revenue, feedback, beside the period before"),
    ),
    Section(
        "messages",
        N_("Messages"),
        "7",
        None,
        N_("Write to guests by email, SMS, letter or call: plan, send, see what became of it"),
    ),
)


def section_bindings() -> list[BindingType]:
    # Not in the footer: the section bar under the header shows them. The digit works when
    # no text box has the focus (digits are typed into phone numbers); the function key,
    # a priority binding, works everywhere.
    bindings: list[BindingType] = []
    for s in SECTIONS:
        action = f"section('{s.mode}')"
        bindings.append(Binding(s.key, action, s.title, id=f"section.{s.mode}", show=False))
        if s.function_key is None:
            continue
        bindings.append(
            Binding(
                s.function_key,
                action,
                s.title,
                id=f"section.{s.mode}.fkey",
                show=False,
                priority=True,
            )
        )
    return bindings
