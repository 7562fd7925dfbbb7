"""Command line: `guestbook` opens the app; subcommands work headless.

Only click and the standard library are imported at module level, so `guestbook --help` and
`guestbook today` never pay for Textual (and `--help` not for SQLModel either).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from guestbook.errors import UserError

if TYPE_CHECKING:
    from guestbook.bootstrap import Services
    from guestbook.settings import Settings


@dataclass
class Context:
    db_path: Path
    today: dt.date | None
    staff: str

    def settings(self) -> Settings:
        from guestbook.paths import settings_path
        from guestbook.settings import SettingsError, load_settings

        try:
            return load_settings(settings_path())
        except SettingsError as error:
            raise UserError(str(error)) from None

    def services(self) -> Services:
        from guestbook.bootstrap import make_services
        from guestbook.clock import make_clock

        return make_services(
            self.db_path,
            make_clock(self.today),
            self.settings(),
            self.staff,
            notify=lambda message: click.echo(message, err=True),
        )


# Set by main(), the program's own entry point, and not when tests call `cli` in their process.
_own_process = False


def _freeze_imported_heap() -> None:
    if _own_process:
        from guestbook.bootstrap import freeze_imported_heap

        freeze_imported_heap()


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None or value == "":
        return None
    from guestbook.clock import parse_today

    try:
        return parse_today(value)
    except ValueError as error:
        raise click.BadParameter(str(error).removeprefix("--today ")) from None


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, dir_okay=False),
    envvar="GUESTBOOK_DB",
    help="Database file (default: in your user data folder). Also GUESTBOOK_DB.",
)
@click.option(
    "--today",
    callback=_parse_today,
    envvar="GUESTBOOK_TODAY",
    metavar="YYYY-MM-DD",
    help="Pretend today is this date (demos, screenshots). Also GUESTBOOK_TODAY.",
)
@click.option("--staff", default="", envvar="GUESTBOOK_STAFF", help="Your name, for the logs.")
@click.version_option(package_name="guestbook")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, today: dt.date | None, staff: str) -> None:
    """guestbook: know your guests. Birthday calls, referrals and regulars for a restaurant.

    Without a command, opens the app.
    """
    from guestbook.paths import default_db_path

    ctx.obj = Context(db_path or default_db_path(), today, staff)
    if ctx.invoked_subcommand is None:
        services = ctx.obj.services()
        from guestbook.bootstrap import make_app

        try:
            app = make_app(services)
            _freeze_imported_heap()
            app.run()
        finally:
            services.close()


@cli.command()
@click.option("--guests", default=500, show_default=True, type=click.IntRange(1, 5_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.pass_obj
def demo(obj: Context, guests: int, seed: int) -> None:
    """Fill an empty database with a realistic French restaurant's guests."""
    from guestbook.demo.generate import DemoError, generate_demo

    services = obj.services()
    with services.engine.connect() as connection:
        existing = int(connection.exec_driver_sql("SELECT count(*) FROM guest").scalar_one())
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
    "--days",
    default=0,
    show_default=True,
    type=click.IntRange(0, 366),
    help="Also list the calls due in the next N days.",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for scripts).")
@click.pass_obj
def today(obj: Context, days: int, as_json: bool) -> None:
    """Print today's and overdue calls (and the next N days)."""
    from guestbook.services.agenda.calls import compute_agenda

    services = obj.services()
    _freeze_imported_heap()
    try:
        agenda = compute_agenda(services, days=days)
    finally:
        services.close()
    if as_json:
        from guestbook.cli.agenda_json import agenda_json_chunks

        click.echo("".join(agenda_json_chunks(agenda)))
    else:
        from guestbook.cli.agenda_text import render_agenda

        click.echo(render_agenda(agenda, services.settings, width=_terminal_width()))


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True, help="Show what would happen; write nothing.")
@click.option(
    "--rejects",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Where to write the rejected rows (default: FILE-rejects.csv here; a dry run writes "
    "them only when this is given).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (for scripts).")
@click.pass_obj
def import_(obj: Context, file: Path, dry_run: bool, rejects: Path | None, as_json: bool) -> None:
    """Import guests from a CSV/TSV file or a guestbook JSON export."""
    from guestbook.services.importing.importer import import_file

    if rejects is None and not dry_run:
        suffix = ".json" if file.suffix.lower() == ".json" else ".csv"
        rejects = Path.cwd() / f"{file.stem}-rejects{suffix}"
    services = obj.services()
    progress = TerminalProgress("Importing")
    try:
        result = import_file(
            services, file, dry_run=dry_run, rejects_path=rejects, progress=progress
        )
    finally:
        progress.finish()
        services.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        from guestbook.cli.import_text import render_import

        click.echo(render_import(result))


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "xlsx", "vcf", "ics", "json"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to write (default: guestbook-export-DATE.FORMAT here).",
)
@click.option(
    "--consent",
    type=click.Choice(["call", "sms", "email", "post"]),
    help="Only guests who accepted this channel.",
)
@click.option("--postcode", metavar="PREFIX", help="Only postcodes starting with this.")
@click.option(
    "--visited-since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only guests whose last visit is on or after this date.",
)
@click.option(
    "--visited-until",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only guests whose last visit is on or before this date.",
)
@click.option("--has-birthday", is_flag=True, help="Only guests whose birthday is known.")
@click.option(
    "--delimiter",
    type=click.Choice([";", ","]),
    default=";",
    show_default=True,
    help="CSV separator (';' for French Excel).",
)
@click.pass_obj
def export(
    obj: Context,
    fmt: str,
    output: Path | None,
    consent: str | None,
    postcode: str | None,
    visited_since: dt.datetime | None,
    visited_until: dt.datetime | None,
    has_birthday: bool,
    delimiter: str,
) -> None:
    """Export guests to CSV, Excel, vCard, iCalendar (birthdays) or JSON. Allergies never."""
    from guestbook.services.export import ExportFilters, default_file_name, export_guests

    filters = ExportFilters(
        consent=consent,
        postcode=postcode,
        visited_since=visited_since.date() if visited_since else None,
        visited_until=visited_until.date() if visited_until else None,
        has_birthday=has_birthday,
    )
    services = obj.services()
    path = output or Path.cwd() / default_file_name(fmt, services.clock.today())
    progress = TerminalProgress("Exporting")
    try:
        result = export_guests(
            services, path, fmt=fmt, filters=filters, delimiter=delimiter, progress=progress
        )
    finally:
        progress.finish()
        services.close()
    what = "birthdays" if fmt == "ics" else "guests"
    click.echo(f"Exported {result.guests:,} {what} to {result.path}")


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


def _terminal_width() -> int:
    import shutil

    return max(60, min(120, shutil.get_terminal_size((80, 24)).columns))


class TerminalProgress:
    """One progress line on stderr, redrawn in place; silent when stderr is not a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.interactive = sys.stderr.isatty()
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if not self.interactive:
            return
        percent = 100 * done // max(total, 1)
        sys.stderr.write(f"\r{self.label}: {done:,}/{total:,} ({percent}%)")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _fail(message: str) -> NoReturn:
    click.echo(f"guestbook: {message}", err=True)
    sys.exit(1)


def main(argv: list[str] | None = None) -> Any:
    global _own_process
    _own_process = True
    try:
        return cli.main(args=argv, prog_name="guestbook", standalone_mode=True)
    except UserError as error:
        _fail(str(error))
    except KeyboardInterrupt:
        _fail("interrupted")
