"""`guestbook demo`, `backup` and `restore`: filling, copying and replacing the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.errors import UserError


@cli.command()
@click.option("--guests", default=500, show_default=True, type=click.IntRange(1, 5_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.pass_obj
def demo(obj: Context, guests: int, seed: int) -> None:
    """Fill an empty database with a realistic French restaurant's guests."""
    from guestbook.demo.generate import DemoError, generate_demo
    from guestbook.services.guests.listing import count_guests

    services = obj.services()
    existing = count_guests(services)
    if existing:
        # Never mix demo guests into a real list; and the quick start, run twice, must still
        # open the app, so this is a notice, not a failure.
        services.close()
        click.echo(
            f"{obj.db_path} already holds {existing:,} guests: nothing added. "
            "For a fresh demo, use another file: guestbook --db demo.db demo",
            err=True,
        )
        return
    progress = TerminalProgress("Creating demo guests")
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
        f"{summary.guests:,} guests, {summary.visits:,} visits, {summary.referrals:,} referrals "
        f"and {summary.call_attempts:,} calls written to {obj.db_path}"
    )


@cli.command()
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the copy (default: backups/ beside the database).",
)
@click.pass_obj
def backup(obj: Context, output: Path | None) -> None:
    """Copy the database safely, even while the app is open."""
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
    click.echo(f"Backed up to {written}")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_obj
def restore(obj: Context, file: Path, yes: bool) -> None:
    """Replace the database with a backup (the current one is copied aside first)."""
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
            raise UserError("restore replaces the database: confirm with --yes")
        click.confirm(
            f"Replace {obj.db_path} with {file}? The current database is kept in backups/",
            abort=True,
        )
    try:
        if obj.db_path.exists():
            kept = backup_database(obj.db_path, backups_dir(obj.db_path), label="before-restore")
            click.echo(f"Current database kept as {kept}")
        for side in ("-wal", "-shm"):
            obj.db_path.with_name(obj.db_path.name + side).unlink(missing_ok=True)
        copy_database(file, obj.db_path)
    except (BackupError, OSError) as error:
        raise UserError(str(error)) from None
    services = obj.services()  # a backup from an older version is upgraded now
    services.close()
    click.echo(f"Restored {file} into {obj.db_path}")
