"""`guestbook today`: the chef's calls, as a table, as a sheet to print, or as JSON."""

from __future__ import annotations

import click

from guestbook.cli.main import Context, cli, freeze_imported_heap
from guestbook.cli.terminal import terminal_width
from guestbook.errors import UserError
from guestbook.i18n import N_, _


@cli.command(help=N_("Print today's and overdue calls (and the next N days)."))
@click.option(
    "--days",
    default=0,
    show_default=True,
    type=click.IntRange(0, 366),
    help=N_("Also list the calls due in the next N days."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.option(
    "--print",
    "as_sheet",
    is_flag=True,
    help=N_(
        "Print a sheet for the printer: 80 columns, a page every 60 lines, a line to write "
        "each outcome on."
    ),
)
@click.option(
    "--whole-group",
    is_flag=True,
    help=N_(
        "In a group of restaurants, every site's guests (by default, those of this terminal's "
        "site: where they came most)."
    ),
)
@click.pass_obj
def today(obj: Context, days: int, as_json: bool, as_sheet: bool, whole_group: bool) -> None:
    # --json is for scripts: its keys and values are the same in every language.
    from guestbook.services.agenda.calls import agenda_on
    from guestbook.services.agenda.missed import left_out_guests_on

    if as_json and as_sheet:
        raise UserError(_("--json and --print cannot be used together: choose one"))
    services = obj.services()
    freeze_imported_heap()
    today_, settings = services.clock.today(), services.settings
    site = "" if whole_group else settings.site
    try:
        agenda, left_out = services.read(
            lambda connection: (
                agenda_on(connection, today_, settings, days=days, site=site),
                left_out_guests_on(connection, today_, settings, days=days, site=site),
            )
        )
    finally:
        services.close()
    if as_json:
        from guestbook.cli.agenda_json import agenda_json_chunks

        click.echo("".join(agenda_json_chunks(agenda, left_out)))
    elif as_sheet:
        from guestbook.cli.agenda_text import sheet_groups
        from guestbook.services.agenda.sheet import call_sheet

        groups = sheet_groups(agenda)
        sheet = call_sheet(settings.restaurant_name, agenda.date, groups, settings.phone_region)
        click.echo(sheet, nl=False)
    else:
        from guestbook.cli.agenda_text import render_agenda

        width = terminal_width()
        click.echo(render_agenda(agenda, settings, width=width, left_out_guests=left_out))
