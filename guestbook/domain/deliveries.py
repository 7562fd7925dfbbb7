"""What became of a message for one guest: the one list of delivery states, with their words
(storage.message_tables' CHECK, the CLI and the Messages screens read it).

- queued: waiting to go (now, or at the hours an SMS may go at), or handed over: letters in a
  PDF, SMS in a file for a gateway, a call on the agenda;
- sent: the server or the gateway accepted it;
- failed: refused, with the reason; tried again at the next send;
- skipped: the guest is left out (domain.reach: no contact data, no consent, erased).
"""

from __future__ import annotations

from guestbook.i18n import N_

# In the order the Messages screens' filter cycles through them.
DELIVERY_STATE_LABELS: dict[str, str] = {
    "queued": N_("queued"),
    "sent": N_("sent"),
    "failed": N_("failed"),
    "skipped": N_("skipped"),
}
DELIVERY_STATES: tuple[str, ...] = tuple(DELIVERY_STATE_LABELS)
