"""How long work (import, export) reports progress and learns it should stop.

The CLI passes a terminal progress line; the app will pass callbacks that post messages from a
thread worker and a flag set by a Cancel button. Nothing here knows about either.
"""

from __future__ import annotations

from collections.abc import Callable

from guestbook.i18n import _

Progress = Callable[[int, int], None]  # (done, total)
CancelCheck = Callable[[], bool]  # True once the user asked to stop


class Cancelled(Exception):
    """The user stopped the work; whatever it had started is rolled back or removed."""


def check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled(_("stopped before the end: nothing was written"))


def report(progress: Progress | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)
