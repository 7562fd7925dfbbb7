"""Writing a message (Messages, n): its purpose, who it is for, its subject and text, beside
a live preview of what one guest receives by email, SMS and letter.

The SMS counter under the preview names the characters that make the SMS cost more (UCS-2);
ctrl+r replaces them in the text with plain equivalents, which ctrl+z undoes as any edit.
ctrl+s records the message (services.messages.new_message: nothing is sent) and shows its plan
in place of this screen. What is wrong is said next to its field and nothing typed is lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Input, Label, Select, Static, TextArea

from guestbook.domain import message_text
from guestbook.domain.purposes import BY_KEY, REGISTRY
from guestbook.domain.sms_text import plain_equivalents
from guestbook.errors import UserError
from guestbook.i18n import N_, _
from guestbook.services.messages import MessageDraft, MessagePlan, new_message
from guestbook.tui.failures import working
from guestbook.tui.screens.base import SectionScreen
from guestbook.tui.screens.message_preview import (
    Draft,
    PreviewGuest,
    load_preview_guest,
    render_preview,
)
from guestbook.tui.widgets.audience_form import AudienceForm

DEFAULT_PURPOSE = "relational"  # the one that asks for consent: the safe mistake


def placeholders_hint() -> str:
    return "\n".join(
        f"{{{key}}}  {_(label)}" for key, label in message_text.PLACEHOLDER_LABELS.items()
    )


def template_problems(template: str) -> str:
    return "; ".join(problem.message for problem in message_text.check(template))


class MessageComposeScreen(SectionScreen):
    SECTION = "messages"
    PLACE = N_("New message")
    DEFAULT_CSS = """
    MessageComposeScreen #compose-body { height: 1fr; }
    MessageComposeScreen #compose-form { width: 1fr; padding: 0 1; }
    MessageComposeScreen #compose-preview { width: 1fr; padding: 0 1; border-left: vkey $panel; }
    MessageComposeScreen .section-title { padding: 0; }
    MessageComposeScreen #body { height: 8; }
    MessageComposeScreen #preview-for { height: auto; margin-top: 1; }
    MessageComposeScreen #preview-for Label { width: auto; padding-right: 1; }
    MessageComposeScreen #preview-guest { width: 12; }
    MessageComposeScreen .error { display: none; }
    MessageComposeScreen .error.-shown { display: block; }
    """
    BINDINGS = [
        Binding("ctrl+s", "record", N_("Record and plan"), id="compose.record", priority=True),
        Binding(
            "ctrl+r", "plain", N_("Plain characters for SMS"), id="compose.plain", priority=True
        ),
        Binding("ctrl+g", "pick_guest", N_("Preview for…"), id="compose.guest", priority=True),
        Binding("escape", "back", N_("Back"), id="compose.back"),
    ]

    @dataclass
    class GuestLoaded(Message):
        guest: PreviewGuest | None
        problem: str

    @dataclass
    class Recorded(Message):
        plan: MessagePlan

    def __init__(self) -> None:
        super().__init__()
        self.guest: PreviewGuest | None = None
        self.recorded = False

    def compose_body(self) -> ComposeResult:
        purposes = [(_(purpose.label), purpose.key) for purpose in REGISTRY]
        with Horizontal(id="compose-body"):
            # Not a stop of its own for tab: its fields are, and scroll it to themselves.
            with VerticalScroll(id="compose-form", can_focus=False):
                yield Label(_("Purpose"), classes="section-title")
                yield Select(
                    purposes, value=DEFAULT_PURPOSE, allow_blank=False, id="purpose", compact=True
                )
                yield Static(
                    _(BY_KEY[DEFAULT_PURPOSE].description), id="purpose-help", classes="hint"
                )
                yield Label(_("Who"), classes="section-title")
                yield AudienceForm(id="audience")
                yield Label(_("Subject (emails and letters)"), classes="section-title")
                yield Input(id="subject", compact=True)
                yield Static("", markup=False, id="error-subject", classes="error")
                yield Label(_("Text"), classes="section-title")
                yield TextArea(id="body", soft_wrap=True, tab_behavior="focus")
                yield Static("", markup=False, id="error-body", classes="error")
                yield Static(placeholders_hint(), markup=False, id="placeholders", classes="hint")
                yield Static("", markup=False, id="error-message", classes="error")
            with VerticalScroll(id="compose-preview"):
                yield Label(_("Preview"), classes="section-title")
                with Horizontal(id="preview-for"):
                    yield Label(_("For guest number"))
                    yield Input(placeholder="#", id="preview-guest", compact=True, type="integer")
                yield Static("", markup=False, id="preview-problem", classes="error")
                yield Static("", markup=False, id="preview")

    def on_mount(self) -> None:
        self.query_one("#purpose", Select).focus()
        self.refresh_preview()

    # --- what is typed --------------------------------------------------------------------------

    @property
    def body(self) -> TextArea:
        return self.query_one("#body", TextArea)

    def draft(self) -> Draft:
        purpose = self.query_one("#purpose", Select).value
        key = purpose if isinstance(purpose, str) else DEFAULT_PURPOSE
        return Draft(key, self.query_one("#subject", Input).value, self.body.text)

    def _show(self, selector: str, problem: str) -> None:
        error = self.query_one(selector, Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")

    @on(Select.Changed, "#purpose")
    def purpose_changed(self) -> None:
        description = _(BY_KEY[self.draft().purpose].description)
        self.query_one("#purpose-help", Static).update(description)
        self.refresh_preview()

    @on(Input.Changed, "#subject")
    @on(TextArea.Changed, "#body")
    def text_changed(self) -> None:
        draft = self.draft()
        self._show("#error-subject", template_problems(draft.subject))
        self._show("#error-body", template_problems(draft.body))
        self.refresh_preview()

    def refresh_preview(self) -> None:
        shown = render_preview(self.draft(), self.guest, self.services.settings)
        self.query_one("#preview", Static).update(shown)

    # --- the guest of the preview -----------------------------------------------------------------

    @on(Input.Changed, "#preview-guest")
    def guest_typed(self, event: Input.Changed) -> None:
        typed = event.value.strip().lstrip("#")
        if not typed.isdigit():
            self.on_message_compose_screen_guest_loaded(self.GuestLoaded(None, ""))
            return
        self.load_guest(int(typed))

    @work(thread=True, exclusive=True, group="compose-guest", exit_on_error=False)
    def load_guest(self, guest_id: int) -> None:
        try:
            guest: PreviewGuest | None = load_preview_guest(self.services, guest_id)
            problem = ""
        except UserError:
            guest = None
            problem = _("There is no guest number {id}.").format(id=guest_id)
        self.post_message(self.GuestLoaded(guest, problem))

    def on_message_compose_screen_guest_loaded(self, message: GuestLoaded) -> None:
        self.guest = message.guest
        self._show("#preview-problem", message.problem)
        self.refresh_preview()

    def action_pick_guest(self) -> None:
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def picked(choice: tuple[int, str] | None) -> None:
            if choice is not None:
                self.query_one("#preview-guest", Input).value = str(choice[0])

        self.app.push_screen(PickGuest(_("Preview the message for which guest?")), picked)

    # --- actions ---------------------------------------------------------------------------------

    def action_plain(self) -> None:
        """The body's characters that force UCS-2 replaced by plain ones, as one edit (ctrl+z
        undoes it)."""
        text = self.body.text
        plain = plain_equivalents(text)
        if plain == text:
            self.notify(_("The text has no character to replace."))
            return
        self.body.replace(plain, (0, 0), self.body.document.end)

    def problems(self, draft: Draft) -> bool:
        """Whether anything stops recording the draft; each problem is said by its field."""
        subject = template_problems(draft.subject)
        if not draft.subject.strip():
            subject = _("The message needs a subject.")
        body = template_problems(draft.body)
        if not draft.body.strip():
            body = _("The message needs a text.")
        self._show("#error-subject", subject)
        self._show("#error-body", body)
        self._show("#error-message", "")
        return bool(subject or body)

    def action_record(self) -> None:
        if working(self, "compose-record"):
            return
        draft = self.draft()
        audience = self.query_one(AudienceForm).audience(self.services.clock.today())
        if self.problems(draft) or audience is None:
            self._show("#error-message", _("Not recorded: see what is said by the fields."))
            return
        self.record(MessageDraft(draft.purpose, draft.subject, draft.body, audience))

    @work(thread=True, exclusive=True, group="compose-record", exit_on_error=False)
    def record(self, draft: MessageDraft) -> None:
        try:
            plan = new_message(self.services, draft)
        except UserError as error:
            self.app.call_from_thread(self._show, "#error-message", str(error))
            return
        self.post_message(self.Recorded(plan))

    def on_message_compose_screen_recorded(self, message: Recorded) -> None:
        from guestbook.tui.screens.message_plan import MessagePlanScreen

        self.recorded = True
        self.notify(
            _("Message {id} recorded: nothing is sent yet.").format(id=message.plan.message_id)
        )
        self.app.switch_screen(MessagePlanScreen(message.plan.message_id))

    def unsaved_work(self) -> str | None:
        """What quitting would lose (the app asks before it)."""
        draft = self.draft()
        if self.recorded or not (draft.subject.strip() or draft.body.strip()):
            return None
        return _("The message you are writing is not recorded. Quit anyway?")

    def action_back(self) -> None:
        from guestbook.tui.dialogs.confirm import close_unless_kept

        if self.unsaved_work() is None:
            self.dismiss()
        else:
            close_unless_kept(self)
