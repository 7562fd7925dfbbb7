"""`guestbook import` and `guestbook export`: the guest list in from another system, and out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.domain.channels import CHANNELS
from guestbook.exchange.formats import DELIMITERS, FORMATS


def _typed_date(ctx: click.Context, _param: click.Parameter, value: str | None) -> dt.date | None:
    """A date bounding an export, read as every typed date is (domain.dates), day first."""
    if not value:
        return None
    from guestbook.clock import make_clock
    from guestbook.domain.dates import DateError, filter_date

    obj = ctx.find_object(Context)
    today = make_clock(obj.today if obj is not None else None).today()
    try:
        return filter_date(value, today)
    except DateError as error:
        raise click.BadParameter(str(error)) from None


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
    type=click.Choice(list(FORMATS)),
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
    type=click.Choice(list(CHANNELS)),
    help="Only guests who accepted this channel.",
)
@click.option("--postcode", metavar="PREFIX", help="Only postcodes starting with this.")
@click.option(
    "--visited-since",
    callback=_typed_date,
    metavar="DATE",
    help="Only guests whose last visit is on or after this date (2026-01-01 or 01/01/2026).",
)
@click.option(
    "--visited-until",
    callback=_typed_date,
    metavar="DATE",
    help="Only guests whose last visit is on or before this date.",
)
@click.option("--has-birthday", is_flag=True, help="Only guests whose birthday is known.")
@click.option(
    "--delimiter",
    type=click.Choice(list(DELIMITERS)),
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
    visited_since: dt.date | None,
    visited_until: dt.date | None,
    has_birthday: bool,
    delimiter: str,
) -> None:
    """Export guests to CSV, Excel, vCard, iCalendar (birthdays) or JSON. Allergies never."""
    from guestbook.domain.records import ExportFilters
    from guestbook.exchange.formats import default_file_name
    from guestbook.services.export import export_guests

    filters = ExportFilters(
        consent=consent,
        postcode=postcode,
        visited_since=visited_since,
        visited_until=visited_until,
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
    click.echo(f"Exported {result.guests:,} {FORMATS[fmt].noun} to {result.path}")
