"""A person met at the table: name, phone, email, birthday, address, partner, consent.

Answers a TableGuest (nothing is written here: checkout saves the whole table at once). The
fields are a guest form's (domain.guest_form) and are checked by its one check as the host
leaves them, so mistakes show while the guest is still at the table; saving the table runs the
same check. Who referred them is set on the checkout screen, for new and known guests alike.
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

from guestbook.domain.channels import BY_KEY, CHANNELS
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.domain.table_form import TableGuest
from guestbook.errors import FieldErrors
from guestbook.i18n import N_, _, pgettext
from guestbook.settings import Settings
from guestbook.tui.failures import ReportsWorkerFailures

# (GuestForm field, label, placeholder), marked here and translated where composed (placeholders
# without words are the same in both languages): what the host asks everyone at the table…
FIELDS = (
    ("first_name", N_("First name"), ""),
    ("last_name", N_("Last name"), ""),
    ("phones", N_("Phone"), "06 12 34 56 78"),
    ("emails", N_("Email"), N_("name@example.fr")),
    ("birthday", N_("Birthday"), "12/03, 12 mars, 12/03/1970"),
)
# …and what only a guest who wants letters gives: last, so the usual path does not tab past it.
POSTAL = (
    ("address", N_("Address"), N_("for letters: 12 rue des Lilas, Lyon")),
    ("postcode", N_("Postcode"), "69001"),
)
KEYS = tuple(field[0] for field in (*FIELDS, *POSTAL))


class NewTableGuest(ReportsWorkerFailures, ModalScreen[TableGuest | None]):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="new_guest.cancel"),
        Binding("ctrl+s", "save", N_("Add to the table"), id="new_guest.save"),
    ]

    def __init__(
        self,
        settings: Settings,
        today: dt.date,
        *,
        others_at_table: Sequence[str] = (),
        existing: TableGuest | None = None,
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.settings = settings
        self.today = today
        self.others = list(others_at_table)
        self.existing = existing or TableGuest()

    def compose(self) -> ComposeResult:
        form = self.existing.form
        with VerticalScroll(classes="dialog wide", id="new-guest"):
            yield Label(_("A new guest at the table"), classes="dialog-title")
            with Grid(id="new-guest-fields"):
                for key, label, placeholder in FIELDS:
                    yield from self._field(key, _(label), str(getattr(form, key)), placeholder)
                yield Label(_("Partner"))
                options = [(name, index) for index, name in enumerate(self.others)]
                partner: Select[int] = Select(
                    options, prompt=_("not at this table"), id="partner-at-table", compact=True
                )
                if self.existing.partner_at_table is not None:
                    partner.value = self.existing.partner_at_table
                yield partner
                yield from self._field("partner", _("…or their name"), form.partner, "Luc")
            yield Label(_("May we contact them? (read them the wording)"), classes="section-title")
            for channel in CHANNELS:
                with Horizontal(classes="consent-row"):
                    yield Checkbox(
                        _(BY_KEY[channel].label),
                        value=bool(form.consent.get(channel)),
                        id=f"consent-{channel}",
                        compact=True,
                    )
                    # The words the consent records: a default wording translated, one the
                    # owner wrote in the settings file as written.
                    yield Static(self.settings.wording(channel), classes="hint")
            with Grid(id="new-guest-postal"):
                for key, label, placeholder in POSTAL:
                    # The postcode's label column is 10 wide: French needs its short word ("CP").
                    shown = pgettext("narrow", "Postcode") if key == "postcode" else _(label)
                    yield from self._field(key, shown, str(getattr(form, key)), placeholder)
            with Horizontal(classes="buttons"):
                yield Button(_("Add to the table (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    def _field(self, key: str, label: str, value: str, placeholder: str = "") -> ComposeResult:
        """A translated label; the placeholder is translated here (empty stays empty)."""
        yield Label(label)
        with Vertical(classes="field"):
            shown = _(placeholder) if placeholder else ""
            yield Input(value=value, placeholder=shown, id=f"field-{key}", compact=True)
            yield Static("", id=f"error-{key}", classes="error field-error")

    def on_mount(self) -> None:
        self.query_one("#field-first_name", Input).focus()

    def typed(self) -> GuestForm:
        """The guest form as typed. Ticked: the guest agreed, and it is recorded with the
        wording. Unticked records nothing: unknown, which is not consent."""
        values = {key: self.query_one(f"#field-{key}", Input).value for key in KEYS}
        consent: dict[str, bool | None] = {
            channel: True
            for channel in CHANNELS
            if self.query_one(f"#consent-{channel}", Checkbox).value
        }
        partner = self.query_one("#field-partner", Input).value
        return GuestForm(**values, partner=partner, partner_id=None, consent=consent)

    def problems(self) -> dict[str, str]:
        try:
            validate_form(self.typed(), today=self.today, region=self.settings.phone_region)
        except FieldErrors as error:
            return error.errors
        return {}

    @on(Input.Blurred)
    def check_on_leave(self, event: Input.Blurred) -> None:
        key = (event.input.id or "").removeprefix("field-")
        if key != "first_name":  # a name is only missing once the guest is added
            self._show(self.problems(), only=key)

    @on(Input.Submitted)
    def next_field(self) -> None:
        self.focus_next()

    def _show(self, problems: dict[str, str], only: str | None = None) -> None:
        for key in (*KEYS, "partner"):
            if only is not None and key != only:
                continue
            for error in self.query(f"#error-{key}").results(Static):
                error.update(problems.get(key, ""))
                error.display = key in problems

    def answer(self) -> TableGuest | None:
        """The guest as typed, or None (with messages shown) when a field is wrong."""
        problems = self.problems()
        self._show(problems)
        if problems:
            return None
        partner = self.query_one("#partner-at-table", Select).value
        return TableGuest(
            form=self.typed(),
            partner_at_table=partner if isinstance(partner, int) and partner >= 0 else None,
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
