"""The guest form (new or edit), and the warning shown when the guest seems to exist already.

Nothing typed is ever lost: an invalid field gets its message under it and every value stays
as typed; Escape on a changed form asks first. Saving checks for the same person entered
twice (services.guests.duplicates) and lets the host open the existing guest, merge, or keep both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from guestbook.domain.channels import BY_KEY, CHANNELS
from guestbook.domain.guest_form import GuestForm, ValidGuest, validate_form
from guestbook.errors import DatabaseBusy, FieldErrors, UserError
from guestbook.i18n import N_, _
from guestbook.services.guests.duplicates import DuplicateMatch, duplicates_of
from guestbook.services.guests.edit import save_entry
from guestbook.tui.dialogs.door_choices import same_contact
from guestbook.tui.failures import ReportsWorkerFailures, working

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp

# (field, label, placeholder): marked here, translated where the form is composed. Placeholders
# without words (a phone, dates, a French address) are the same in both languages.
FIELDS = (
    ("first_name", N_("First name"), ""),
    ("last_name", N_("Last name"), ""),
    ("phones", N_("Phones"), "06 12 34 56 78, +44 20 7946 0000"),
    ("emails", N_("Emails"), N_("name@example.fr, …")),
    ("birthday", N_("Birthday"), "12/03, 12 mars, 12/03/1970, 1970-03-12"),
    ("partner", N_("Partner"), N_("a name, or F2 to pick a guest")),
    ("address", N_("Address"), "12 rue des Lilas, Lyon"),
    ("postcode", N_("Postcode"), ""),
    ("preferences", N_("Likes"), N_("window table, champagne…")),
    ("allergies", N_("Allergies"), N_("peanuts (severe), shellfish")),
    ("notes", N_("Notes"), ""),
)
KEYS = tuple(field[0] for field in FIELDS)
Choice = Literal["open", "merge", "keep"]


def listed_match(match: DuplicateMatch, region: str) -> str:
    """A line of the duplicate warning: the likely same person as the door says it (a phone
    written as dialled, never raw E.164), a guest sharing the contact under another name or
    birthday with what keeping both does."""
    line = same_contact(match, region)
    if match.same_person:
        return line
    return _("{match} (another name or birthday: flagged as a possible duplicate)").format(
        match=line
    )


class PartnerInput(Input):
    """The Partner field: F2 picks a guest while it has the focus. The app's F2 (to the Agenda,
    a priority binding) would otherwise win: a key this field claims is taken out of every
    binding around it, the app's too."""

    BINDINGS = [
        Binding("f2", "screen.pick_partner", N_("Pick partner"), id="guest_form.partner"),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return key == "f2" or super().check_consume_key(key, character)


def shared_contact(match: DuplicateMatch) -> str:
    """What a guest saved next to a look-alike shares with them (a family's phone…)."""
    if match.kind == "phone":
        text = _("Shares a phone with {name}: both kept, flagged as a possible duplicate.")
    else:
        text = _("Shares an email with {name}: both kept, flagged as a possible duplicate.")
    return text.format(name=match.name)


@dataclass(frozen=True)
class FormOutcome:
    """How the form ended: saved this guest, open an existing one, or merge `other_id` in."""

    guest_id: int
    action: Literal["saved", "open", "merge"] = "saved"
    other_id: int | None = None


class DuplicateWarning(ReportsWorkerFailures, ModalScreen[Choice | None]):
    """Warns that the guest seems to be here already: open them, merge, or keep both."""

    BINDINGS = [
        Binding("o", "choose('open')", N_("Open existing"), id="duplicate.open"),
        Binding("m", "choose('merge')", N_("Merge"), id="duplicate.merge"),
        Binding("k", "choose('keep')", N_("Keep both"), id="duplicate.keep"),
        Binding("escape", "choose('')", N_("Back to the form"), id="duplicate.back"),
    ]

    def __init__(self, matches: Sequence[DuplicateMatch], *, editing: bool, region: str) -> None:
        """`matches`: every guest sharing a phone or an email, the likely same person first
        (opening and merging are about the first of them); `region`: the restaurant's, for
        the numbers' national form."""
        super().__init__(classes="dialog-screen")
        self.matches = list(matches)
        self.editing = editing
        self.phone_region = region

    def compose(self) -> ComposeResult:
        first = self.matches[0]
        if self.editing:
            hint = _(
                "Open {name}'s card, merge it into this card, or keep both "
                "(a shared family phone: both are kept and flagged)."
            )
        else:
            hint = _(
                "Open {name}'s card, add what you typed to it, or keep both "
                "(a shared family phone: both are kept and flagged)."
            )
        with Vertical(classes="dialog wide", id="duplicate-warning"):
            yield Label(_("This guest may already be here"), classes="dialog-title")
            lines = [listed_match(match, self.phone_region) for match in self.matches]
            yield Static("\n".join(lines), id="duplicate-list")
            yield Static(hint.format(name=first.name), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Open existing (o)"), id="open", variant="primary")
                yield Button(_("Merge (m)"), id="merge")
                yield Button(_("Keep both (k)"), id="keep")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id or "")

    def action_choose(self, choice: str) -> None:
        self.dismiss(cast("Choice", choice) if choice in ("open", "merge", "keep") else None)


class GuestFormDialog(ReportsWorkerFailures, ModalScreen[FormOutcome | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", N_("Save"), id="guest_form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="guest_form.cancel"),
    ]

    @dataclass
    class Checked(Message):
        valid: ValidGuest
        matches: tuple[DuplicateMatch, ...]

    @dataclass
    class Saved(Message):
        outcome: FormOutcome
        flagged: tuple[DuplicateMatch, ...] = ()

    @dataclass
    class Refused(Message):
        errors: dict[str, str]

    def __init__(self, guest_id: int | None, form: GuestForm | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.guest_id = guest_id
        self.initial = form or GuestForm()
        self.partner_id = self.initial.partner_id
        self.partner_picked = self.initial.partner if self.partner_id else ""

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        title = (
            _("New guest")
            if self.guest_id is None
            else _("Edit {first_name} {last_name}")
            .format(first_name=self.initial.first_name, last_name=self.initial.last_name)
            .strip()
        )
        with VerticalScroll(classes="dialog wide", id="guest-form"):
            yield Label(title, classes="dialog-title")
            with Grid(id="guest-form-fields"):
                for key, label, placeholder in FIELDS:
                    yield Label(_(label))
                    with Vertical(classes="field"):
                        value = str(getattr(self.initial, key))
                        shown = _(placeholder) if placeholder else ""
                        kind = PartnerInput if key == "partner" else Input
                        yield kind(value, placeholder=shown, id=f"field-{key}", compact=True)
                        yield Static("", id=f"error-{key}", classes="error field-error")
            yield Label(_("May we contact them? (read them the wording)"), classes="section-title")
            for channel in CHANNELS:
                current = self.initial.consent.get(channel)
                with Horizontal(classes="consent-row"):
                    choice: Select[str] = Select(
                        [(_("yes"), "yes"), (_("no"), "no")],
                        prompt=_("not asked"),
                        allow_blank=current is None,  # once asked, never "unasked"
                        value=Select.NULL if current is None else ("yes" if current else "no"),
                        id=f"consent-{channel}",
                        compact=True,
                    )
                    yield Label(_(BY_KEY[channel].label), classes="consent-label")
                    yield choice
                    # The words the consent records: a default wording translated, one the
                    # owner wrote in the settings file as written.
                    yield Static(self.services.settings.wording(channel), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-first_name", Input).focus()

    # --- reading the form ----------------------------------------------------------------

    def typed(self) -> GuestForm:
        values = {key: self.query_one(f"#field-{key}", Input).value for key in KEYS}
        consent: dict[str, bool | None] = {}
        for channel in CHANNELS:
            value = self.query_one(f"#consent-{channel}", Select).value
            consent[channel] = {"yes": True, "no": False}.get(str(value))
        # A partner picked from the guests stays linked only while their name is unchanged.
        picked = values["partner"].strip() == self.partner_picked and self.partner_picked
        return GuestForm(**values, partner_id=self.partner_id if picked else None, consent=consent)

    def problems(self, form: GuestForm) -> dict[str, str]:
        try:
            validate_form(
                form,
                today=self.services.clock.today(),
                region=self.services.settings.phone_region,
            )
        except FieldErrors as error:
            return error.errors
        return {}

    def show_problems(self, errors: dict[str, str], only: str | None = None) -> None:
        for key in KEYS:
            if only is not None and key != only:
                continue
            message = self.query_one(f"#error-{key}", Static)
            message.update(errors.get(key, ""))
            message.display = key in errors

    @on(Input.Blurred)
    def check_on_leave(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("field-")
        if key != "first_name":  # a name is only missing once the form is saved
            self.show_problems(self.problems(self.typed()), only=key)

    @on(Input.Changed)
    def check_as_retyped(self, event: Input.Changed) -> None:
        """A field with a message is checked again as it is retyped: the message goes as soon
        as the field is right (an email cleared), or says what is wrong now; never stale."""
        key = (event.input.id or "").removeprefix("field-")
        if key in KEYS and self.query_one(f"#error-{key}", Static).display:
            self.show_problems(self.problems(self.typed()), only=key)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    # --- saving --------------------------------------------------------------------------

    def action_save(self) -> None:
        if working(self, "guest-form"):
            return  # still checking or saving: a second save would write the guest twice
        form = self.typed()
        errors = self.problems(form)
        self.show_problems(errors)
        if errors:
            first = next(key for key in KEYS if key in errors)
            self.query_one(f"#field-{first}", Input).focus()
            self.notify(_("Some fields need a look: see the messages in red."), severity="warning")
            return
        valid = validate_form(
            form, today=self.services.clock.today(), region=self.services.settings.phone_region
        )
        self.check_duplicates(valid)

    @work(thread=True, exclusive=True, group="guest-form", exit_on_error=False)
    def check_duplicates(self, valid: ValidGuest) -> None:
        matches = duplicates_of(self.services, valid, exclude_id=self.guest_id)
        self.post_message(self.Checked(valid, matches))

    def on_guest_form_dialog_checked(self, message: Checked) -> None:
        same = [match for match in message.matches if match.same_person]
        if not same:
            self.write(message.valid, None)
            return
        # Every guest sharing a contact is listed, the likely same person first (D26).
        listed = [*same, *(match for match in message.matches if not match.same_person)]

        def chosen(choice: Choice | None) -> None:
            if choice == "open":
                self.dismiss(FormOutcome(same[0].guest_id, "open"))
            elif choice in ("merge", "keep"):
                self.write(message.valid, same[0].guest_id if choice == "merge" else None)

        warning = DuplicateWarning(
            listed,
            editing=self.guest_id is not None,
            region=self.services.settings.phone_region,
        )
        self.app.push_screen(warning, chosen)

    @work(thread=True, exclusive=True, group="guest-form", exit_on_error=False)
    def write(self, valid: ValidGuest, merge_with: int | None) -> None:
        """Save; with `merge_with`, a new entry goes into that guest instead, and an edited
        guest is saved, then the card merges the other one in (after its own confirmation)."""
        try:
            saved = save_entry(self.services, valid, guest_id=self.guest_id, merge_with=merge_with)
        except FieldErrors as error:
            self.post_message(self.Refused(error.errors))
            return
        except DatabaseBusy:
            raise  # not a field's fault: the app says so; the form stays open, as typed
        except UserError as error:
            self.post_message(self.Refused({"first_name": str(error)}))
            return
        if merge_with is not None and self.guest_id is None:
            outcome = FormOutcome(saved.guest_id)
        else:
            action: Literal["saved", "merge"] = "merge" if merge_with else "saved"
            outcome = FormOutcome(saved.guest_id, action, merge_with)
        self.post_message(self.Saved(outcome, saved.flagged))

    def on_guest_form_dialog_refused(self, message: Refused) -> None:
        self.show_problems(message.errors)

    def on_guest_form_dialog_saved(self, message: Saved) -> None:
        for match in message.flagged:
            self.notify(shared_contact(match), timeout=6)
        self.dismiss(message.outcome)

    # --- partner, cancel ---------------------------------------------------------------------

    def action_pick_partner(self) -> None:
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def picked(guest: tuple[int, str] | None) -> None:
            if guest is not None:
                self.partner_id, self.partner_picked = guest
                self.query_one("#field-partner", Input).value = guest[1]

        exclude = {self.guest_id} if self.guest_id is not None else set()
        typed = self.query_one("#field-partner", Input).value
        self.app.push_screen(
            PickGuest(_("Who is their partner?"), exclude=exclude, query=typed), picked
        )

    def unchanged(self) -> bool:
        typed, initial = self.typed(), self.initial
        consent = {channel: initial.consent.get(channel) for channel in CHANNELS}
        return replace(typed, consent={}) == replace(initial, consent={}) and (
            dict(typed.consent) == consent
        )

    def action_cancel(self) -> None:
        if self.unchanged():
            self.dismiss(None)
            return
        from guestbook.tui.dialogs.confirm import close_unless_kept

        close_unless_kept(self)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
