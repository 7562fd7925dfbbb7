"""The consent channels: the one list of the ways a restaurant may contact a guest, with
everything that names them. The CLI's choices, the screens' labels, the export headers, the
import's header words, the tables' columns and checks are all read from here.

Adding a channel: an entry here, a `consent_<key>` column (storage.tables and a migration), and
what is new about reaching guests by it. Nothing else lists the channels.
"""

from __future__ import annotations

from dataclasses import dataclass

from guestbook.i18n import N_


@dataclass(frozen=True)
class Channel:
    # label, audience, export_header and wording are English, marked with N_: shown through
    # `_` (the wording through Settings.wording, which a settings file may override).
    key: str  # stored, and the CLI's value: call, sms, email, post
    label: str  # what staff call it, on every screen
    audience: str  # the guests who accepted it, as an export filter says
    export_header: str  # its consent column in CSV and XLSX exports
    # Words naming it in another system's consent column ('Opt-in SMS', 'Consentement courrier'),
    # folded; the import pairs them with consent words.
    import_words: tuple[str, ...]
    wording: str  # what the guest is asked, by default (settings.consent_wordings overrides)


REGISTRY: tuple[Channel, ...] = (
    Channel(
        "call",
        N_("Phone calls"),
        N_("agreed to calls"),
        N_("Consent call"),
        ("appel", "appels", "call", "calls", "telephone", "phone", "tel"),
        N_("May the chef phone you for your birthday and special evenings?"),
    ),
    Channel(
        "sms",
        N_("Text messages"),
        N_("agreed to SMS"),
        N_("Consent SMS"),
        ("sms", "texto", "text"),
        N_("May we send you text messages about events and offers?"),
    ),
    Channel(
        "email",
        N_("Emails"),
        N_("agreed to emails"),
        N_("Consent email"),
        ("email", "e mail", "mail", "courriel", "newsletter"),
        N_("May we email you about events and offers?"),
    ),
    Channel(
        "post",
        N_("Letters"),
        N_("agreed to letters"),
        N_("Consent post"),
        ("courrier", "post", "postal", "lettre", "letters", "letter"),
        N_("May we send you letters about events and offers?"),
    ),
)

CHANNELS: tuple[str, ...] = tuple(channel.key for channel in REGISTRY)
BY_KEY: dict[str, Channel] = {channel.key: channel for channel in REGISTRY}


def consent_columns(prefix: str = "") -> str:
    """The guest row's consent columns, in CHANNELS order, for a select list."""
    return ", ".join(f"{prefix}consent_{key}" for key in CHANNELS)


def consent_of(values: tuple[object, ...] | list[object]) -> dict[str, bool | None]:
    """Channel → granted, refused or never asked (None), from the consent columns' values read
    in CHANNELS order."""
    return {
        key: None if value is None else bool(value)
        for key, value in zip(CHANNELS, values, strict=True)
    }


def sql_list(keys: tuple[str, ...] = CHANNELS) -> str:
    """The keys as an SQL list of literals (for CHECK constraints): 'call', 'sms', …"""
    return ", ".join(f"'{key}'" for key in keys)
