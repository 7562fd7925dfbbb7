"""The one factory that builds guestbook's services and app, shared by the CLI and the tests."""

from __future__ import annotations

import gc
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from guestbook.clock import Clock
from guestbook.errors import UserError
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.settings import Settings

__all__ = ["Services", "freeze_imported_heap", "make_app", "make_services", "open_database"]

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from guestbook.tui.app import GuestbookApp


def open_database(db_path: Path, notify: Callable[[str], None] | None = None) -> Engine:
    """Upgrade the schema if needed (copying the old file aside first), then open it."""
    from guestbook.storage.engine import make_engine
    from guestbook.storage.migrate import MigrationError, upgrade

    if db_path.is_dir():
        raise UserError(_("{path} is a folder, not a database file").format(path=db_path))
    try:
        upgrade(db_path, notify=notify)
    except MigrationError as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error)
        ) from None
    except PermissionError as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error.strerror)
        ) from None
    return make_engine(db_path)


def make_services(
    db_path: Path,
    clock: Clock,
    settings: Settings,
    staff: str = "",
    *,
    notify: Callable[[str], None] | None = None,
) -> Services:
    from guestbook.services.summaries.late_from import ensure_late_from_rule

    engine = open_database(db_path, notify)
    with engine.begin() as connection:
        ensure_late_from_rule(connection, settings)
    return Services(db_path, engine, clock, settings, staff)


def make_app(services: Services) -> GuestbookApp:
    from guestbook.tui.app import GuestbookApp

    return GuestbookApp(services)


def freeze_imported_heap() -> None:
    """Take what a process has imported out of the garbage collector's sight (gc.freeze):
    modules, classes and functions live as long as the process, and once tens of thousands of
    agenda rows are allocated every full collection would walk them again (a quarter of the
    agenda's time on a million guests). For a process's entry point only: in a test run it
    would also keep the garbage of earlier tests forever."""
    gc.freeze()
