"""`guestbook access GUEST_ID --output DIR`: everything stored about one guest, in a folder of
its own (services.rights.access)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.translated import CheckedLater
from guestbook.errors import UserError
from guestbook.i18n import N_, _


@cli.command(
    help=N_(
        "Write everything stored about one guest (allergies and consent history included) as "
        "JSON, CSV, vCard and a page to read, in a new private folder."
    )
)
@click.argument("guest_id", type=click.IntRange(min=1), metavar="GUEST_ID")
@click.option(
    "--output",
    type=CheckedLater(path_type=Path, file_okay=False),
    metavar="DIR",
    help=N_(
        "Folder in which the bundle's folder is made (created, private, if missing; default: here)."
    ),
)
@click.pass_obj
def access(obj: Context, guest_id: int, output: Path | None) -> None:
    from guestbook.paths import make_private_folder
    from guestbook.services.rights.access import write_access_bundle

    folder = output or Path.cwd()
    if folder.exists() and not folder.is_dir():
        raise UserError(_("{path} is not a folder").format(path=folder))
    created = not folder.exists()
    if created:
        try:
            make_private_folder(folder)
        except OSError as error:
            raise UserError(
                _("cannot write {path}: {error}").format(path=folder, error=error.strerror)
            ) from None
    services = obj.services()
    try:
        bundle = write_access_bundle(services, guest_id, folder)
    except BaseException:
        if created:  # no bundle (an unknown guest…): no empty folder left either
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    finally:
        services.close()
    click.echo(
        _("Access bundle of guest #{id} written to {folder}:").format(
            id=guest_id, folder=bundle.folder
        )
    )
    for path in bundle.files:
        click.echo("  " + path.name)  # a file name: no words to translate
