"""`guestbook report`: the owner's figures for a period beside those of the period before, as
a summary to read in the terminal, product.md's JSON for scripts, or a workbook for the
accountant.

The summary says every amount, share and date the language's way ("1 234,50 €", "67,8 %");
`--json` gives the contract's numbers (cents, ratios from 0 to 1, null where there is nothing to
divide by), the same in every language; `--xlsx FILE` the same figures as numbers, amounts in
euros, with the revenue month by month (services.reports.workbook), labelled in the language.

In a group of restaurants the report is this terminal's site's, as its agenda is (its visits,
and the guests whose home site it is), or every site's with --whole-group (issue 19).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from guestbook.cli.dates import typed_date
from guestbook.cli.main import Context, cli
from guestbook.cli.translated import CheckedLater
from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text
from guestbook.services.report_text import (
    Kind,
    Value,
    figure_text,
    period_sections,
    scope,
    title,
    today_sections,
)

if TYPE_CHECKING:
    from guestbook.services.reports.figures import PeriodFigures, Report

GAP = "  "

# A line of the summary: its label, and the figure of a period (None: a section's title).
Line = tuple[str, Callable[["PeriodFigures"], str] | None]


@cli.command(
    "report",
    help=N_(
        "Print the figures of a period (by default the 12 months ending today) beside those "
        "of the period before: birthday calls and returns, loyalty, revenue, feedback, and "
        "today's regulars at risk and consent."
    ),
)
@click.option(
    "--from",
    "start",
    callback=typed_date,
    metavar="DATE",
    help=N_("First day of the period (01/12/2025 or 2025-12-01; default: 12 months before --to)."),
)
@click.option(
    "--to",
    "end",
    callback=typed_date,
    metavar="DATE",
    help=N_("Last day of the period (default: today)."),
)
@click.option("--json", "as_json", is_flag=True, help=N_("Print one JSON object (for scripts)."))
@click.option(
    "--xlsx",
    "xlsx",
    type=CheckedLater(path_type=Path, dir_okay=False),
    metavar="FILE",
    help=N_(
        "Write the report to an Excel workbook for the accountant (every figure, and the "
        "revenue month by month) instead of printing it."
    ),
)
@click.option("--force", is_flag=True, help=N_("Replace the --xlsx file if it exists."))
@click.option(
    "--whole-group",
    is_flag=True,
    help=N_(
        "In a group of restaurants, every site's visits and guests (by default, this "
        "terminal's site: its visits, and the guests whose home site it is)."
    ),
)
@click.pass_obj
def report_(
    obj: Context,
    start: dt.date | None,
    end: dt.date | None,
    as_json: bool,
    xlsx: Path | None,
    force: bool,
    whole_group: bool,
) -> None:
    from guestbook.services.reports import report

    if xlsx is not None:
        if as_json:
            raise UserError(_("--xlsx writes a file and --json prints: choose one"))
        _write_workbook(obj, xlsx, (start, end), whole_group=whole_group, overwrite=force)
        return
    if force:
        raise UserError(_("--force only applies to --xlsx"))
    services = obj.services()
    own_site = services.settings.site
    try:
        figures = report(services, start, end, "" if whole_group else own_site)
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(figures, own_site))


def _write_workbook(
    obj: Context,
    path: Path,
    period: tuple[dt.date | None, dt.date | None],
    *,
    whole_group: bool,
    overwrite: bool,
) -> None:
    from guestbook.services.reports.workbook import ExportExists, export_report

    services = obj.services()
    site = "" if whole_group else services.settings.site
    try:
        written = export_report(services, path, *period, site=site, overwrite=overwrite)
    except ExportExists as exists:
        raise UserError(_("{problem} (--force replaces it)").format(problem=exists)) from exists
    finally:
        services.close()
    click.echo(
        _("Report from {start} to {end} written to {path}").format(
            start=date_text(written.start, "day_month_year"),
            end=date_text(written.end, "day_month_year"),
            path=written.path,
        )
    )


# --- the summary --------------------------------------------------------------------------------


def period_lines() -> list[Line]:
    """The summary's lines for the figures of a period, section by section."""
    lines: list[Line] = []
    for section, figures in period_sections():
        lines.append((section, None))
        lines += [(label, _reader(kind, read)) for label, kind, read in figures]
    return lines


def _reader(kind: Kind, read: Callable[[PeriodFigures], Value]) -> Callable[[PeriodFigures], str]:
    return lambda figures: figure_text(kind, read(figures))


def today_lines(figures: Report) -> list[tuple[str, str]]:
    """Today's figures: the regulars and those at risk, and the consent coverage."""
    return [
        (label, figure_text(kind, value))
        for _section, today in today_sections(figures)
        for label, kind, value in today
    ]


def render_report(figures: Report, own_site: str = "") -> str:
    """The report as lines to read: what it covers in a group (seen from `own_site`'s
    terminal), each figure of the period beside the period before's, then today's."""
    heading = [_("This period"), _("Period before")]
    rows: list[tuple[str, str, str] | str] = []
    for label, figure in period_lines():
        if figure is None:
            rows.append(label)
        else:
            rows.append((label, figure(figures.current), figure(figures.previous)))
    today = today_lines(figures)
    labels = [row[0] for row in rows if isinstance(row, tuple)] + [label for label, _v in today]
    width = max(len(label) for label in labels) + len("  " + GAP)  # indented, then a gap
    columns = [
        max(len(text), *(len(row[n + 1]) for row in rows if isinstance(row, tuple)))
        for n, text in enumerate(heading)
    ]
    columns[0] = max(columns[0], *(len(value) for _label, value in today))  # today's too
    covers = scope(figures.site, own_site)
    lines = [
        title(figures),
        *([covers] if covers else []),
        "",
        " " * width
        + GAP.join(text.rjust(size) for text, size in zip(heading, columns, strict=True)),
    ]
    for row in rows:
        if isinstance(row, str):
            lines.append(row)
            continue
        label, *values = row
        cells = GAP.join(value.rjust(size) for value, size in zip(values, columns, strict=True))
        lines.append(f"  {label}".ljust(width) + cells)
    lines += ["", _("Today, {date}").format(date=date_text(figures.today, "day_month_year"))]
    lines += [f"  {label}".ljust(width) + value.rjust(columns[0]) for label, value in today]
    return "\n".join(lines)
