"""`guestbook demo`, `backup` and `restore`: filling, copying and replacing the database."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.cli.translated import TranslatedPath
from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from guestbook.demo.generate import DemoSummary
    from guestbook.services.context import Services


@cli.command(help=N_("Fill an empty database with a realistic French restaurant's guests."))
@click.option(
    "--guests",
    default=500,
    show_default=True,
    type=click.IntRange(1, 5_000_000),
    help=N_("How many guests to make."),
)
@click.option(
    "--seed",
    default=1,
    show_default=True,
    type=int,
    help=N_("Another seed, another restaurant; the same seed makes the same one."),
)
@click.option(
    "--sites",
    metavar="NAMES",
    help=N_(
        "A group of restaurants: its sites' names, separated by commas (at most 10), "
        'e.g. "Bastille,Marais,Oberkampf". Each visit and call is then at one of them.'
    ),
)
@click.pass_obj
def demo(obj: Context, guests: int, seed: int, sites: str | None) -> None:
    from guestbook.services.copy_to import target_shown
    from guestbook.services.guests.listing import count_guests

    group = _site_names(sites)  # before the database is opened: a wrong list creates nothing
    services = obj.services()  # a URL guestbook does not take is refused here
    try:
        # On a server (issue 19) its URL, the password hidden, as copy-to names it.
        where = str(obj.db_path) if obj.db_path is not None else target_shown(obj.db_url or "")
        existing = count_guests(services)
        if not existing and obj.db_path is not None:
            summary = _generate(services, guests, seed, group)
    finally:
        services.close()
    if existing:
        # Never mix demo guests into a real list; and the quick start, run twice, must still
        # open the app, so this is a notice, not a failure.
        click.echo(_already_holds(obj, where, existing), err=True)
        return
    if obj.db_path is None:
        summary = _demo_on_server(obj, guests, seed, group, where)
    click.echo(_written(summary, where, group))
    if group:
        click.echo(
            _("To open it as one of its sites: {command}").format(
                command=shlex.join(["guestbook", "--db", where, "--site", group[0]])
            )
        )


def _site_names(sites: str | None) -> tuple[str, ...]:
    """--sites as the group's names (demo.sites checks them as the `site` setting)."""
    if sites is None:
        return ()
    from guestbook.demo.sites import SitesError, site_names

    try:
        return site_names(sites.split(","))
    except SitesError as error:
        raise UserError(str(error)) from None


def _written(summary: DemoSummary, where: str, group: tuple[str, ...]) -> str:
    counts = {
        "guests": number(summary.guests),
        "visits": number(summary.visits),
        "referrals": number(summary.referrals),
        "calls": number(summary.call_attempts),
        "path": where,
    }
    if not group:
        return _(
            "{guests} guests, {visits} visits, {referrals} referrals and {calls} calls written "
            "to {path}"
        ).format(**counts)
    return ngettext(
        "{guests} guests, {visits} visits, {referrals} referrals and {calls} calls written "
        "to {path}, over {count} site: {sites}",
        "{guests} guests, {visits} visits, {referrals} referrals and {calls} calls written "
        "to {path}, over {count} sites: {sites}",
        len(group),
    ).format(**counts, count=number(len(group)), sites=", ".join(group))


def _already_holds(obj: Context, where: str, existing: int) -> str:
    if obj.db_path is None:
        # Translators: the English says "guests" whatever the count.
        return ngettext(
            "{path} already holds {count} guests: nothing added. For a fresh demo, use an "
            "empty database: another one on the server, or a file (guestbook --db demo.db demo)",
            "{path} already holds {count} guests: nothing added. For a fresh demo, use an "
            "empty database: another one on the server, or a file (guestbook --db demo.db demo)",
            existing,
        ).format(path=where, count=number(existing))
    # Translators: the English says "guests" whatever the count.
    return ngettext(
        "{path} already holds {count} guests: nothing added. For a fresh demo, use "
        "another file: guestbook --db demo.db demo",
        "{path} already holds {count} guests: nothing added. For a fresh demo, use "
        "another file: guestbook --db demo.db demo",
        existing,
    ).format(path=where, count=number(existing))


def _generate(services: Services, guests: int, seed: int, sites: tuple[str, ...]) -> DemoSummary:
    """The demo written into the empty SQLite database under `services` (left open)."""
    from sqlalchemy.exc import OperationalError

    from guestbook.bootstrap import database_busy
    from guestbook.demo.generate import DemoError, generate_demo
    from guestbook.storage.engine import is_busy

    progress = TerminalProgress(_("Creating demo guests"))
    try:
        return generate_demo(
            services.engine,
            today=services.clock.today(),
            settings=services.settings,
            guests=guests,
            seed=seed,
            progress=progress,
            sites=sites,
        )
    except DemoError as error:
        raise UserError(str(error)) from None
    except OperationalError as error:
        # Another demo or an import holds the write lock: the demo, one transaction, wrote
        # nothing.
        if not is_busy(error):
            raise
        raise database_busy() from None
    finally:
        progress.finish()


