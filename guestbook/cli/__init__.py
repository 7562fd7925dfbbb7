"""Command line: `guestbook` opens the app; subcommands work headless."""

from guestbook.cli.main import cli, main

__all__ = ["cli", "main"]
