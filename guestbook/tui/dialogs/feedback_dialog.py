"""Recording a guest's feedback (product.md, "Feedback"): the effort question with the
restaurant's name in it (1 to 7), the satisfaction (1 to 5), a comment, and how it was given.

Keyboard first: digits pick the score of the question in focus (and the answer moves on to the
next question), ←/→ change an answer, Backspace leaves a score out, Enter saves from anywhere,
Escape closes without keeping anything. Either score may be left out, not both. A problem is
said under its question and everything typed stays. The response is written here, in a
worker, and the dialog answers what was recorded (services.feedback.FeedbackRecorded); the
screen that opened it says so (`ask_feedback`).

Reached from checkout (a guest at the table), the agenda (the guest of the call in focus, by
phone) and the guest's card.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from guestbook.domain.feedback import (
    CES_RANGE,
    FEEDBACK_CHANNEL_LABELS,
    FEEDBACK_CHANNELS,
    SATISFACTION_RANGE,
    check_response,
)
from guestbook.errors import DatabaseBusy, FieldErrors, UserError
from guestbook.i18n import N_, _
from guestbook.tui.dialogs.feedback_choice import Choice
from guestbook.tui.failures import ReportsWorkerFailures, working

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.services.feedback import FeedbackRecorded
    from guestbook.tui.app import GuestbookApp

# The questions in the order the focus goes through them (their Choice ids, FieldErrors keys).
SCALES = {"ces": CES_RANGE, "satisfaction": SATISFACTION_RANGE}


def _scale(low: int, high: int) -> list[tuple[str, str]]:
    return [(str(score), str(score)) for score in range(low, high + 1)]


class FeedbackDialog(ReportsWorkerFailures, ModalScreen["FeedbackRecorded | None"]):
    DEFAULT_CSS = """
    FeedbackDialog Label { margin-top: 1; }
    FeedbackDialog .scale { height: 1; }
    FeedbackDialog .scale-ends { color: $text-muted; margin-left: 2; width: 1fr; }
    FeedbackDialog .error { display: none; }
    FeedbackDialog .hint { margin-top: 1; }
    """
    BINDINGS = [
        Binding("enter", "save", N_("Save"), id="feedback.save"),
        Binding("escape", "cancel", N_("Cancel"), id="feedback.cancel"),
        # Digits answer the question in focus; the hint line says so, no key bar lists them.
        *(Binding(str(digit), f"digit('{digit}')", "", show=False) for digit in range(10)),
    ]

    @dataclass
    class Saved(Message):
        recorded: FeedbackRecorded

    @dataclass
    class Refused(Message):
        problems: dict[str, str]

    def __init__(
        self,
        guest_id: int,
        name: str,
        *,
        channel: str = "in_person",
        visit_id: int | None = None,
        staff: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.guest_id, self.guest_name = guest_id, name
        self.channel, self.visit_id, self.staff = channel, visit_id, staff

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        restaurant = self.services.settings.restaurant_name
        with Vertical(classes="dialog", id="feedback") as box:
            box.styles.width = 76  # the scales and what their ends mean, on one line each
            yield Static(
                _("Feedback from {name}").format(name=self.guest_name), classes="dialog-title"
            )
            yield Label(_("“{restaurant} made it easy for me to…”").format(restaurant=restaurant))
            with Horizontal(classes="scale"):
                yield Choice(_scale(*CES_RANGE), may_be_empty=True, id="ces")
                yield Static(_("1 strongly disagree · 7 strongly agree"), classes="scale-ends")
            yield Static("", id="error-ces", classes="error")
            yield Label(_("Overall, how satisfied were you?"))
            with Horizontal(classes="scale"):
                yield Choice(_scale(*SATISFACTION_RANGE), may_be_empty=True, id="satisfaction")
                yield Static(_("1 very dissatisfied · 5 very satisfied"), classes="scale-ends")
            yield Static("", id="error-satisfaction", classes="error")
            yield Label(_("Comment"))
            yield Input(placeholder=_("what they said, in their words"), id="comment", compact=True)
            yield Label(_("Given"))
            channels = [(key, _(FEEDBACK_CHANNEL_LABELS[key])) for key in FEEDBACK_CHANNELS]
            yield Choice(channels, self.channel, may_be_empty=False, id="channel")
            yield Static("", id="error-scores", classes="error")
            yield Static(
                _("Digits pick a score · ←/→ change · Enter saves · Escape cancels"),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one("#ces", Choice).focus()

    # --- answering ------------------------------------------------------------------------

    def action_digit(self, digit: str) -> None:
        focused = self.focused
        if isinstance(focused, Choice) and focused.id in SCALES:
            focused.pick(digit)
        elif isinstance(focused, Choice):  # the channel: 1 in person, 2 by phone…
            keys = focused.keys
            index = int(digit) - 1
            if 0 <= index < len(keys):
                focused.pick(keys[index])

    @on(Choice.Refused)
    def refused(self, event: Choice.Refused) -> None:
        low, high = SCALES.get(event.choice.id or "", (1, len(event.choice.keys)))
        self.show_problems(
            {
                event.choice.id or "scores": _(
                    "{score} is not on the scale: from {low} to {high}"
                ).format(score=event.typed, low=low, high=high)
            }
        )

    @on(Choice.Changed)
    def answered(self, event: Choice.Changed) -> None:
        """An answer given: its message and the one asking for a score go."""
        for key in (event.choice.id or "", "scores"):
            for error in self.query(f"#error-{key}").results(Static):
                self._say(error, "")

    def _score(self, key: str) -> int | None:
        value = self.query_one(f"#{key}", Choice).value
        return None if value is None else int(value)

    # --- saving ---------------------------------------------------------------------------

    @on(Input.Submitted, "#comment")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        if working(self, "feedback-save"):
            return  # a busy database: the first Enter is still writing it
        ces, satisfaction = self._score("ces"), self._score("satisfaction")
        channel = self.query_one("#channel", Choice).value or "in_person"
        try:
            check_response(ces, satisfaction, channel)
        except FieldErrors as error:
            self.show_problems(error.errors)
            return
        comment = self.query_one("#comment", Input).value
        self.write(ces, satisfaction, comment, channel)

    @work(thread=True, exclusive=True, group="feedback-save", exit_on_error=False)
    def write(self, ces: int | None, satisfaction: int | None, comment: str, channel: str) -> None:
        from guestbook.services.feedback import record_feedback

        try:
            recorded = record_feedback(
                self.services,
                self.guest_id,
                ces=ces,
                satisfaction=satisfaction,
                comment=comment,
                channel=channel,
                visit_id=self.visit_id,
                staff=self.staff,
            )
        except FieldErrors as error:
            self.post_message(self.Refused(error.errors))
            return
        except DatabaseBusy:
            raise  # not the response's fault: the app says so; what was typed stays
        except UserError as error:  # the guest was erased or merged meanwhile
            self.post_message(self.Refused({"scores": str(error)}))
            return
        self.post_message(self.Saved(recorded))

    def on_feedback_dialog_saved(self, message: Saved) -> None:
        self.dismiss(message.recorded)

    def on_feedback_dialog_refused(self, message: Refused) -> None:
        self.show_problems(message.problems)

    def show_problems(self, problems: dict[str, str]) -> None:
        """Each message under its question (the others cleared), the focus on the first;
        every answer and the comment stay as they were."""
        for key in ("ces", "satisfaction", "scores"):
            shown = problems.get(key, "")
            if key == "scores" and "channel" in problems:
                shown = problems["channel"]
            self._say(self.query_one(f"#error-{key}", Static), shown)
        first = next((key for key in SCALES if key in problems), "ces")
        self.query_one(f"#{first}", Choice).focus()

    @staticmethod
    def _say(error: Static, words: str) -> None:
        """A message under its question; the line takes no room while there is none."""
        error.update(words)
        error.display = bool(words)

    def action_cancel(self) -> None:
        self.dismiss(None)


def recorded_words(recorded: FeedbackRecorded, name: str) -> str:
    """What the screen says once a response is written."""
    if not recorded.low:
        return _("Feedback from {name} recorded.").format(name=name)
    if recorded.call_planned:
        return _("Low score from {name}: a call back is on the agenda.").format(name=name)
    return _(
        "Low score from {name}, but no phone number: no call back could be put on the agenda."
    ).format(name=name)


def ask_feedback(
    screen: Screen[Any],
    guest_id: int,
    name: str,
    *,
    channel: str = "in_person",
    visit_id: int | None = None,
    staff: str | None = None,
    then: Callable[[], object] | None = None,
) -> None:
    """Open the dialog for `guest_id`; once a response is written, say so (then `then`)."""

    def done(recorded: FeedbackRecorded | None) -> None:
        if recorded is None:
            return
        screen.notify(recorded_words(recorded, name), title=_("Feedback"))
        if then is not None:
            then()

    dialog = FeedbackDialog(guest_id, name, channel=channel, visit_id=visit_id, staff=staff)
    screen.app.push_screen(dialog, done)


class PickTableGuest(ReportsWorkerFailures, ModalScreen[tuple[int, str] | None]):
    """Whose feedback, among the guests of the table just saved (Enter picks)."""

    DEFAULT_CSS = "#table-guests { height: auto; max-height: 10; }"
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"), id="pick_table_guest.cancel")]

    def __init__(self, guests: list[tuple[int, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.guests = guests

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(_("Whose feedback?"), classes="dialog-title")
            yield OptionList(
                *(Option(name, id=str(guest_id)) for guest_id, name in self.guests),
                id="table-guests",
            )
            yield Static(_("Enter picks · Escape cancels"), classes="hint")

    def on_mount(self) -> None:
        guests = self.query_one("#table-guests", OptionList)
        guests.highlighted = 0
        guests.focus()

    @on(OptionList.OptionSelected, "#table-guests")
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.guests[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
