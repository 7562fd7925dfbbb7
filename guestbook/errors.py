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


class DatabaseBusy(UserError):
    """A change could not be written: another program (an import) kept the database busy
    through every try. Nothing was written; the screen that asked keeps what was typed."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The database is busy: another program (an import, perhaps) is writing to it. "
                "Nothing was written and what you typed is kept: try again in a moment."
            )
        )


class DatabaseReplaced(UserError):
    """The file at the database's path is no longer the one this process opened (another
    program moved, deleted or replaced it): a write would go to the old file, which nobody
    will read again, so nothing is written."""

    def __init__(self, path: object) -> None:
        super().__init__(
            _(
                "{path} was replaced or moved by another program while guestbook had it open: "
                "nothing was written. Quit and open guestbook again."
            ).format(path=path)
        )
