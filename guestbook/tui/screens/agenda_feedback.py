"""The agenda's feedback key: after a call (or before it, or on a call missed), the guest's
feedback, given by phone, recorded from the row in focus (tui.dialogs.feedback_dialog); and
what a call needs to be logged, its response included for a feedback call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import OptionList

from guestbook.i18n import _
from guestbook.services.agenda.calls import AgendaCall
from guestbook.tui.screens.agenda_view import Listing
from guestbook.tui.screens.base import SectionScreen

if TYPE_CHECKING:
    from guestbook.services.agenda.log import CallToLog


def call_to_log(call: AgendaCall) -> CallToLog:
    """The occasion an outcome is logged under: for a thank-you its referral, for a feedback
    call its response, for a notice call the message's delivery."""
    # The write path loads the ORM tables: imported on first use, not at start-up.
    from guestbook.services.agenda.log import CallToLog

    return CallToLog(
        call.guest_id,
        call.reason,
        call.occasion_on,
        call.phone,
        referral_id=call.referral_id,
        feedback_id=call.feedback_id,
        delivery_id=call.delivery_id,
    )


class AgendaFeedback(SectionScreen):
    """The agenda screen's feedback key; the agenda screen is one of these."""

    listing: Listing

    def action_feedback(self) -> None:
        option = self.query_one("#calls", OptionList).highlighted_option
        call = self.listing.call_of(option.id) if option and option.id else None
        if call is None:
            self.notify(_("Pick a call first (arrow keys)."), severity="warning")
            return
        if not self.services.staff:
            from guestbook.tui.dialogs.staff_name import ask_staff

            def answered(name: str) -> None:
                self.services.staff = name.strip()
                self.action_feedback()

            ask_staff(
                self,
                "calls",
                _("Who is calling?"),
                _("Asked once: your name goes in the call log."),
                answered,
            )
            return
        from guestbook.tui.dialogs.feedback_dialog import ask_feedback

        ask_feedback(self, call.guest_id, call.name, channel="phone", staff=self.services.staff)
