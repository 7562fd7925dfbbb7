"""`guestbook forget`: erase guests for good, by number or after the retention period."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.services.rights.erasure import ErasureResult

SHOWN = 20  # guests named before asking; the rest are counted


@cli.command(
    help=N_(
        "Erase guests for good (their personal data; visits and counts stay, anonymised): "
        "GUEST_ID…, or --inactive for those with no visit nor contact for retention_years; "
        "--finish completes earlier erasures."
    )
)
@click.argument("guest_ids", nargs=-1, type=click.IntRange(min=1), metavar="GUEST_ID...")
@click.option(
    "--inactive",
    is_flag=True,
    help=N_("The guests with no visit and no contact for --years (the retention review)."),
)
@click.option(
    "--years",
    type=click.IntRange(1, 10),
    help=N_("With --inactive: years without a visit nor a contact (default: retention_years)."),
)
@click.option(
    "--finish",
    is_flag=True,
    help=N_(
        "Rid the database's files now of what earlier erasures left there: on a server, "
        "rewrite the tables a big erasure left for later (run it when the restaurants are "
        "closed: it holds every terminal while it runs)."
    ),
)
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help=N_(
        "With --finish: how long to wait for the programs still reading the database as it "
        "was (default: 600)."
    ),
)
@click.option(
    "--quiet",
    is_flag=True,
    help=N_(
        "With --finish: print nothing when all went well (for the nightly job, whose output "
        "is mailed); a problem is still said."
    ),
)
@click.option("--dry-run", is_flag=True, help=N_("Say who would be erased; erase nobody."))
@click.option("--yes", is_flag=True, help=N_("Do not ask for confirmation."))
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def forget(
    obj: Context,
    guest_ids: tuple[int, ...],
    inactive: bool,
    years: int | None,
    finish: bool,
    wait: float | None,
    quiet: bool,
    dry_run: bool,
    yes: bool,
    as_json: bool,
) -> None:
    from guestbook.services.rights.erasure import erase_guests

    if finish:
        if inactive or guest_ids or dry_run or years is not None:
            raise UserError(_("--finish goes alone: it erases nobody, it completes erasures"))
        _finish(obj, as_json=as_json, wait=wait, quiet=quiet)
        return
    if wait is not None:
        raise UserError(_("--wait goes with --finish"))
    if quiet:
        raise UserError(_("--quiet goes with --finish"))
    if inactive == bool(guest_ids):
        raise UserError(_("give the guests' numbers, or --inactive (not both)"))
    if years is not None and not inactive:
        raise UserError(_("--years goes with --inactive"))
    services = obj.services()
    try:
        chosen, names = _chosen(services, guest_ids, inactive=inactive, years=years)
        if dry_run or not chosen:
            _say_who(chosen, names, as_json, dry_run=True)
            return
        if not yes:
            _confirm(names)
        progress = TerminalProgress(_("Erasing"))
        try:
            result = erase_guests(
                services, chosen, action="retention" if inactive else "erasure", progress=progress
            )
        finally:
            progress.finish()
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps({"guests": len(chosen), **result.to_json()}, indent=2))
        return
    _say_erased(result, on_server=obj.db_path is None)


def _say_erased(result: ErasureResult, *, on_server: bool) -> None:
    """How many were erased, and where the erased values still are, if anywhere."""
    from guestbook.services.rights.erasure import Cleaning

    click.echo(
        ngettext("{count} guest erased.", "{count} guests erased.", len(result.erased)).format(
            count=number(len(result.erased))
        )
    )
    if result.cleaning is Cleaning.REFUSED:
        click.echo(_not_owner(), err=True)
    elif result.rewrite_later:
        click.echo(
            _(
                "The erased values are gone from guestbook. The server's files keep them until "
                "its tables are rewritten, which at this size would hold every terminal of the "
                "group for a while: run `guestbook forget --finish` once the restaurants are "
                "closed (the README shows how to do it every night)."
            ),
            err=True,
        )
    elif not result.wal_emptied:
        click.echo(_still_read(on_server=on_server), err=True)


def _finish(obj: Context, *, as_json: bool, wait: float | None, quiet: bool) -> None:
    """`forget --finish`: the erased values out of the files now (services.rights.erasure)."""
    from guestbook.services.rights.erasure import FINISH_WAIT_SECONDS, Cleaning, finish_erasures

    services = obj.services()
    try:
        cleaning = finish_erasures(services, FINISH_WAIT_SECONDS if wait is None else wait)
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps({"finished": cleaning.value}, indent=2))
    elif quiet:
        pass  # only a problem is said, below
    elif cleaning is Cleaning.NOTHING:
        click.echo(
            _("Nothing to finish: no erasure waits for the server's tables to be rewritten.")
        )
    elif cleaning is Cleaning.DONE:
        click.echo(_("Done: the erased values have left the database's files."))
    if cleaning is Cleaning.BUSY:
        click.echo(_still_read(on_server=obj.db_path is None), err=True)
        raise SystemExit(1)
    if cleaning is Cleaning.REFUSED:
        click.echo(_not_owner(), err=True)
        raise SystemExit(1)


def _not_owner() -> str:
    """Why a server kept its tables as they were: only their owner (or the database's) may
    rewrite them (VACUUM FULL), and this role is not."""
    return _(
        "The erased values are gone from guestbook, but the server would not let this role "
        "rewrite its tables, so its files keep them: run `guestbook forget --finish` as the "
        "role that owns the tables (the one that created or upgraded the database), as the "
        "README's nightly job does."
    )


def _still_read(*, on_server: bool) -> str:
    """Why the erased values may still be in the database's files, and until when. A file's
    write-ahead log is emptied when the last program closes the database; a server's tables
    are rewritten (VACUUM FULL) only when no program reads the rows as they were before, so
    there it is for `forget --finish` once that program is done (services.rights.erasure)."""
    if on_server:
        return _(
            "Another program (a terminal?) still reads the database as it was before: the "
            "erased values are gone from guestbook, but the server's files keep them until "
            "its tables are rewritten. Once that program is done, run `guestbook forget "
            "--finish`."
        )
    return _(
        "Another program (the app?) still reads the database: its log is emptied of "
        "the erased values when that program closes it."
    )


def _chosen(
    services: Services, guest_ids: Sequence[int], *, inactive: bool, years: int | None
) -> tuple[list[int], list[str]]:
    """The guests to erase and how to name them ('#12 Hélène Dupont'); UserError naming the
    numbers of no guest (or of an erased one)."""
    from guestbook.services.rights.erasure import erasable_guests
    from guestbook.services.rights.retention import inactive_guests

    if inactive:
        found = inactive_guests(services, years=years)
        return [g.id for g in found], [f"#{g.id} {g.name}" for g in found]
    known = erasable_guests(services, guest_ids)
    missing = [guest_id for guest_id in guest_ids if guest_id not in known]
    if missing:
        raise UserError(
            _("no guest (or an erased one) has the number {numbers}").format(
                numbers=", ".join(f"#{guest_id}" for guest_id in missing)
            )
        )
    chosen = list(dict.fromkeys(guest_ids))
    return chosen, [f"#{guest_id} {known[guest_id]}" for guest_id in chosen]


def _say_who(chosen: Sequence[int], names: Sequence[str], as_json: bool, *, dry_run: bool) -> None:
    if as_json:
        click.echo(json.dumps({"guests": len(chosen), "erased": 0, "guest_ids": list(chosen)}))
        return
    if not chosen:
        click.echo(_("Nobody to erase."))
        return
    click.echo(
        ngettext(
            "Dry run, nobody erased: {count} guest would be.",
            "Dry run, nobody erased: {count} guests would be.",
            len(chosen),
        ).format(count=number(len(chosen)))
    )
    _list(names)


def _list(names: Sequence[str]) -> None:
    for name in names[:SHOWN]:
        click.echo("  " + name)
    if len(names) > SHOWN:
        click.echo("  " + _("… and {count} more").format(count=number(len(names) - SHOWN)))


def _confirm(names: Sequence[str]) -> None:
    if not sys.stdin.isatty():
        raise UserError(_("erasing cannot be undone: confirm with --yes"))
    _list(names)
    click.confirm(
        ngettext(
            "Erase this guest for good? Their personal data cannot be brought back.",
            "Erase these {count} guests for good? Their personal data cannot be brought back.",
            len(names),
        ).format(count=number(len(names))),
        abort=True,
        err=True,
    )
