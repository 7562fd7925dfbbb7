"""A person met at the table: name, phone, birthday, partner, consent.

Answers a NewGuest (nothing is written here: checkout saves the whole table at once). Fields
are checked as the host leaves them, so mistakes show while the guest is still at the table.
Who referred them is set on the checkout screen, for new and known guests alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from guestbook.domain.birthdays import BirthdayError, parse_birthday
from guestbook.domain.contact import ContactError, normalize_email, normalize_phone
from guestbook.services.checkout import NewGuest
from guestbook.settings import CHANNELS, Settings

CHANNEL_LABELS = {
    "call": "Phone calls",
    "sms": "Text messages",
    "email": "Emails",
    "post": "Letters",
}
NO_PARTNER = -1


class NewTableGuest(ModalScreen[NewGuest | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="new_guest.cancel"),
        Binding("ctrl+s", "save", "Add to the table", id="new_guest.save"),
    ]

    def __init__(
        self,
        settings: Settings,
        today: dt.date,
        *,
        others_at_table: Sequence[str] = (),
        existing: NewGuest | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings
        self.today = today
        self.others = list(others_at_table)
        self.existing = existing or NewGuest()

    def compose(self) -> ComposeResult:
        guest = self.existing
        with VerticalScroll(classes="dialog wide", id="new-guest"):
            yield Label("A new guest at the table", classes="dialog-title")
            with Grid(id="new-guest-fields"):
                yield from self._field("first", "First name", guest.first_name)
                yield from self._field("last", "Last name", guest.last_name)
                yield from self._field("phone", "Phone", guest.phone, "06 12 34 56 78")
                yield from self._field("email", "Email", guest.email, "name@example.fr")
                yield from self._field(
                    "birthday", "Birthday", guest.birthday, "12/03, 12 mars, 12/03/1970"
                )
                yield Label("Partner")
                options = [(name, index) for index, name in enumerate(self.others)]
                partner: Select[int] = Select(
                    options, prompt="not at this table", id="partner-at-table", compact=True
                )
                if guest.partner_at_table is not None:
                    partner.value = guest.partner_at_table
                yield partner
                yield from self._field("partner-name", "…or their name", guest.partner_name, "Luc")
            yield Label("May we contact them? (read them the wording)", classes="section-title")
            for channel in CHANNELS:
                with Horizontal(classes="consent-row"):
                    yield Checkbox(
                        CHANNEL_LABELS[channel],
                        value=guest.consent.get(channel, False),
                        id=f"consent-{channel}",
                        compact=True,
                    )
                    yield Static(self.settings.consent_wordings.get(channel, ""), classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Add to the table (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (esc)", id="cancel")

    def _field(self, key: str, label: str, value: str, placeholder: str = "") -> ComposeResult:
        yield Label(label)
        with Vertical(classes="field"):
            yield Input(value=value, placeholder=placeholder, id=f"field-{key}", compact=True)
            yield Static("", id=f"error-{key}", classes="error field-error")

    def on_mount(self) -> None:
        self.query_one("#field-first", Input).focus()

    @on(Input.Blurred)
    def check_on_leave(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("field-")
        self._show(key, self._problem(key, event.value))

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def _problem(self, key: str, value: str) -> str:
        if not value.strip():
            return ""
        try:
            if key == "phone":
                normalize_phone(value, self.settings.phone_region)
            elif key == "email":
                normalize_email(value)
            elif key == "birthday":
                parse_birthday(value, self.today)
        except (ContactError, BirthdayError) as error:
            return str(error)
        return ""

    def _show(self, key: str, problem: str) -> None:
        for error in self.query(f"#error-{key}").results(Static):
            error.update(problem)
            error.display = bool(problem)

    def _value(self, key: str) -> str:
        return self.query_one(f"#field-{key}", Input).value

    def answer(self) -> NewGuest | None:
        """The guest as typed, or None (with messages shown) when a field is wrong."""
        problems = {
            key: self._problem(key, self._value(key)) for key in ("phone", "email", "birthday")
        }
        if not (self._value("first").strip() or self._value("last").strip()):
            problems["first"] = "type a first or a last name"
        for key, problem in problems.items():
            self._show(key, problem)
        if any(problems.values()):
            return None
        partner = self.query_one("#partner-at-table", Select).value
        return NewGuest(
            first_name=self._value("first").strip(),
            last_name=self._value("last").strip(),
            phone=self._value("phone").strip(),
            email=self._value("email").strip(),
            birthday=self._value("birthday").strip(),
            partner_name=self._value("partner-name").strip(),
            partner_at_table=partner if isinstance(partner, int) and partner >= 0 else None,
            # Ticked: the guest agreed, and it is recorded with the wording. Unticked records
            # nothing: unknown, which is not consent.
            consent={
                channel: True
                for channel in CHANNELS
                if self.query_one(f"#consent-{channel}", Checkbox).value
            },
            referred_by=self.existing.referred_by,
        )

    def action_save(self) -> None:
        guest = self.answer()
        if guest is not None:
            self.dismiss(guest)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
