"""`guestbook demo`, `backup` and `restore`: filling, copying and replacing the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.cli.translated import TranslatedPath
from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number


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
@click.pass_obj
def demo(obj: Context, guests: int, seed: int) -> None:
    from guestbook.demo.generate import DemoError, generate_demo
    from guestbook.services.guests.listing import count_guests

    services = obj.services()
    existing = count_guests(services)
    if existing:
        # Never mix demo guests into a real list; and the quick start, run twice, must still
        # open the app, so this is a notice, not a failure.
        services.close()
        click.echo(
            # Translators: the English says "guests" whatever the count.
            ngettext(
                "{path} already holds {count} guests: nothing added. For a fresh demo, use "
                "another file: guestbook --db demo.db demo",
                "{path} already holds {count} guests: nothing added. For a fresh demo, use "
                "another file: guestbook --db demo.db demo",
                existing,
            ).format(path=obj.db_path, count=number(existing)),
            err=True,
        )
        return
    progress = TerminalProgress(_("Creating demo guests"))
    try:
        summary = generate_demo(
            services.engine,
            today=services.clock.today(),
            settings=services.settings,
            guests=guests,
            seed=seed,
            progress=progress,
        )
    except DemoError as error:
        raise UserError(str(error)) from None
    finally:
        progress.finish()
        services.close()
    click.echo(
        _(
            "{guests} guests, {visits} visits, {referrals} referrals and {calls} calls written "
            "to {path}"
        ).format(
            guests=number(summary.guests),
            visits=number(summary.visits),
            referrals=number(summary.referrals),
            calls=number(summary.call_attempts),
            path=obj.db_path,
        )
    )


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

    services = obj.services()  # upgrades first, so the copy is at the current schema
    services.close()
    try:
        if output is None:
            written = backup_database(obj.db_path, backups_dir(obj.db_path), label="manual")
        else:
            written = copy_database(obj.db_path, output)
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from None
    click.echo(_("Backed up to {path}").format(path=written))


@cli.command(help=N_("Replace the database with a backup (the current one is copied aside first)."))
@click.argument("file", type=TranslatedPath(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
@click.pass_obj
def restore(obj: Context, file: Path, yes: bool) -> None:
    from guestbook.paths import backups_dir
    from guestbook.storage.backup import (
        BackupError,
        backup_database,
        check_is_guestbook_database,
        copy_database,
    )

    try:
        check_is_guestbook_database(file)
    except BackupError as error:
        raise UserError(str(error)) from None
    if not yes:
        if not sys.stdin.isatty():
            raise UserError(_("restore replaces the database: confirm with --yes"))
        click.confirm(
            _("Replace {database} with {file}? The current database is kept in backups/").format(
                database=obj.db_path, file=file
            ),
            abort=True,
        )
    try:
        if obj.db_path.exists():
            kept = backup_database(obj.db_path, backups_dir(obj.db_path), label="before-restore")
            click.echo(_("Current database kept as {path}").format(path=kept))
        for side in ("-wal", "-shm"):
            obj.db_path.with_name(obj.db_path.name + side).unlink(missing_ok=True)
        copy_database(file, obj.db_path)
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from None
    services = obj.services()  # a backup from an older version is upgraded now
    services.close()
    click.echo(_("Restored {file} into {database}").format(file=file, database=obj.db_path))
