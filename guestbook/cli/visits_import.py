"""`guestbook import-visits`: visits from the till's tickets, and the undo of the last import."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import TerminalProgress
from guestbook.cli.translated import CheckedLater
from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text, money, ngettext, number, set_language
from guestbook.services.visits_import_text import rewards_due, undone_lines

if TYPE_CHECKING:
    from guestbook.services.context import Services
    from guestbook.services.visits_import.result import (
        TicketOutcome,
        VisitsImportResult,
        VisitsUndoResult,
    )

SHOWN = 20  # tickets listed per fate; the rest are counted (--json lists every one)


@cli.command(
    "import-visits",
    help=N_(
        "Import visits from the till: a CSV of tickets (date, party size, amount, and the "
        "guest by phone, email or name). Importing the same file twice changes nothing."
    ),
)
@click.argument("file", type=CheckedLater(path_type=Path, dir_okay=False), required=False)
@click.option("--dry-run", is_flag=True, help=N_("Show what would happen; write nothing."))
@click.option(
    "--rejects",
    type=CheckedLater(path_type=Path, dir_okay=False),
    help=N_(
        "Where to write the rejected tickets (default: FILE-rejects.csv here; a dry run "
        "writes them only when this is given)."
    ),
)
@click.option(
    "--undo",
    is_flag=True,
    help=N_("Undo the last visits import (no FILE; with --dry-run, say which one it is)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def import_visits(
    obj: Context,
    file: Path | None,
    dry_run: bool,
    rejects: Path | None,
    undo: bool,
    as_json: bool,
) -> None:
    if as_json:
        # For scripts: the same object whatever the language, the reasons included (so the
        # rejects file of a --json import is written in English too).
        set_language("en")
    if undo:
        if file is not None or rejects is not None:
            raise UserError(_("--undo takes no file: it undoes the last visits import"))
        services = obj.services()
        try:
            _undo(services, dry_run=dry_run, as_json=as_json)
        finally:
            services.close()
        return
    if file is None:
        raise UserError(_("give the file of tickets to import (or --undo)"))
    if rejects is None and not dry_run:
        rejects = Path.cwd() / f"{file.stem}-rejects.csv"
    _import(obj, file, dry_run=dry_run, rejects=rejects, as_json=as_json)


def _import(
    obj: Context, file: Path, *, dry_run: bool, rejects: Path | None, as_json: bool
) -> None:
    from guestbook.services.visits_import.importer import import_visits as run_import

    services = obj.services()
    progress = TerminalProgress(_("Importing"))
    try:
        result = run_import(
            services, file, dry_run=dry_run, rejects_path=rejects, progress=progress
        )
    finally:
        progress.finish()
        services.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_visits_import(result))


def _undo(services: Services, *, dry_run: bool, as_json: bool) -> None:
    from guestbook.services.visits_import.undo import last_visits_import, undo_last_visits_import

    if dry_run:
        info = last_visits_import(services)
        if as_json:
            found = info.to_json() if info is not None else None
            click.echo(json.dumps({"last_import": found}, ensure_ascii=False, indent=2))
        elif info is None:
            click.echo(_("There is no visits import to undo."))
        else:
            click.echo(
                ngettext(
                    "The last visits import is {file} ({when} UTC): undoing it removes its "
                    "{count} visit.",
                    "The last visits import is {file} ({when} UTC): undoing it removes its "
                    "{count} visits.",
                    info.recorded,
                ).format(file=info.file_name, when=info.at[:16], count=number(info.recorded))
            )
        return
    undone = undo_last_visits_import(services)
    if as_json:
        click.echo(json.dumps(undone.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_undo(undone))


# --- what the terminal shows ---------------------------------------------------------------


def render_visits_import(result: VisitsImportResult) -> str:
    lines = [_head(result)]
    if result.recorded:
        lines.append(
            ngettext(
                "{count} guest, {amount} in all.",
                "{count} guests, {amount} in all.",
                result.guests,
            ).format(count=number(result.guests), amount=money(result.spend_cents))
        )
    if note := result.date_order.note():
        lines.append(note)
    if not result.has_party_size:
        lines.append(_("No party size column: each ticket is counted as a table of one."))
    if result.imported_before:
        lines.append(
            _("This same file was imported before ({when} UTC).").format(
                when=result.imported_before[:16]
            )
        )
    if result.sponsor_rewards:
        lines.append(rewards_due(result.sponsor_rewards))
    outcomes = result.outcomes
    if result.dry_run:
        lines += _listed(_("Would be recorded:"), [o for o in outcomes if o.fate == "recorded"])
        lines += _listed(_("Already imported:"), [o for o in outcomes if o.fate == "already"])
    lines += _rejected(result, [o for o in outcomes if o.fate == "rejected"])
    if result.dry_run and max(result.recorded, result.already, result.rejected) > SHOWN:
        lines.append(_("--json lists every ticket."))
    return "\n".join(lines)


def _head(result: VisitsImportResult) -> str:
    if result.dry_run:
        # Translators: the English says "tickets" whatever the count; the French agrees
        # with {tickets}.
        head = ngettext(
            "Dry run, nothing written. {file}: {tickets} tickets would give {recorded} "
            "recorded, {already} already imported, {rejected} rejected.",
            "Dry run, nothing written. {file}: {tickets} tickets would give {recorded} "
            "recorded, {already} already imported, {rejected} rejected.",
            result.tickets,
        )
    else:
        # Translators: the English says "tickets" whatever the count; the French agrees
        # with {tickets}.
        head = ngettext(
            "Imported visits from {file}: {tickets} tickets: {recorded} recorded, {already} "
            "already imported, {rejected} rejected.",
            "Imported visits from {file}: {tickets} tickets: {recorded} recorded, {already} "
            "already imported, {rejected} rejected.",
            result.tickets,
        )
    return head.format(
        file=result.file_name,
        tickets=number(result.tickets),
        recorded=number(result.recorded),
        already=number(result.already),
        rejected=number(result.rejected),
    )


def _ticket(outcome: TicketOutcome) -> str:
    """'line 2: 22 Nov 2026, €84.50, party of 2' (the ticket's number first, when it has one)."""
    assert outcome.visited_on is not None
    # Translators: how many sat at the table ("2 couverts"); the English says "party of 2".
    party = ngettext("party of {count}", "party of {count}", outcome.party_size).format(
        count=number(outcome.party_size)
    )
    facts = f"{date_text(outcome.visited_on)}, {money(outcome.amount_cents)}, {party}"
    if outcome.ticket:
        facts = _("ticket {ticket}, {facts}").format(ticket=outcome.ticket, facts=facts)
    return _("line {line}: {ticket}").format(line=outcome.line, ticket=facts)


def _listed(title: str, outcomes: list[TicketOutcome]) -> list[str]:
    if not outcomes:
        return []
    lines = [title]
    for outcome in outcomes[:SHOWN]:
        if outcome.same_as_line:
            where = _("the same ticket as line {line}").format(line=outcome.same_as_line)
        else:
            where = outcome.guest or _("an earlier import")
        lines.append("  " + _("{ticket} → {where}").format(ticket=_ticket(outcome), where=where))
    return lines + _more(len(outcomes))


def _rejected(result: VisitsImportResult, rejected: list[TicketOutcome]) -> list[str]:
    if not rejected:
        return []
    lines = []
    if result.rejects_file is not None:
        lines.append(
            _("Rejected tickets are in {path}: fix them there and import that file again.").format(
                path=result.rejects_file
            )
        )
    lines.append(_("Rejected:"))
    lines += [
        "  "
        + _("line {line}: {name}: {reasons}").format(
            line=o.line, name=o.who or _("(no name)"), reasons="; ".join(o.reasons)
        )
        for o in rejected[:SHOWN]
    ]
    return lines + _more(len(rejected))


def _more(count: int) -> list[str]:
    if count <= SHOWN:
        return []
    return ["  " + _("… and {count} more").format(count=number(count - SHOWN))]


def render_undo(undone: VisitsUndoResult) -> str:
    return "\n".join(undone_lines(undone.file_name, undone.visits, undone.sponsor_rewards))
