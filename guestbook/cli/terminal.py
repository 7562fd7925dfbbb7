"""The terminal side of long work: one progress line, and the width tables are laid out in."""

from __future__ import annotations

import sys

from guestbook.i18n import _, number


def terminal_width() -> int:
    import shutil

    return max(60, min(120, shutil.get_terminal_size((80, 24)).columns))


class TerminalProgress:
    """One progress line on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, label: str) -> None:
        """`label`: the work's name, already in the language ("Importing")."""
        self.label = label
        self.interactive = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.interactive:
            return
        percent = 100 * done // max(total, 1)
        line = _("{label}: {done}/{total} ({percent}%)").format(
            label=self.label, done=number(done), total=number(total), percent=percent
        )
        sys.stderr.write(f"\r{line}")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
