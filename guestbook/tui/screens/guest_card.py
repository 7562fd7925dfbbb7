"""One guest's card: who they are on the left, their history with the restaurant on the right.

Everything is read in one worker (services.guests.card.guest_card: the details, the history
and the edit form's values) and drawn by guestbook.tui.screens.card_text. From here the host
edits (e), merges another entry into this one (m), opens the partner's card (p), records
the guest's feedback (s), records that the guest objects to any contact (o), or erases the
guest at their request (x); and writes the guest's access bundle, everything stored about
them (a). The card lists the guest's latest feedback, low scores marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

from rich.console import Group
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from guestbook.domain.birthdays import age_on
from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text, ngettext, number
from guestbook.services.feedback import GuestFeedback, guest_feedback
from guestbook.services.guests.card import Card, guest_card
from guestbook.services.guests.merge import MergePreview, merge_guests
from guestbook.services.guests.merge_plan import merge_preview
from guestbook.services.messages.history import ReceivedMessage, received_messages
from guestbook.tui.screens.agenda_text import booking_day
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.card_messages import render_received
from guestbook.tui.screens.card_text import render_history, render_who

if TYPE_CHECKING:
    from guestbook.services.rights.erasure import ErasureResult
    from guestbook.tui.app import GuestbookApp


class GuestCardScreen(SectionScreen):
    SECTION = "guests"
    BINDINGS = [
        Binding("e", "edit", N_("Edit"), id="card.edit"),
        Binding("m", "merge", N_("Merge another entry in"), id="card.merge"),
        Binding("p", "partner", N_("Partner's card"), id="card.partner"),
        Binding("s", "feedback", N_("Feedback"), id="card.feedback"),
        Binding("o", "object", N_("Objects to contact"), id="card.object"),
        Binding("a", "access", N_("Access bundle"), id="card.access"),
        Binding("x", "erase", N_("Erase"), id="card.erase"),
        Binding("escape", "back", N_("Back"), id="card.back"),
        Binding("ctrl+r", "reload", N_("Refresh"), show=False, id="card.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        card: Card
        feedback: GuestFeedback
        received: list[ReceivedMessage]  # the messages written to the guest, newest first

    @dataclass
    class Previewed(Message):
        preview: MergePreview

    @dataclass
    class Merged(Message):
        preview: MergePreview

    def __init__(self, guest_id: int) -> None:
        super().__init__()
        self.guest_id = guest_id
        self.card: Card | None = None

    def compose_body(self) -> ComposeResult:
        title = Static(_("Loading…"), id="card-title")
        title.styles.height = "auto"  # a booking and rewards owed wrap rather than being cut
        yield title
        with Horizontal(id="card-body"):
            with VerticalScroll(id="card-who"):
                yield Static(id="card-details")
            with VerticalScroll(id="card-history"):
                yield Static(id="card-events")

    def on_screen_resume(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="guest-card", exit_on_error=False)
    def reload(self) -> None:
        try:
            card = guest_card(self.services, self.guest_id)
        except UserError as error:  # merged into another card meanwhile
            self.app.call_from_thread(self.gone, str(error))
            return
        feedback = guest_feedback(self.services, self.guest_id)
        received = received_messages(self.services, self.guest_id, limit=1000)
        # A newer load (after a change: an objection, a response) replaced this one: what it
        # read may be older than what the newer one shows, and arrive after it.
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.Loaded(card, feedback, received))

    def gone(self, reason: str) -> None:
        self.notify(reason, severity="warning")
        if self.is_current:
            self.dismiss()

    def on_guest_card_screen_loaded(self, message: Loaded) -> None:
        self.card = card = message.card
        d = card.details
        today = self.services.clock.today()
        title = Text(d.name, style="bold")
        title.append("   " + _("guest #{id}").format(id=d.guest_id), style="dim")
        if d.last_visit_on:
            visits = ngettext(
                "{count} visit, last {day}", "{count} visits, last {day}", d.visit_count
            )
            last = date_text(d.last_visit_on, "day_month_year")
            title.append(" · " + visits.format(count=number(d.visit_count), day=last))
        if d.booked_for is not None:
            booked = _("booked for {day}").format(day=booking_day(d.booked_for, today))
            title.append(" · " + booked, style="bold")
        if d.rewards_owed:
            owed = len(d.rewards_owed)
            words = ngettext("{count} reward owed", "{count} rewards owed", owed)
            title.append(" · " + words.format(count=number(owed)), style="bold reverse")
        if low := message.feedback.to_call_back:
            words = ngettext(
                "{count} low score to call back", "{count} low scores to call back", low
            )
            title.append(" · " + words.format(count=number(low)), style="bold")
        self.query_one("#card-title", Static).update(title)
        region = self.services.settings.phone_region
        age = age_on(d.birthday, today) if d.birthday else None
        self.query_one("#card-details", Static).update(render_who(card, region, age))
        history = render_history(card, message.feedback, today)
        self.query_one("#card-events", Static).update(
            Group(history, render_received(message.received))
        )
        self.sub_title = d.name

    # --- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_partner(self) -> None:
        if self.card is None or self.card.details.partner_id is None:
            self.notify(_("The partner is not a guest here (or none is known)."))
            return
        self.app.push_screen(GuestCardScreen(self.card.details.partner_id))

    def action_feedback(self) -> None:
        if self.card is None:
            return
        from guestbook.tui.dialogs.feedback_dialog import ask_feedback

        name = self.card.details.name
        # The card reloads as the dialog closes (on_screen_resume): the response shows.
        ask_feedback(self, self.guest_id, name, staff=self.services.staff)

    def action_access(self) -> None:
        """The guest's access bundle (services.rights.access), written where the export
        dialog would write: the folder of the session's last export, else the documents
        folder."""
        from guestbook.paths import documents_folder

        last = cast("GuestbookApp", self.app).last_export_folder
        self.write_access(last if last is not None and last.is_dir() else documents_folder())

    @work(thread=True, exclusive=True, group="guest-access", exit_on_error=False)
    def write_access(self, folder: Path) -> None:
        from guestbook.services.rights.access import write_access_bundle

        try:
            bundle = write_access_bundle(self.services, self.guest_id, folder)
        except UserError as error:
            message = _("No access bundle written: {error}").format(error=error)
            self.app.call_from_thread(self.notify, message, severity="error")
            return
        written = _("Everything stored about the guest is in {folder}").format(folder=bundle.folder)
        self.app.call_from_thread(self.notify, written, title=_("Access bundle"))

    def action_edit(self) -> None:
        if self.card is None:
            return
        from guestbook.tui.dialogs.guest_form import FormOutcome, GuestFormDialog

        def done(outcome: FormOutcome | None) -> None:
            if outcome is None:
                return
            if outcome.action == "open" and outcome.guest_id != self.guest_id:
                self.app.push_screen(GuestCardScreen(outcome.guest_id))
            elif outcome.action == "merge" and outcome.other_id is not None:
                self.preview_merge(outcome.other_id)
            self.reload()

        self.app.push_screen(GuestFormDialog(self.guest_id, self.card.form), done)

    def action_object(self) -> None:
        """The guest objects to any contact: after a confirmation, every channel is withdrawn
        at once, with who recorded it (product.md: objection stops everything)."""
        if self.card is None:
            return
        from guestbook.tui.dialogs.confirm import Confirm

        name = self.card.details.name

        def answered(yes: bool | None) -> None:
            if yes:
                self.record_objection()

        self.app.push_screen(
            Confirm(
                _("{name} objects to any contact?").format(name=name),
                [
                    _(
                        "Calls, text messages, emails and letters are all withdrawn now: no "
                        "birthday call, no news. Incident notices still reach them."
                    ),
                    _("Their consent history keeps the objection, with your name."),
                ],
                yes=_("Withdraw everything"),
                no=_("Keep as is"),
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="guest-object", exit_on_error=False)
    def record_objection(self) -> None:
        from guestbook.services.guests.consent import object_to_contact

        object_to_contact(self.services, self.guest_id)
        self.app.call_from_thread(self.notify, _("Every channel withdrawn: no more contact."))
        self.reload()

    def action_erase(self) -> None:
        """The guest asked to be forgotten: after the owner types the confirmation word, their
        personal data is erased for good (services.rights.erasure); the card closes."""
        if self.card is None:
            return
        from guestbook.tui.dialogs.erase_confirm import ask_to_erase

        question = _("Erase {name} for good?").format(name=self.card.details.name)
        ask_to_erase(self.app, question, self.erase)

    @work(thread=True, exclusive=True, group="guest-erase", exit_on_error=False)
    def erase(self) -> None:
        from guestbook.services.rights.erasure import erase_guests

        assert self.card is not None
        name = self.card.details.name
        result = erase_guests(self.services, [self.guest_id])
        self.app.call_from_thread(self.erased, name, result)

    def erased(self, name: str, result: ErasureResult) -> None:
        from guestbook.tui.dialogs.erase_confirm import tell_what_remains

        self.notify(_("{name} erased: nothing personal is left.").format(name=name))
        tell_what_remains(self.app, result)
        if self.is_current:
            self.dismiss()

    def action_merge(self) -> None:
        """Which entry to merge in: the flagged possible duplicates first (D25), else a search
        by this guest's name."""
        if self.card is None:
            return
        flagged = self.card.history.possible_duplicates
        if not flagged:
            self.search_merge()
            return
        from guestbook.tui.screens.duplicates import SEARCH, PickFlagged

        def picked(choice: int | str | None) -> None:
            if choice == SEARCH:
                self.search_merge()
            elif isinstance(choice, int):
                self.preview_merge(choice)

        question = _("Which entry is also {name}? It will be merged into this card.")
        region = self.services.settings.phone_region
        self.app.push_screen(
            PickFlagged(question.format(name=self.card.details.name), flagged, region=region),
            picked,
        )

    def search_merge(self) -> None:
        if self.card is None:
            return
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def picked(other: tuple[int, str] | None) -> None:
            if other is not None:
                self.preview_merge(other[0])

        name = self.card.details.name
        self.app.push_screen(
            PickGuest(
                _("Which entry is also {name}? It will be merged into this card.").format(
                    name=name
                ),
                exclude={self.guest_id},
                query=name,
            ),
            picked,
        )

    @work(thread=True, exclusive=True, group="guest-merge", exit_on_error=False)
    def preview_merge(self, other_id: int) -> None:
        preview = merge_preview(self.services, self.guest_id, other_id)
        self.post_message(self.Previewed(preview))

    def on_guest_card_screen_previewed(self, message: Previewed) -> None:
        from guestbook.tui.dialogs.confirm import Confirm

        preview = message.preview

        def answered(yes: bool | None) -> None:
            if yes:
                self.merge(preview.drop_id)

        self.app.push_screen(
            Confirm(
                _("Merge {drop} into {keep}?").format(
                    drop=preview.drop_name, keep=preview.keep_name
                ),
                preview.lines(),
                yes=_("Merge"),
                no=_("Keep apart"),
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="guest-merge", exit_on_error=False)
    def merge(self, other_id: int) -> None:
        done = merge_guests(self.services, self.guest_id, other_id)
        self.post_message(self.Merged(done))

    def on_guest_card_screen_merged(self, message: Merged) -> None:
        preview = message.preview
        merged = _("{drop} merged into {keep}.").format(
            drop=preview.drop_name, keep=preview.keep_name
        )
        self.notify(merged)
        self.reload()
