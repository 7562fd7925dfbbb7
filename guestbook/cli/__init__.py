"""Command line: `guestbook` opens the app; subcommands work headless."""

from guestbook.cli import (
    access,
    agenda,
    audit,
    copy_to,
    database,
    exchange,
    forget,
    messages,
    report,
    visits_import,
)
from guestbook.cli.main import cli, main

__all__ = [
    "access",
    "agenda",
    "audit",
    "cli",
    "copy_to",
    "database",
    "exchange",
    "forget",
    "main",
    "messages",
    "report",
    "visits_import",
]
