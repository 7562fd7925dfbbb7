"""A known guest at the table: what their card lacks, completed while they are there.

A missing phone or birthday can be typed (a known one is shown, never overwritten here: that
is the card's job), and every consent is shown as it stands and can be asked again. Answers the
details typed, as a guest form (checkout merges it into the card when the table is saved, as
the guest form merges an entry: existing values win), or None on Escape.
"""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from guestbook.domain.channels import CHANNELS
from guestbook.domain.guest_form import GuestForm
from guestbook.i18n import N_, _
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
from guestbook.tui.failures import ReportsWorkerFailures
from guestbook.tui.screens.checkout_draft import birthday_text, phones_text

KEYS = ("phones", "birthday")


class KnownTableGuest(ReportsWorkerFailures, ModalScreen[GuestForm | None]):
    DEFAULT_CSS = DOOR_FORM_CSS
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="known_guest.cancel"),
        Binding("ctrl+s", "save", N_("Keep"), id="known_guest.save"),
    ]

    def __init__(
        self, settings: Settings, today: dt.date, name: str, card: GuestForm, typed: GuestForm
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings
        self.today = today
        self.guest_name = name
        self.card = card  # the guest's card as loaded
        self.before = typed  # what was typed at this table already (nothing: an empty form)

    def compose(self) -> ComposeResult:
        region = self.settings.phone_region
        consent = {**self.card.consent, **self.before.consent}
        with VerticalScroll(classes="dialog wide", id="known-guest"):
            yield Label(
                _("{name}, at the table: complete what is missing").format(name=self.guest_name),
                classes="dialog-title",
            )
            with Grid(id="new-guest-fields"):
                if self.card.phones:
                    yield Label(_("Phone"))
                    yield Static(phones_text(self.card.phones, region), id="known-phones")
                else:
                    yield from field_row("phones", _("Phone"), self.before.phones, "06 12 34 56 78")
                if self.card.birthday:
                    yield Label(_("Birthday"))
                    yield Static(birthday_text(self.card.birthday, self.today), id="known-birthday")
                else:
                    hint = "12/03, 12 mars, 12/03/1970"
                    yield from field_row("birthday", _("Birthday"), self.before.birthday, hint)
                if self.card.allergies:
                    yield Label(_("Allergies"))
                    yield Static(self.card.allergies, classes="allergies")
                for channel in CHANNELS:
                    answer = consent.get(channel)
                    yield from consent_row(channel, answer, self.settings.wording(channel))
            with Horizontal(classes="buttons"):
                yield Button(_("Keep (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.focus()
            return
        self.query_one("#consent-call").focus()

    def typed(self) -> GuestForm:
        """The details for the card: the names (a guest form needs one), what was typed, and
        the consent answers that differ from the card's."""
        typed = {key: self.query_one(f"#field-{key}", Input).value for key in self.asked()}
        answers = consent_answers(self, CHANNELS)
        changed = {
            channel: value
            for channel, value in answers.items()
            if value is not None and value != self.card.consent.get(channel)
        }
        return GuestForm(
            first_name=self.card.first_name,
            last_name=self.card.last_name,
            phones=typed.get("phones", ""),
            birthday=typed.get("birthday", ""),
            consent=changed,
        )

    def asked(self) -> tuple[str, ...]:
        return tuple(key for key in KEYS if not getattr(self.card, key))

    def problems(self) -> dict[str, str]:
        return form_problems(self.typed(), self.today, self.settings.phone_region)

    @on(Input.Blurred)
    def check_on_leave(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("field-")
        show_errors(self, self.problems(), KEYS, only=key)

    @on(Input.Changed)
    def retyped(self, event: Input.Changed) -> None:
        retyped_field(self, event.input, self.settings.phone_region)

    @on(Input.Submitted)
    def next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    def action_save(self) -> None:
        problems = self.problems()
        show_errors(self, problems, KEYS)
        if problems:
            focus_first(self, problems, KEYS)
            return
        self.dismiss(self.typed())

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
