"""Errors a user can fix: the CLI prints their message on one line and exits non-zero."""


class UserError(Exception):
    """Something the user can act on; the message says what and how."""
