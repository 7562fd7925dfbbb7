"""A person met at the table: name, phone, consent, birthday, email, allergies, partner, address.

Answers a DoorAnswer (nothing is written here: checkout saves the whole table at once). The
fields are a guest form's (domain.guest_form), checked by its one check and the door's postcode
rule as the host leaves them; on a refused add the first wrong field gets the focus, and a
message goes as soon as its field is retyped. The order is the host's at the door: the names,
the phone, "may the chef call you?" (one key, y or n, answers and moves on), the birthday; what
is rarely asked comes after. Enter goes to the next field, ctrl+s adds the guest, ctrl+n adds
them and starts the next one. Before the guest is added the guest form's duplicate check runs:
someone already here is offered instead (services.guests.duplicates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select

from guestbook.domain.channels import CHANNELS
from guestbook.domain.guest_form import GuestForm, ValidGuest
from guestbook.domain.table_form import TableGuest, check_guest
from guestbook.i18n import N_, _, pgettext
from guestbook.services.guests.duplicates import DuplicateMatch, duplicates_of
from guestbook.settings import Settings
from guestbook.tui.dialogs.door_form import (
    DOOR_FORM_CSS,
    consent_answers,
    consent_row,
    field_row,
    focus_first,
    form_problems,
    retyped_field,
    show_errors,
)
from guestbook.tui.failures import ReportsWorkerFailures, working

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.tui.app import GuestbookApp

# (GuestForm field, label, placeholder): marked here, translated where composed (placeholders
# without words are the same in both languages), in the order the host asks.
FIRST = (
    ("first_name", N_("First name"), ""),
    ("last_name", N_("Last name"), ""),
    ("phones", N_("Phone"), "06 12 34 56 78"),
)
THEN = (
    ("birthday", N_("Birthday"), "12/03, 12 mars, 12/03/1970"),
    ("emails", N_("Email"), N_("name@example.fr")),
)
LATER = (("allergies", N_("Allergies"), N_("peanuts (severe), shellfish")),)
POSTAL = (
    ("address", N_("Address"), N_("for letters: 12 rue des Lilas, Lyon")),
    ("postcode", N_("Postcode"), "69001"),
)
KEYS = tuple(key for key, _label, _hint in (*FIRST, *THEN, *LATER, *POSTAL))
ORDER = (
    *("first_name", "last_name", "phones", "birthday", "emails", "allergies"),
    *("partner", "address", "postcode"),
)
OTHER_CHANNELS = tuple(channel for channel in CHANNELS if channel != "call")


@dataclass(frozen=True)
class DoorAnswer:
    """How the dialog ended: the guest as typed; `existing` when they turned out to be a guest
    already here (seated as known, what was typed completing their card); `another` when the
    host asked for the next new guest straight away."""

    guest: TableGuest
    existing: tuple[int, str] | None = None
    another: bool = False


class NewTableGuest(ReportsWorkerFailures, ModalScreen[DoorAnswer | None]):
    DEFAULT_CSS = DOOR_FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="new_guest.cancel"),
        Binding("ctrl+s", "save", N_("Add to the table"), id="new_guest.save"),
        Binding("ctrl+n", "save(True)", N_("Add, then another"), id="new_guest.another"),
    ]

    @dataclass
    class Checked(Message):
        guest: TableGuest
        matches: tuple[DuplicateMatch, ...]
        another: bool

    def __init__(
        self,
        settings: Settings,
        today: dt.date,
        *,
        others_at_table: Sequence[str] = (),
        last_names: Sequence[str] = (),
        existing: TableGuest | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings
        self.today = today
        self.others = list(others_at_table)
        self.last_names = list(dict.fromkeys(name for name in last_names if name))
        self.editing = existing is not None
        self.existing = existing or TableGuest()
        self.title_text = title or _("A new guest at the table")

    @property
    def services(self) -> Services:
        return cast("GuestbookApp", self.app).services

    def compose(self) -> ComposeResult:
        form = self.existing.form
        wording = self.settings.wording
        with VerticalScroll(classes="dialog wide", id="new-guest"):
            yield Label(self.title_text, classes="dialog-title")
            with Grid(id="new-guest-fields"):
                for key, label, hint in FIRST:
                    yield from field_row(key, _(label), getattr(form, key), _(hint) if hint else "")
                yield from consent_row("call", form.consent.get("call"), wording("call"))
                for key, label, hint in (*THEN, *LATER):
                    yield from field_row(key, _(label), getattr(form, key), _(hint) if hint else "")
                for channel in OTHER_CHANNELS:
                    yield from consent_row(channel, form.consent.get(channel), wording(channel))
                yield Label(_("Partner"))
                options = [(name, index) for index, name in enumerate(self.others)]
                partner: Select[int] = Select(
                    options, prompt=_("not at this table"), id="partner-at-table", compact=True
                )
                if self.existing.partner_at_table is not None:
                    partner.value = self.existing.partner_at_table
                yield partner
                yield from field_row("partner", _("…or their name"), form.partner, "Luc")
            with Grid(id="new-guest-postal"):
                for key, label, hint in POSTAL:
                    # The postcode's label column is 10 wide: French needs its short word ("CP").
                    shown = pgettext("narrow", "Postcode") if key == "postcode" else _(label)
                    yield from field_row(key, shown, getattr(form, key), _(hint))
            with Horizontal(classes="buttons"):
                if self.editing:
                    yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                else:
                    yield Button(_("Add (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Add, then another (ctrl+n)"), id="another")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        if self.last_names:  # a family at one table: → takes the name already typed
            last = self.query_one("#field-last_name", Input)
            last.suggester = SuggestFromList(self.last_names, case_sensitive=False)
        self.query_one("#field-first_name", Input).focus()

    def typed(self) -> GuestForm:
        """The guest form as typed; consent as answered (not asked: nothing recorded)."""
        values = {key: self.query_one(f"#field-{key}", Input).value for key in KEYS}
        partner = self.query_one("#field-partner", Input).value
        answers = consent_answers(self, CHANNELS)
        consent = {channel: value for channel, value in answers.items() if value is not None}
        return GuestForm(**values, partner=partner, partner_id=None, consent=consent)

    def problems(self) -> dict[str, str]:
        return form_problems(self.typed(), self.today, self.settings.phone_region)

    @on(Input.Blurred)
    def check_on_leave(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("field-")
        if key != "first_name":  # a name is only missing once the guest is added
            show_errors(self, self.problems(), (*KEYS, "partner"), only=key)

    @on(Input.Changed)
    def retyped(self, event: Input.Changed) -> None:
        retyped_field(self, event.input, self.settings.phone_region)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def answer(self) -> TableGuest | None:
        """The guest as typed, or None (messages shown, the first wrong field focused)."""
        problems = self.problems()
        show_errors(self, problems, (*KEYS, "partner"))
        if problems:
            focus_first(self, problems, ORDER)
            return None
        partner = self.query_one("#partner-at-table", Select).value
        return TableGuest(
            form=self.typed(),
            partner_at_table=partner if isinstance(partner, int) and partner >= 0 else None,
            referred_by=self.existing.referred_by,
        )

    def action_save(self, another: bool = False) -> None:
        if working(self, "door-duplicates"):
            return  # already checking: the answer comes once
        guest = self.answer()
        if guest is not None:
            region = self.settings.phone_region
            valid = check_guest(guest.form, today=self.today, region=region)
            self.check_duplicates(guest, valid, another)

    @work(thread=True, exclusive=True, group="door-duplicates", exit_on_error=False)
    def check_duplicates(self, guest: TableGuest, valid: ValidGuest, another: bool) -> None:
        """The guest form's check: someone with this phone or email and a compatible name."""
        matches = duplicates_of(self.services, valid)
        self.post_message(self.Checked(guest, matches, another))

    def on_new_table_guest_checked(self, message: Checked) -> None:
        from guestbook.tui.dialogs.door_choices import SameChoice, SameGuestAtDoor

        same = [match for match in message.matches if match.same_person]
        if not same:  # a shared family phone is flagged when the table is saved
            self.dismiss(DoorAnswer(message.guest, another=message.another))
            return

        def chosen(choice: SameChoice | None) -> None:
            if choice is None:
                return  # back to the form, as typed
            kind, guest_id = choice
            match = next((m for m in same if m.guest_id == guest_id), None)
            existing = (match.guest_id, match.name) if kind == "use" and match else None
            self.dismiss(DoorAnswer(message.guest, existing=existing, another=message.another))

        self.app.push_screen(SameGuestAtDoor(same, self.settings.phone_region), chosen)

    def unsaved_work(self) -> str | None:
        """Quitting now would lose this guest (the app asks first)."""
        if self.typed() != self.existing.form:
            return _("The table is not saved — quit anyway?")
        return None

    def action_cancel(self) -> None:
        if self.typed() == self.existing.form:
            self.dismiss(None)
            return
        from guestbook.tui.dialogs.confirm import close_unless_kept

        close_unless_kept(self)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#another")
    def another_pressed(self) -> None:
        self.action_save(another=True)

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