def _demo_on_server(
    obj: Context, guests: int, seed: int, sites: tuple[str, ...], where: str
) -> DemoSummary:
    """The demo's bulk writes are SQLite's: it is made in a file of its own, then copied to
    the server by copy-to (one transaction there: a failure or Ctrl+C leaves the server's
    database as it was). The file goes whatever happens; copy-to refuses a server that got
    guests meanwhile, with its own message."""
    import dataclasses
    import tempfile

    from guestbook.services.copy_to import CopyToError, copy_to

    with tempfile.TemporaryDirectory(prefix="guestbook-demo-") as folder:
        local = dataclasses.replace(obj, db_path=Path(folder) / "demo.db", db_url=None)
        services = local.services()
        try:
            summary = _generate(services, guests, seed, sites)
            progress = TerminalProgress(_("Copying to {url}").format(url=where))
            try:
                copy_to(services, obj.db_url or "", progress=progress)
            except CopyToError as error:
                raise UserError(str(error)) from None
            finally:
                progress.finish()
        finally:
            services.close()  # before its folder is removed (Windows keeps open files)
    return summary


@cli.command(help=N_("Copy the database safely, even while the app is open."))
@click.option(
    "--output",
    type=TranslatedPath(path_type=Path, dir_okay=False),
    help=N_("Where to write the copy (default: backups/ beside the database)."),
)
@click.pass_obj
def backup(obj: Context, output: Path | None) -> None:
    from guestbook.paths import backups_dir
    from guestbook.storage.backup import BackupError, backup_database, copy_database

    # Opened first: upgraded, so the copy is at the current schema, and locked, so `restore`
    # does not replace the file while it is copied.
    db_path = obj.file()
    services = obj.services()
    try:
        if output is None:
            written = backup_database(db_path, backups_dir(db_path), label="manual")
        else:
            written = copy_database(db_path, output)
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from None
    finally:
        services.close()
    click.echo(_("Backed up to {path}").format(path=written))


@cli.command(help=N_("Replace the database with a backup (the current one is copied aside first)."))
@click.argument("file", type=TranslatedPath(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
@click.pass_obj
def restore(obj: Context, file: Path, yes: bool) -> None:
    from guestbook.storage.backup import BackupError, check_is_guestbook_database
    from guestbook.storage.migrate import MigrationError, check_revision

    db_path = obj.file()
    try:
        # A backup from a newer guestbook is refused before anything is replaced.
        check_revision(check_is_guestbook_database(file))
    except BackupError as error:
        raise UserError(str(error)) from None
    except MigrationError as error:
        raise UserError(
            _("cannot restore {path}: {error}").format(path=file, error=error)
        ) from None
    if not yes:
        if not sys.stdin.isatty():
            raise UserError(_("restore replaces the database: confirm with --yes"))
        click.confirm(
            _("Replace {database} with {file}? The current database is kept in backups/").format(
                database=db_path, file=file
            ),
            abort=True,
        )
    _replace_database(obj, db_path, file)
    click.echo(_("Restored {file} into {database}").format(file=file, database=db_path))


def _erase_again(
    obj: Context, db_path: Path, erased: list[tuple[int, str]], backup_name: str
) -> int:
    """Erase again, in the restored database, the guests the replaced one had erased; how many
    still had their data. Run under the restore's exclusive lock: nobody sees them meanwhile."""
    if not erased:
        return 0
    from guestbook.clock import make_clock
    from guestbook.services.context import Services
    from guestbook.services.rights.erasure import reapply_erasures
    from guestbook.storage.engine import make_engine

    services = Services(db_path, make_engine(db_path), make_clock(obj.today), obj.settings(),
                        obj.staff)  # fmt: skip
    try:
        return len(reapply_erasures(services, erased, backup_name=backup_name).erased)
    finally:
        services.engine.dispose()


def _replace_database(obj: Context, db_path: Path, file: Path) -> None:
    """Copy `file` over the database under the exclusive lock: refused at once while the app
    or another command has the database open. A backup from an older version is upgraded
    before the lock is let go, so no other process sees it unupgraded."""
    from guestbook.paths import make_private_folder
    from guestbook.storage.backup import BackupError, restore_database
    from guestbook.storage.lock import DatabaseInUse, DatabaseLock
    from guestbook.storage.migrate import MigrationError, remove_leftovers, upgrade
    from guestbook.storage.sqlite.erasure import erasure_log_of_file

    try:
        make_private_folder(db_path.parent)
        lock = DatabaseLock.acquire(db_path, exclusive=True)
    except DatabaseInUse as error:
        raise UserError(str(error)) from None
    except OSError as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error.strerror or error)
        ) from None
    try:
        remove_leftovers(db_path, copies_too=True)
        # The guests erased since the backup was taken must not come back with it.
        erased = erasure_log_of_file(db_path)
        kept = restore_database(file, db_path)
        if kept is not None:
            click.echo(_("Current database kept as {path}").format(path=kept))
        upgrade(db_path, notify=lambda message: click.echo(message, err=True))
        again = _erase_again(obj, db_path, erased, file.name)
        if again:
            click.echo(
                ngettext(
                    "{count} guest erased since that backup was erased again.",
                    "{count} guests erased since that backup were erased again.",
                    again,
                ).format(count=number(again))
            )
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from None
    except MigrationError as error:
        raise UserError(
            _("cannot open {path}: {error}").format(path=db_path, error=error)
        ) from None
    finally:
        lock.release()
