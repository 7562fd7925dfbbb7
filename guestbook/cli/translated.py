"""click's commands and options, their help translated when it is shown.

Help texts are written in English where a command is declared (marked with N_ for the
catalogue) and translated when click formats them, so the language chosen when the program
starts, or by a test, is the one `--help` speaks. click's own words (Usage, Options, its error
messages) go through gettext's module functions, which guestbook.i18n points at the same
catalogue.
"""

from __future__ import annotations

import contextlib
import gettext
import os
from collections.abc import Iterator, Sequence
from typing import Any

import click

from guestbook.i18n import _


@contextlib.contextmanager
def _translated(items: Sequence[Any]) -> Iterator[None]:
    """Each item's `help` translated for as long as click formats it."""
    originals = [item.help for item in items]
    for item in items:
        if item.help:
            item.help = _(item.help)
    try:
        yield
    finally:
        for item, original in zip(items, originals, strict=True):
            item.help = original


class TranslatedCommand(click.Command):
    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated([self]):
            super().format_help_text(ctx, formatter)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with _translated([p for p in self.get_params(ctx) if isinstance(p, click.Option)]):
            super().format_options(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated([self]):
            return super().get_short_help_str(limit)


class TranslatedGroup(TranslatedCommand, click.Group):
    """A group whose commands are TranslatedCommands too."""

    command_class = TranslatedCommand


class TranslatedPath(click.Path):
    """click.Path whose name ("file", "directory", "path") is translated when a message uses
    it, not when the command is declared (before the language is chosen)."""

    @property
    def name(self) -> str:
        # click's own word, translated as click translates it: gettext's module function.
        return gettext.gettext(self._english_name)

    @name.setter
    def name(self, value: str) -> None:
        self._english_name = value


class CheckedLater(TranslatedPath):
    """A path click only passes on, named "file" in usage and help: the command itself checks
    it and says on one line what is wrong (missing, a folder, a device, a link to nowhere),
    where click would print its usage first and exit 2."""

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> Any:
        return self.coerce_path_result(value)
