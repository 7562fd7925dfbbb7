"""What the two checkout dialogs about a person share (a new guest, a known guest completed at
the table): a field with its message under it, a consent question, messages shown and cleared,
the focus on the first wrong field, and phone numbers written as they will be dialled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Static

from guestbook.domain.channels import BY_KEY
from guestbook.domain.guest_form import GuestForm
from guestbook.domain.table_form import check_guest
from guestbook.errors import FieldErrors
from guestbook.i18n import _
from guestbook.tui.screens.checkout_draft import phones_text
from guestbook.tui.widgets.consent_toggle import Answer, ConsentToggle

# The layout both dialogs share: a label column and the fields; the address and its postcode on
# one row, asked only of guests who want letters.
DOOR_FORM_CSS = """
#new-guest-fields {
    grid-size: 2;
    grid-columns: 16 1fr;
    grid-rows: auto;
    grid-gutter: 0 1;
    height: auto;
}
#new-guest-postal {
    grid-size: 4;
    grid-columns: 16 1fr 10 10;
    grid-rows: auto;
    grid-gutter: 1 1;
    height: auto;
    margin-top: 1;
}
#new-guest-fields .field, #new-guest-postal .field { height: auto; }
"""


def field_row(key: str, label: str, value: str, placeholder: str = "") -> ComposeResult:
    """A label, and the field with its message under it (shown only when there is one)."""
    yield Label(label)
    with Vertical(classes="field"):
        yield Input(value=value, placeholder=placeholder, id=f"field-{key}", compact=True)
        yield Static("", id=f"error-{key}", classes="error field-error")


def consent_row(channel: str, value: Answer, wording: str) -> ComposeResult:
    """The channel, its three-state answer, and the words the host reads out (recorded with
    the answer: a default wording translated, one the owner wrote in the settings file as
    written)."""
    yield Label(_(BY_KEY[channel].label))
    with Horizontal(classes="consent-row"):
        yield ConsentToggle(channel, value, id=f"consent-{channel}")
        yield Static(wording, classes="hint")


def consent_answers(screen: Screen[Any], channels: Iterable[str]) -> dict[str, bool | None]:
    return {
        channel: screen.query_one(f"#consent-{channel}", ConsentToggle).value
        for channel in channels
    }


def show_errors(
    screen: Screen[Any], problems: Mapping[str, str], keys: Iterable[str], only: str | None = None
) -> None:
    """Each field's message under it (`only`: that field's alone, as the host leaves it)."""
    for key in keys:
        if only is not None and key != only:
            continue
        for error in screen.query(f"#error-{key}").results(Static):
            error.update(problems.get(key, ""))
            error.display = key in problems


def focus_first(screen: Screen[Any], problems: Mapping[str, str], order: Iterable[str]) -> None:
    """The focus on the first wrong field, in the order the fields are asked."""
    for key in order:
        if key in problems:
            for widget in screen.query(f"#field-{key}"):
                widget.focus()
                return


def clear_error(screen: Screen[Any], field: Input) -> None:
    """A field being retyped loses its message: it is checked again when the host leaves it."""
    key = (field.id or "").removeprefix("field-")
    for error in screen.query(f"#error-{key}").results(Static):
        if error.display:
            error.update("")
            error.display = False


def form_problems(form: GuestForm, today: dt.date, region: str) -> dict[str, str]:
    """Every wrong field of the person as typed (field → message), by the guest form's check."""
    try:
        check_guest(form, today=today, region=region)
    except FieldErrors as error:
        return dict(error.errors)
    return {}


def retyped_field(screen: Screen[Any], field: Input, region: str) -> None:
    """A field being typed in: its old message goes, and numbers are tidied as they come."""
    clear_error(screen, field)
    if field.id == "field-phones":
        tidy_phones(field, region)


def tidy_phones(field: Input, region: str) -> None:
    """The numbers written as they will be dialled as soon as they are valid ('0612345678' →
    '06 12 34 56 78'), while the host types at the end of the field (never under the cursor)."""
    if field.cursor_position != len(field.value) or not field.value[-1:].isdigit():
        return  # typing elsewhere, or on to a second number (", 07…"): left as typed
    tidy = phones_text(field.value, region)
    if tidy != field.value and field.value.strip():
        field.value = tidy
        field.cursor_position = len(tidy)
