"""`guestbook copy-to URL`: the database copied whole into an empty PostgreSQL database."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from guestbook.storage.copy_database import CopyResult


@cli.command(
    "copy-to",
    help=N_(
        "Copy the whole database into an empty PostgreSQL database "
        "(postgresql+psycopg://user@host/database); the password from the URL or PGPASSWORD."
    ),
)
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def copy_to(obj: Context, url: str, as_json: bool) -> None:
    from guestbook.services.copy_to import CopyToError, copy_to, target_shown

    obj.file()  # the copy's source is a SQLite file
    try:
        target = target_shown(url)
    except CopyToError as error:
        raise UserError(str(error)) from None
    services = obj.services()
    progress = TerminalProgress(_("Copying to {url}").format(url=target))
    try:
        result = copy_to(services, url, progress=progress)
    except CopyToError as error:
        raise UserError(str(error)) from None
    finally:
        progress.finish()
        services.close()
    if as_json:
        tables = {table.name: table.rows for table in result.tables}
        payload = {"target": target, "rows": result.rows, "tables": tables, "checked": True}
        click.echo(json.dumps(payload, indent=2))
        return
    parts = _summary_parts(result)
    click.echo(
        _(
            "Copied {rows} rows to {url} ({parts}); every table counted again on the server: "
            "all there."
        ).format(rows=number(result.rows), url=target, parts=parts)
    )


def _summary_parts(result: CopyResult) -> str:
    """The tables the owner knows by name, counted; --json counts every table."""
    guests, visits = result.count("guest"), result.count("visit")
    calls, messages = result.count("call_attempt"), result.count("message")
    return ", ".join(
        (
            ngettext("{count} guest", "{count} guests", guests).format(count=number(guests)),
            ngettext("{count} visit", "{count} visits", visits).format(count=number(visits)),
            ngettext("{count} call", "{count} calls", calls).format(count=number(calls)),
            ngettext("{count} message", "{count} messages", messages).format(
                count=number(messages)
            ),
        )
    )
