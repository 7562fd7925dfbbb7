"""Errors a user can fix: the CLI prints their message on one line and exits non-zero; a
screen shows a field's message next to the field."""

from collections.abc import Mapping

from guestbook.i18n import _


class UserError(Exception):
    """Something the user can act on; the message says what and how."""


class FieldErrors(UserError):
    """Every invalid field of what was typed, with its message (field → message), so a screen
    shows each next to its field and keeps what was typed. Keys name the fields: "birthday",
    "spend", or "new.0.phones" for a field of the first new guest at a table."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        field_message = _("{field}: {message}")
        super().__init__(
            "; ".join(
                field_message.format(field=name, message=message)
                for name, message in errors.items()
            )
        )
        self.errors = dict(errors)
