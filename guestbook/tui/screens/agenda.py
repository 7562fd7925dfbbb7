"""The home screen: the chef's calls for today, overdue first, one key per outcome.

The list (agenda_view) has a group per status, then the calls done today and the calls missed
in the last days; `f` shows one reason at a time, `g`/`G` go from group to group, `l` lists
the birthdays left out by name, `p` prints today's calls, `s` records the guest's feedback."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.dates import booking_date
from guestbook.errors import DatabaseBusy, UserError
from guestbook.i18n import N_, _
from guestbook.services.agenda.calls import Agenda, AgendaCall, compute_agenda, first_calls
from guestbook.services.agenda.missed import MissedCalls, missed_calls
from guestbook.tui.dialogs.ask_text import AskText
from guestbook.tui.screens.agenda_feedback import call_to_log
from guestbook.tui.screens.agenda_site import AgendaSite
from guestbook.tui.screens.agenda_text import (
    VIEWS,
    booked_words,
    booking_examples,
    booking_problem,
    left_out,
    summary,
    view_line,
)
from guestbook.tui.screens.agenda_view import CallsList, Listing, build_listing, option_id

if TYPE_CHECKING:
    from guestbook.services.agenda.log import LoggedCall

UPCOMING_DAYS = 7
# At start, the first calls are painted before the whole agenda is worked out: enough to fill
# a tall terminal (two lines a call).
FIRST_SCREEN = 40
FIRST_PAINT_WAIT = 1.0  # seconds the whole agenda waits, at most, for the first calls' paint


class Undo(NamedTuple):
    """A logged outcome that `u` takes back: the call it was for and the note it carried."""

    logged: LoggedCall
    call: AgendaCall
    note: str


class AgendaScreen(AgendaSite):
    SECTION = "agenda"
    DEFAULT_CSS = """
    #agenda-view {
        padding: 0 1;
        height: 1;
        color: $text-muted;
    }
    """
    BINDINGS = [
        Binding("r", "log('reached')", N_("Reached"), id="agenda.reached"),
        Binding("b", "log('booked')", N_("Booked"), id="agenda.booked"),
        Binding("v", "log('voicemail')", N_("Voicemail"), id="agenda.voicemail"),
        Binding("n", "log('no_answer')", N_("No answer"), id="agenda.no_answer"),
        Binding("d", "log('declined')", N_("Declined"), id="agenda.declined"),
        Binding("w", "log('wrong_number')", N_("Wrong no."), id="agenda.wrong_number"),
        Binding("t", "note", N_("Note"), id="agenda.note"),
        Binding("u,ctrl+z", "undo", N_("Undo"), id="agenda.undo"),
        Binding("s", "feedback", N_("Feedback"), id="agenda.feedback"),
        Binding(
            "f",
            "next_view",
            N_("Show: all, birthdays, thank-yous, win-backs"),
            id="agenda.view",
            show=False,
        ),
        Binding(
            "l", "left_out", N_("Birthdays left out, by name"), id="agenda.left_out", show=False
        ),
        Binding("p", "print", N_("Print today's calls"), id="agenda.print", show=False),
        Binding("enter", "open_guest", N_("Open guest"), id="agenda.open", show=False),
        Binding("ctrl+r", "refresh", N_("Refresh"), id="agenda.refresh", show=False),
    ]

    @dataclass
    class Loaded(Message):
        agenda: Agenda

    @dataclass
    class MissedLoaded(Message):
        missed: MissedCalls

    @dataclass
    class Logged(Message):
        logged: LoggedCall
        call: AgendaCall
        note: str
        booked_for: dt.date | None

    def __init__(self) -> None:
        super().__init__()
        self.agenda: Agenda | None = None
        self.missed: MissedCalls | None = None
        self._missed_stale = True  # read once a day (a logged call never changes them)
        self.listing = Listing()
        self.reason: Reason | None = None  # the view: every call, or one reason's
        self.undo_stack: list[Undo] = []
        self._focus_on: str | None = None  # the option the cursor goes to on the next show
        self._first_painted = threading.Event()
        self.writing: set[str] = set()  # option ids of the calls whose outcome is being written

    @property
    def shown(self) -> dict[str, AgendaCall]:
        """Option id → call, for the calls to make that are listed."""
        return self.listing.calls

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading today's calls…"), id="agenda-summary")
        yield Static(view_line(self.reason), id="agenda-view")
        yield CallsList(id="calls")
        yield Input(
            placeholder=_("Note for the next outcome (t to type, Enter to keep it)"), id="note"
        )
        yield Static("", id="left-out")

    def on_mount(self) -> None:
        self.query_one("#calls", OptionList).focus()
        self._show_first_calls()

    def on_screen_resume(self) -> None:
        self.load()

    def _show_first_calls(self) -> None:
        """The most urgent calls, read here, before the first frame: a few index ranges
        whatever the number of guests (services.agenda.calls.first_calls). Read in a worker
        they would crawl while Textual builds the screen, the two sharing one interpreter
        lock."""
        try:
            first = first_calls(self.services, FIRST_SCREEN, site=self.site)
        except Exception:  # the worker reads the whole agenda next, and reports its errors
            return
        if first is not None:
            self.show(first)
            self.call_after_refresh(self._first_painted.set)

    # --- loading ------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="agenda", exit_on_error=False)
    def load(self) -> None:
        if self.agenda is not None and not self.agenda.complete:
            # The first calls are on screen: working out the whole agenda now would slow
            # their painting.
            self._first_painted.wait(timeout=FIRST_PAINT_WAIT)
        agenda = compute_agenda(self.services, days=UPCOMING_DAYS, site=self.site)
        # A newer load (after a call was logged) cancelled this one: its agenda is stale, and
        # on a large database it could otherwise arrive after the newer one.
        if get_current_worker().is_cancelled:
            return
        self.post_message(self.Loaded(agenda))
        if self._missed_stale or self.missed is None:
            # After the calls to make are on screen: they are what the chef needs first.
            self._missed_stale = False
            self.post_message(self.MissedLoaded(missed_calls(self.services, site=self.site)))

    def on_agenda_screen_missed_loaded(self, message: MissedLoaded) -> None:
        self.missed = message.missed
        if self.agenda is not None and self.agenda.complete:
            self.show(self.agenda)

    def on_agenda_screen_loaded(self, message: Loaded) -> None:
        if self.agenda is not None and not self.agenda.complete:
            # The first calls are on screen: let them paint before the longer list replaces
            # them.
            self.call_after_refresh(self.show, message.agenda)
        else:
            self.show(message.agenda)

    def show(self, agenda: Agenda) -> None:
        self.agenda = agenda
        calls = self.query_one("#calls", CallsList)
        previous = calls.highlighted_option.id if calls.highlighted_option else None
        previous_index, scrolled = calls.highlighted or 0, calls.scroll_y
        region = self.services.settings.phone_region
        missed = self.missed if agenda.complete else None
        self.listing = build_listing(agenda, region, self.reason, missed)
        with self.app.batch_update():
            calls.clear_options()
            calls.add_options(self.listing.options)
            target, self._focus_on = self._focus_on, None
            calls.place_cursor(target, previous, previous_index, scrolled)
        self.query_one("#agenda-view", Static).update(view_line(self.reason))
        if not agenda.complete:
            self.query_one("#agenda-summary", Static).update(_("Counting today's calls…"))
            return
        line = summary(agenda, UPCOMING_DAYS, self.missed)
        self.query_one("#agenda-summary", Static).update(
            " · ".join(filter(None, (self.site_line(), line)))
        )
        self.query_one("#left-out", Static).update(left_out(agenda))

    # --- views ----------------------------------------------------------------------------

    def action_next_view(self) -> None:
        self.reason = VIEWS[(VIEWS.index(self.reason) + 1) % len(VIEWS)]
        if self.agenda is not None:
            self.show(self.agenda)
            self.query_one("#calls", CallsList).action_first()

    def action_left_out(self) -> None:
        from guestbook.tui.screens.agenda_left_out import LeftOutScreen

        agenda = self.agenda
        if agenda is not None and not (agenda.left_out_no_phone or agenda.left_out_no_consent):
            self.notify(_("No birthday is left out: every one can be called."))
            return
        self.app.push_screen(LeftOutScreen(UPCOMING_DAYS, self.site))

    def action_print(self) -> None:
        if self.agenda is None or not self.agenda.complete:
            self.notify(_("Still counting today's calls: press p again in a moment."))
            return
        from guestbook.tui.screens.agenda_print import print_calls

        print_calls(self, self.agenda, self.reason)

    # --- logging outcomes ---------------------------------------------------------------

    def selected_call(self) -> AgendaCall | None:
        calls = self.query_one("#calls", OptionList)
        option = calls.highlighted_option
        if self.agenda is None or option is None or option.id is None:
            return None
        return self.listing.calls.get(option.id)

    def action_log(self, outcome_name: str) -> None:
        call = self.selected_call()
        if call is None:
            self._say_why_not()
            return
        if option_id(call) in self.writing:  # the database is slow or busy: not twice
            still = _("Still writing the last outcome for {name}…").format(name=call.name)
            self.notify(still, severity="warning")
            return
        outcome = Outcome(outcome_name)
        if not self.services.staff:
            from guestbook.tui.dialogs.staff_name import ask_staff

            ask_staff(  # the prompt the host's door shares; never the computer's login
                self,
                "calls",
                _("Who is calling?"),
                _("Asked once: your name goes in the call log."),
                lambda name: self._set_staff_then_log(name, call, outcome),
            )
            return
        if outcome is Outcome.BOOKED:
            self._ask_booking(call)
            return
        self._log(call, outcome, None)

    def _say_why_not(self) -> None:
        option = self.query_one("#calls", OptionList).highlighted_option
        words = self.listing.why_not(option.id if option is not None else None)
        self.notify(words, severity="warning")

    def _ask_booking(self, call: AgendaCall) -> None:
        today = self.services.clock.today()
        day, full = booking_examples(today)
        self.app.push_screen(
            AskText(
                _("Booked: which date is {name} coming?").format(name=call.name),
                value=f"{max(call.event_on, today):%d/%m}",
                placeholder=_("{day}, {date} or +3").format(day=day, date=full),
                validate=lambda v: booking_problem(v, today),
            ),
            lambda answer: self._log_booked(call, answer),
        )

    def _set_staff_then_log(self, name: str | None, call: AgendaCall, outcome: Outcome) -> None:
        if name:
            self.services.staff = name.strip()
            self.action_log(outcome.value)

    def _log_booked(self, call: AgendaCall, answer: str | None) -> None:
        if answer is not None:
            self._log(call, Outcome.BOOKED, booking_date(answer, self.services.clock.today()))

    def _log(self, call: AgendaCall, outcome: Outcome, booked_for: dt.date | None) -> None:
        # The note goes with this outcome only (the next one starts without it), and comes
        # back if the outcome cannot be written, or is undone.
        note_input = self.query_one("#note", Input)
        note = note_input.value
        note_input.value = ""
        self.writing.add(option_id(call))
        self.write_outcome(call, outcome, booked_for, note)

    @work(thread=True, group="agenda-write", exit_on_error=False)
    def write_outcome(
        self, call: AgendaCall, outcome: Outcome, booked_for: dt.date | None, note: str
    ) -> None:
        # The write path loads the ORM tables: imported on first use, not at start-up.
        from guestbook.services.agenda.log import log_outcome

        try:
            logged = log_outcome(
                self.services,
                call_to_log(call),
                outcome,
                note=note,
                booked_for=booked_for,
            )
        except Exception:  # the app tells the user why (guestbook.tui.failures)
            self.app.call_from_thread(self.give_back_note, note)
            raise
        finally:
            self.app.call_from_thread(lambda: self.writing.discard(option_id(call)))
        self.post_message(self.Logged(logged, call, note, booked_for))

    def give_back_note(self, note: str) -> None:
        """The note of an outcome that was not written (or was undone), back in its box,
        before whatever was typed there since: nothing typed is lost."""
        if not note:
            return
        note_input = self.query_one("#note", Input)
        note_input.value = " ".join(part for part in (note, note_input.value) if part)

    def on_agenda_screen_logged(self, message: Logged) -> None:
        self.undo_stack.append(Undo(message.logged, message.call, message.note))
        words = message.logged.outcome.label
        if message.booked_for is not None:
            words = booked_words(message.booked_for, self.services.clock.today())
        if message.logged.reward_id:
            said = _("{name}: {outcome} — birthday reward issued. u to undo.")
        else:
            said = _("{name}: {outcome}. u to undo.")
        self.notify(said.format(name=message.call.name, outcome=words), timeout=4)
        self.load()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), severity="warning")
            return
        self.write_undo(self.undo_stack.pop())

    @work(thread=True, group="agenda-write", exit_on_error=False)
    def write_undo(self, undo: Undo) -> None:
        from guestbook.services.agenda.log import undo_outcome

        try:
            undo_outcome(self.services, undo.logged.attempt_id)
        except Exception as error:  # the app tells the user why (guestbook.tui.failures)
            if isinstance(error, DatabaseBusy) or not isinstance(error, UserError):
                # Nothing was written: u tries again. (A call that can never be undone, its
                # reward redeemed, leaves the stack, so the calls before it still can be.)
                self.app.call_from_thread(lambda: self.undo_stack.append(undo))
            raise
        self.app.call_from_thread(self._undone, undo)
        self.load()

    def _undone(self, undo: Undo) -> None:
        """The call is back on the agenda: the cursor goes to it (the next key acts on it),
        and the note it carried is back in its box."""
        if self.reason not in (None, undo.call.reason):
            self.reason = None  # the call must be in sight
        self._focus_on = option_id(undo.call)
        self.give_back_note(undo.note)
        words = undo.logged.outcome.label
        self.notify(_("Undone: {outcome} for {name}.").format(outcome=words, name=undo.call.name))

    # --- note, guest, refresh -------------------------------------------------------------

    def action_note(self) -> None:
        self.query_one("#note", Input).focus()

    @on(Input.Submitted, "#note")
    def keep_note(self) -> None:
        self.query_one("#calls", OptionList).focus()

    def key_escape(self) -> None:
        if self.query_one("#note", Input).has_focus:
            self.query_one("#calls", OptionList).focus()

    @on(OptionList.OptionSelected, "#calls")
    def action_open_guest(self) -> None:
        option = self.query_one("#calls", OptionList).highlighted_option
        guest_id = self.listing.guest_of(option.id) if option and option.id else None
        if guest_id is not None:
            self.open_guest(guest_id)

    def action_refresh(self) -> None:
        self._missed_stale = True
        self.load()
