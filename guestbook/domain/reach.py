"""Which channel a message takes to a guest, or why none does (shared/product.md, "Messages" →
"Purposes"): the one statement of the rule, which the plan's SQL feeds with each guest's
usable channels and consents and never writes again.

- A service notice (no consent needed) takes the first channel in the restaurant's order for
  which the guest has usable contact data and that they have not withdrawn; failing that, the
  first usable one (a notice of a faulty dish reaches them even so).
- A message that needs consent takes the first usable channel whose consent is granted; a guest
  with usable data but no such consent is left out for `no_consent`.
- A guest with no usable contact data is left out for `no_contact`; an erased guest, `erased`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from guestbook.i18n import N_

ERASED, NO_CONTACT, NO_CONSENT = "erased", "no_contact", "no_consent"
LEFT_OUT: tuple[str, ...] = (NO_CONTACT, NO_CONSENT, ERASED)
# News whose only accepted way was SMS, with no opt-out mention set to end it with (setting
# sms_stop): services.messages leaves them out for it, rather than plan SMS certain to fail.
NO_SMS_STOP = "no_sms_stop"
# Why a guest is left out, as staff read it (translated where shown).
LEFT_OUT_LABELS: dict[str, str] = {
    NO_CONTACT: N_("no contact data"),
    NO_CONSENT: N_("no consent"),
    ERASED: N_("erased"),
    NO_SMS_STOP: N_("SMS only, no opt-out mention (sms_stop)"),
}


def channel_for(
    usable: Mapping[str, bool],
    consent: Mapping[str, bool | None],
    *,
    erased: bool,
    order: Sequence[str],
    needs_consent: bool,
) -> str:
    """The channel that reaches the guest, or the reason they are left out (LEFT_OUT)."""
    if erased:
        return ERASED
    reachable = [key for key in order if usable.get(key)]
    if not reachable:
        return NO_CONTACT
    if needs_consent:
        return next((key for key in reachable if consent.get(key) is True), NO_CONSENT)
    return next((key for key in reachable if consent.get(key) is not False), reachable[0])
