"""`guestbook audit`: what was done with guests' data (RGPD), newest first: a table that fits
the terminal, or product.md's JSON for scripts.

The table says each moment in the restaurant's own time, the language's way (as `guestbook
today` says its dates); `--json` gives it in UTC (ISO 8601), and the action by its code."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

import click

from guestbook.cli.main import Context, cli
from guestbook.cli.terminal import terminal_width
from guestbook.i18n import N_, _, number

if TYPE_CHECKING:
    from guestbook.services.rights.audit import AuditEvent

WHO_WIDTH = 16  # a longer name wraps within its column
DETAIL_WIDTH = 24  # narrower than this, the detail goes on the lines below its event
NOBODY = "—"  # an event recorded without a staff name (--staff, GUESTBOOK_STAFF)
GAP = "  "


@cli.command(
    "audit",
    help=N_(
        "List what was done with guests' data, newest first: exports, access bundles, "
        "erasures, imports and their undo."
    ),
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help=N_("Only the newest N events (default: all)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.pass_obj
def audit_(obj: Context, limit: int | None, as_json: bool) -> None:
    from guestbook.services.rights.audit import audit_events, count_audit_events

    services = obj.services()
    try:
        events = audit_events(services, limit=limit)
        total = count_audit_events(services) if limit is not None else len(events)
    finally:
        services.close()
    if as_json:
        # For scripts: the same object whatever the language (the action by its code).
        data = {"events": [event.to_json() for event in events]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_audit(events, total, width=terminal_width()))


def render_audit(events: Sequence[AuditEvent], total: int, *, width: int = 80) -> str:
    """The events as a table in `width` columns: when, who, what, how many guests, and the
    detail beside them, or under each event when the terminal is too narrow for it."""
    from guestbook.services.rights.audit import NOTHING_YET, events_text, when_text

    if not events:
        return "\n".join(textwrap.wrap(_(NOTHING_YET), width))
    rows = [[when_text(e.at), e.who or NOBODY, e.action_label, number(e.guests)] for e in events]
    headings = [_("When"), _("Who"), _("What"), _("Guests")]
    widths = [max(len(cell) for cell in column) for column in zip(headings, *rows, strict=True)]
    widths[1] = min(widths[1], WHO_WIDTH)
    detail_width = width - sum(widths) - len(GAP) * len(widths)
    beside = detail_width >= DETAIL_WIDTH
    headings[3] = headings[3].rjust(widths[3])  # over the numbers, right-aligned as they are
    rules = ["-" * w for w in widths]
    if beside:
        headings.append(_("Detail"))
        rules.append("-" * detail_width)
    lines = [events_text(len(events), total), "", _line(headings, widths), _line(rules, widths)]
    indent = " " * 4
    for row, event in zip(rows, events, strict=True):
        if beside:
            lines += _event_lines(row, _wrap(event.detail, detail_width), widths)
        else:  # on the lines below, indented
            lines += _event_lines(row, [], widths)
            lines += textwrap.wrap(
                event.detail, width, initial_indent=indent, subsequent_indent=indent
            )
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_on_hyphens=False) or [""]


def _event_lines(row: list[str], detail: list[str], widths: list[int]) -> list[str]:
    """One event's lines: a long name and the detail wrap within their columns."""
    when, who, what, guests = row
    columns = [[when], _wrap(who, widths[1]), [what], [guests.rjust(widths[3])], detail]
    return [_line(cells, widths) for cells in zip_longest(*columns, fillvalue="")]


def _line(cells: Sequence[str], widths: list[int]) -> str:
    """Cells side by side, each padded to its column's width (the detail's is the rest)."""
    padded = [cell.ljust(width) for cell, width in zip(cells, widths, strict=False)]
    return GAP.join([*padded, *cells[len(widths) :]]).rstrip()
