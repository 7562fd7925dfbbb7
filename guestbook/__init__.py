"""guestbook: a keyboard-first terminal app for restaurant guest relations."""

__version__ = "0.1.0"
