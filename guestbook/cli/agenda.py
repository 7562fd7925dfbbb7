"""`guestbook today`: the chef's calls, as a table or as JSON."""

from __future__ import annotations

import click

from guestbook.cli.main import Context, cli, freeze_imported_heap
from guestbook.cli.terminal import terminal_width
from guestbook.i18n import N_


@cli.command(help=N_("Print today's and overdue calls (and the next N days)."))
@click.option(
    "--days",
    default=0,
    show_default=True,
    type=click.IntRange(0, 366),
    help=N_("Also list the calls due in the next N days."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def today(obj: Context, days: int, as_json: bool) -> None:
    # --json is for scripts: its keys and values are the same in every language.
    from guestbook.services.agenda.calls import compute_agenda

    services = obj.services()
    freeze_imported_heap()
    try:
        agenda = compute_agenda(services, days=days)
    finally:
        services.close()
    if as_json:
        from guestbook.cli.agenda_json import agenda_json_chunks

        click.echo("".join(agenda_json_chunks(agenda)))
    else:
        from guestbook.cli.agenda_text import render_agenda

        click.echo(render_agenda(agenda, services.settings, width=terminal_width()))
