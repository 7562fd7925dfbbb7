"""The home screen: the chef's calls for today, overdue first, one key per outcome."""

from __future__ import annotations

import datetime as dt
import getpass
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from guestbook.domain.calls import CallStatus, Outcome
from guestbook.domain.dates import booking_date
from guestbook.errors import DatabaseBusy, UserError
from guestbook.i18n import N_, _, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall, compute_agenda, first_calls
from guestbook.tui.dialogs.ask_text import AskText
from guestbook.tui.format import date_problem
from guestbook.tui.screens.agenda_text import call_prompt, left_out, summary
from guestbook.tui.screens.base import SectionScreen

if TYPE_CHECKING:
    from guestbook.services.agenda.log import LoggedCall

HEADINGS = {  # English, marked: shown through `_`
    CallStatus.OVERDUE: N_("Overdue"),
    CallStatus.TODAY: N_("Today"),
    CallStatus.UPCOMING: N_("Next days"),
}
UPCOMING_DAYS = 7
# A large restaurant group can have tens of thousands of calls due: nobody scrolls that far,
# and building them all would stall the screen, so the list shows the most urgent ones (more
# than a kitchen phones in a day; logged calls make room for the next).
MAX_SHOWN = 100
# At start, the first calls are painted before the whole agenda is worked out: enough to fill
# a tall terminal (two lines a call).
FIRST_SCREEN = 40
FIRST_PAINT_WAIT = 1.0  # seconds the whole agenda waits, at most, for the first calls' paint


