"""`guestbook import` and `guestbook export`: the guest list in from another system, and out."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from guestbook.cli.dates import typed_date
from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.cli.translated import CheckedLater
from guestbook.domain.channels import CHANNELS
from guestbook.errors import UserError
from guestbook.exchange.formats import DELIMITERS, FORMATS
from guestbook.i18n import N_, _, ngettext, number, set_language

if TYPE_CHECKING:
    from guestbook.exchange.guest_file import GuestFile


def spreadsheet_hint(fmt: str, *, interactive: bool) -> str | None:
    """After a CSV export run by a person (`interactive`: stderr is a terminal), the format in
    which a spreadsheet keeps phone numbers and postcodes as written: opened in one, a CSV's
    '+33612345678' and '01700' become numbers (docs/spreadsheets.md). None for a script."""
    if fmt != "csv" or not interactive:
        return None
    return _(
        "For a spreadsheet (Excel, LibreOffice), --format xlsx keeps phone numbers and "
        "postcodes exactly as written; CSV is for other systems."
    )


@cli.command(
    "import",
    help=N_("Import guests from a CSV/TSV file, a vCard file (.vcf) or a guestbook JSON export."),
)
@click.argument("file", type=CheckedLater(path_type=Path, dir_okay=False))
@click.option("--dry-run", is_flag=True, help=N_("Show what would happen; write nothing."))
@click.option(
    "--rejects",
    type=CheckedLater(path_type=Path, dir_okay=False),
    help=N_(
        "Where to write the rejected rows (default: FILE-rejects.csv here; a dry run writes "
        "them only when this is given)."
    ),
)
@click.option(
    "--dates",
    type=click.Choice(["day-first", "month-first"]),
    help=N_(
        "How to read all-digit dates such as 03/12/1970 (default: as the file's values show, "
        "else as its system writes them, else day first)."
    ),
)
@click.option(
    "--yes",
    is_flag=True,
    help=N_("Import without asking, even a file in which no phone nor email column was found."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def import_(
    obj: Context,
    file: Path,
    dry_run: bool,
    rejects: Path | None,
    dates: str | None,
    yes: bool,
    as_json: bool,
) -> None:
    from guestbook.services.importing.importer import import_file

    if as_json:
        # For scripts: the same object whatever the language, the reasons a row is rejected
        # included (so the rejects file of a --json import is written in English too).
        set_language("en")
    if rejects is None and not dry_run:
        suffix = file.suffix.lower() if file.suffix.lower() in (".json", ".vcf") else ".csv"
        rejects = Path.cwd() / f"{file.stem}-rejects{suffix}"
    services = obj.services()
    progress = TerminalProgress(_("Importing"))
    try:
        result = import_file(
            services,
            file,
            dry_run=dry_run,
            rejects_path=rejects,
            progress=progress,
            date_order="month_first" if dates == "month-first" else "day_first" if dates else None,
            before_writing=None if yes else _ask_without_contact_columns,
        )
    finally:
        progress.finish()
        services.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        from guestbook.cli.import_text import render_import

        click.echo(render_import(result))


def _ask_without_contact_columns(source: GuestFile) -> None:
    """Before writing a file in which no phone nor email column was found: the warning on
    stderr, and at a terminal the question (a script, with no one to answer, goes on: the
    warning is in its output and its --json)."""
    if not source.no_contact_columns:
        return
    click.echo(
        _(
            "Warning: no column of {file} was read as a phone or an email, so none of its "
            "guests could be called or written to. Columns not imported: {columns}."
        ).format(file=source.name, columns=", ".join(source.ignored_columns) or "-"),
        err=True,
    )
    if sys.stdin.isatty() and not click.confirm(_("Import it anyway?"), default=False, err=True):
        raise UserError(_("nothing was imported"))


@cli.command(
    help=N_("Export guests to CSV, Excel, vCard, iCalendar (birthdays) or JSON. Allergies never.")
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="csv",
    show_default=True,
)
@click.option(
    "--output",
    type=CheckedLater(path_type=Path, dir_okay=False),
    help=N_("File to write (default: guestbook-export-DATE.FORMAT here)."),
)
@click.option(
    "--consent",
    type=click.Choice(list(CHANNELS)),
    help=N_("Only guests who accepted this channel."),
)
@click.option("--postcode", metavar="PREFIX", help=N_("Only postcodes starting with this."))
@click.option(
    "--visited-since",
    callback=typed_date,
    metavar="DATE",
    help=N_("Only guests whose last visit is on or after this date (2026-01-01 or 01/01/2026)."),
)
@click.option(
    "--visited-until",
    callback=typed_date,
    metavar="DATE",
    help=N_("Only guests whose last visit is on or before this date."),
)
@click.option("--has-birthday", is_flag=True, help=N_("Only guests whose birthday is known."))
@click.option("--force", is_flag=True, help=N_("Replace the output file if it exists."))
@click.option(
    "--delimiter",
    type=click.Choice(list(DELIMITERS)),
    default=";",
    show_default=True,
    help=N_("CSV separator (';' for French Excel)."),
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
    force: bool,
    delimiter: str,
) -> None:
    from guestbook.domain.records import ExportFilters
    from guestbook.exchange.formats import default_file_name
    from guestbook.services.export import ExportExists, export_guests

    filters = ExportFilters(
        consent=consent,
        postcode=postcode,
        visited_since=visited_since,
        visited_until=visited_until,
        has_birthday=has_birthday,
    )
    services = obj.services()
    path = output or Path.cwd() / default_file_name(fmt, services.clock.today())
    progress = TerminalProgress(_("Exporting"))
    try:
        result = export_guests(
            services,
            path,
            fmt=fmt,
            filters=filters,
            delimiter=delimiter,
            progress=progress,
            overwrite=force,
        )
    except ExportExists as exists:
        raise UserError(_("{problem} (--force replaces it)").format(problem=exists)) from exists
    finally:
        progress.finish()
        services.close()
    if FORMATS[fmt].birthdays_only:
        done = ngettext(
            "Exported {count} birthday to {path}",
            "Exported {count} birthdays to {path}",
            result.guests,
        )
    else:
        done = ngettext(
            "Exported {count} guest to {path}", "Exported {count} guests to {path}", result.guests
        )
    click.echo(done.format(count=number(result.guests), path=result.path))
    hint = spreadsheet_hint(fmt, interactive=sys.stderr.isatty())
    if hint:
        click.echo(hint, err=True)
