"""Where a consent was given or withdrawn (consent_event.source), in words: the sources
guestbook writes are translated; any other is an imported file's name, shown as stored."""

from __future__ import annotations

from guestbook.i18n import N_, _

# Written by services.guests.form (card), services.checkout, services.guests.merge; "phone" by
# the demo's withdrawals, as a host records one said on the phone.
CONSENT_SOURCES = {
    "card": N_("card"),
    "checkout": N_("checkout"),
    "merge": N_("merge of two cards"),
    "phone": N_("on the phone"),
}


def source_text(source: str) -> str:
    """A consent event's source, in the language shown."""
    return _(CONSENT_SOURCES[source]) if source in CONSENT_SOURCES else source