class AgendaScreen(SectionScreen):
    SECTION = "agenda"
    BINDINGS = [
        Binding("r", "log('reached')", N_("Reached"), id="agenda.reached"),
        Binding("b", "log('booked')", N_("Booked"), id="agenda.booked"),
        Binding("v", "log('voicemail')", N_("Voicemail"), id="agenda.voicemail"),
        Binding("n", "log('no_answer')", N_("No answer"), id="agenda.no_answer"),
        Binding("d", "log('declined')", N_("Declined"), id="agenda.declined"),
        Binding("w", "log('wrong_number')", N_("Wrong no."), id="agenda.wrong_number"),
        Binding("t", "note", N_("Note"), id="agenda.note"),
        Binding("u,ctrl+z", "undo", N_("Undo"), id="agenda.undo"),
        Binding("enter", "open_guest", N_("Open guest"), id="agenda.open", show=False),
        Binding("ctrl+r", "refresh", N_("Refresh"), id="agenda.refresh", show=False),
    ]

    @dataclass
    class Loaded(Message):
        agenda: Agenda

    @dataclass
    class Logged(Message):
        logged: LoggedCall
        name: str

    def __init__(self) -> None:
        super().__init__()
        self.agenda: Agenda | None = None
        self.shown: dict[str, AgendaCall] = {}  # option id → call, for the calls listed
        self.undo_stack: list[tuple[LoggedCall, str]] = []
        self._first_painted = threading.Event()
        self.writing: set[str] = set()  # option ids of the calls whose outcome is being written

    def compose_body(self) -> ComposeResult:
        yield Static(_("Loading today's calls…"), id="agenda-summary")
        yield OptionList(id="calls")
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
            first = first_calls(self.services, FIRST_SCREEN)
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
        agenda = compute_agenda(self.services, days=UPCOMING_DAYS)
        # A newer load (after a call was logged) cancelled this one: its agenda is stale, and
        # on a large database it could otherwise arrive after the newer one.
        if not get_current_worker().is_cancelled:
            self.post_message(self.Loaded(agenda))

    def on_agenda_screen_loaded(self, message: Loaded) -> None:
        if self.agenda is not None and not self.agenda.complete:
            # The first calls are on screen: let them paint before the longer list replaces
            # them.
            self.call_after_refresh(self.show, message.agenda)
        else:
            self.show(message.agenda)

    def show(self, agenda: Agenda) -> None:
        self.agenda = agenda
        calls = self.query_one("#calls", OptionList)
        previous = calls.highlighted_option.id if calls.highlighted_option else None
        previous_index = calls.highlighted or 0
        region = self.services.settings.phone_region
        options: list[Option | None] = []
        self.shown = {}
        room = MAX_SHOWN  # calls come overdue first, so the list starts with the most urgent
        for status, heading in HEADINGS.items():
            group = agenda.with_status(status)
            if not group or room <= 0:
                continue
            shown = group[:room]
            room -= len(shown)
            title = _(heading)
            if agenda.complete and len(shown) < len(group):
                title = _("{heading} ({count}, first {shown} shown)").format(
                    heading=title, count=number(len(group)), shown=number(len(shown))
                )
            elif agenda.complete:
                title = _("{heading} ({count})").format(heading=title, count=number(len(group)))
            options.append(Option(Text(title, style="bold"), disabled=True))
            for call in shown:
                option_id = _option_id(call)
                self.shown[option_id] = call
                options.append(Option(call_prompt(call, region), id=option_id))
        if len(agenda.calls) > MAX_SHOWN:
            more = len(agenda.calls) - MAX_SHOWN
            words = ngettext(
                "{count} more call: it moves up as these are logged "
                "(guestbook today --json lists them all).",
                "{count} more calls: they move up as these are logged "
                "(guestbook today --json lists them all).",
                more,
            ).format(count=number(more))
            options.append(Option(Text(words, style="italic"), disabled=True))
        with self.app.batch_update():
            calls.clear_options()
            calls.add_options(options)
            if not agenda.calls:
                nobody = _("Nobody to call today. Enjoy the service!")
                calls.add_option(Option(nobody, disabled=True))
            self._restore_highlight(calls, previous, previous_index)
        if not agenda.complete:
            self.query_one("#agenda-summary", Static).update(_("Counting today's calls…"))
            return
        self.query_one("#agenda-summary", Static).update(summary(agenda, UPCOMING_DAYS))
        self.query_one("#left-out", Static).update(left_out(agenda))

    @staticmethod
    def _restore_highlight(calls: OptionList, previous: str | None, index: int) -> None:
        """Keep the cursor on the same guest, or on the row that took its place."""
        if previous is not None:
            try:
                calls.highlighted = calls.get_option_index(previous)
                return
            except Exception:  # the call left the agenda: fall through to the same position
                pass
        enabled = [
            i for i in range(calls.option_count) if not calls.get_option_at_index(i).disabled
        ]
        if enabled:
            calls.highlighted = min(enabled, key=lambda i: (i < index, abs(i - index)))

    # --- logging outcomes ---------------------------------------------------------------

    def selected_call(self) -> AgendaCall | None:
        calls = self.query_one("#calls", OptionList)
        option = calls.highlighted_option
        if self.agenda is None or option is None or option.id is None:
            return None
        return self.shown.get(option.id)

    def action_log(self, outcome_name: str) -> None:
        call = self.selected_call()
        if call is None:
            self.notify(_("Pick a call first (arrow keys)."), severity="warning")
            return
        if _option_id(call) in self.writing:  # the database is slow or busy: not twice
            still = _("Still writing the last outcome for {name}…").format(name=call.name)
            self.notify(still, severity="warning")
            return
        outcome = Outcome(outcome_name)
        if not self.services.staff:
            self.app.push_screen(
                AskText(
                    _("Who is calling? (asked once; your name goes in the call log)"),
                    value=_login_name(),
                    validate=lambda v: None if v.strip() else _("type your name"),
                ),
                lambda name: self._set_staff_then_log(name, call, outcome),
            )
            return
        if outcome is Outcome.BOOKED:
            today = self.services.clock.today()
            self.app.push_screen(
                AskText(
                    _("Booked: which date is {name} coming?").format(name=call.name),
                    value=f"{max(call.event_on, today):%d/%m}",
                    placeholder=_("29/11, 29/11/2026 or +3"),
                    validate=lambda v: date_problem(booking_date, v, today),
                ),
                lambda answer: self._log_booked(call, answer),
            )
            return
        self._log(call, outcome, None)

    def _set_staff_then_log(self, name: str | None, call: AgendaCall, outcome: Outcome) -> None:
        if name:
            self.services.staff = name.strip()
            self.action_log(outcome.value)

    def _log_booked(self, call: AgendaCall, answer: str | None) -> None:
        if answer is not None:
            self._log(call, Outcome.BOOKED, booking_date(answer, self.services.clock.today()))

    def _log(self, call: AgendaCall, outcome: Outcome, booked_for: dt.date | None) -> None:
        # The note goes with this outcome only (the next one starts without it), and comes
        # back if the outcome cannot be written.
        note_input = self.query_one("#note", Input)
        note = note_input.value
        note_input.value = ""
        self.writing.add(_option_id(call))
        self.write_outcome(call, outcome, booked_for, note)

    @work(thread=True, group="agenda-write", exit_on_error=False)
    def write_outcome(
        self, call: AgendaCall, outcome: Outcome, booked_for: dt.date | None, note: str
    ) -> None:
        # The write path loads the ORM tables: imported on first use, not at start-up.
        from guestbook.services.agenda.log import CallToLog, log_outcome

        try:
            logged = log_outcome(
                self.services,
                CallToLog(
                    call.guest_id, call.reason, call.occasion_on, call.phone, call.referral_id
                ),
                outcome,
                note=note,
                booked_for=booked_for,
            )
        except Exception:  # the app tells the user why (guestbook.tui.failures)
            self.app.call_from_thread(self.give_back_note, note)
            raise
        finally:
            self.app.call_from_thread(lambda: self.writing.discard(_option_id(call)))
        self.post_message(self.Logged(logged, call.name))

    def give_back_note(self, note: str) -> None:
        """The note of an outcome that was not written, back in its box, before whatever was
        typed there since: nothing typed is lost."""
        if not note:
            return
        note_input = self.query_one("#note", Input)
        note_input.value = " ".join(part for part in (note, note_input.value) if part)

    def on_agenda_screen_logged(self, message: Logged) -> None:
        self.undo_stack.append((message.logged, message.name))
        words = message.logged.outcome.label
        if message.logged.reward_id:
            said = _("{name}: {outcome} — birthday reward issued. u to undo.")
        else:
            said = _("{name}: {outcome}. u to undo.")
        self.notify(said.format(name=message.name, outcome=words), timeout=4)
        self.load()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify(_("Nothing to undo."), severity="warning")
            return
        logged, name = self.undo_stack.pop()
        self.write_undo(logged, name)

    @work(thread=True, group="agenda-write", exit_on_error=False)
    def write_undo(self, logged: LoggedCall, name: str) -> None:
        from guestbook.services.agenda.log import undo_outcome

        try:
            undo_outcome(self.services, logged.attempt_id)
        except Exception as error:  # the app tells the user why (guestbook.tui.failures)
            if isinstance(error, DatabaseBusy) or not isinstance(error, UserError):
                # Nothing was written: u tries again. (A call that can never be undone, its
                # reward redeemed, leaves the stack, so the calls before it still can be.)
                self.app.call_from_thread(lambda: self.undo_stack.append((logged, name)))
            raise
        words = logged.outcome.label
        undone = _("Undone: {outcome} for {name}.").format(outcome=words, name=name)
        self.app.call_from_thread(self.notify, undone)
        self.load()

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
        call = self.selected_call()
        if call is not None:
            self.open_guest(call.guest_id)

    def action_refresh(self) -> None:
        self.load()


def _option_id(call: AgendaCall) -> str:
    """Unique per call: a sponsor thanked for two friends has two calls the same day."""
    return (
        f"{call.reason.value}:{call.guest_id}:{call.occasion_on.isoformat()}"
        f":{call.referral_id or 0}"
    )


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: the user types one
        return ""
