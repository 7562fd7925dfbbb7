"""Command line: `guestbook` opens the app; subcommands work headless."""

from guestbook.cli import agenda, database, exchange
from guestbook.cli.main import cli, main

__all__ = ["agenda", "cli", "database", "exchange", "main"]
