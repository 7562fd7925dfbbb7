"""`guestbook report`: the owner's figures for a period beside those of the period before, as
a summary to read in the terminal, or product.md's JSON for scripts.

The summary says every amount, share and date the language's way ("1 234,50 €", "67,8 %");
`--json` gives the contract's numbers (cents, ratios from 0 to 1, null where there is nothing to
divide by), the same in every language.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from guestbook.cli.dates import typed_date
from guestbook.cli.main import Context, cli
from guestbook.i18n import N_, _, date_text, number
from guestbook.services.report_text import (
    amount,
    count,
    decimal,
    percent,
    title,
    unknown_spends,
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
@click.pass_obj
def report_(obj: Context, start: dt.date | None, end: dt.date | None, as_json: bool) -> None:
    from guestbook.services.reports import report

    services = obj.services()
    try:
        figures = report(services, start, end)
    finally:
        services.close()
    if as_json:
        click.echo(json.dumps(figures.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_report(figures))


# --- the summary --------------------------------------------------------------------------------


def period_lines() -> list[Line]:
    """The summary's lines for the figures of a period, section by section."""
    return [
        (_("Birthday calls"), None),
        (_("due"), lambda f: number(f.birthday_calls.due)),
        (_("reached"), lambda f: number(f.birthday_calls.reached)),
        (_("booked"), lambda f: number(f.birthday_calls.booked)),
        (_("declined"), lambda f: number(f.birthday_calls.declined)),
        (_("unreached after the last attempt"), lambda f: number(f.birthday_calls.unreached)),
        (_("missed"), lambda f: number(f.birthday_calls.missed)),
        (_("still open"), lambda f: number(f.birthday_calls.open)),
        (_("came back within 30 days"), lambda f: number(f.birthday_calls.returned)),
        (_("return rate"), lambda f: percent(f.birthday_calls.return_rate)),
        (_("their spend"), lambda f: amount(f.birthday_calls.returned_spend_cents)),
        (_("Loyalty"), None),
        (_("guests who came"), lambda f: number(f.loyalty.guests)),
        (_("retention"), lambda f: percent(f.loyalty.retention)),
        (_("came 2 times or more"), lambda f: percent(f.loyalty.repeat)),
        (_("referred guests who came"), lambda f: number(f.loyalty.referred_guests_who_came)),
        (_("their spend"), lambda f: amount(f.loyalty.referred_spend_cents)),
        (_("Revenue"), None),
        (_("revenue"), lambda f: amount(f.revenue.total_cents)),
        (_("per guest"), lambda f: amount(f.revenue.per_guest_cents)),
        (
            _("share of the top {percent} of guests").format(percent=percent(0.2)),
            lambda f: percent(f.revenue.top20_share),
        ),
        (_("tables whose spend is unknown"), lambda f: number(unknown_spends(f))),
        (_("Feedback"), None),
        (_("responses"), lambda f: number(f.feedback.responses)),
        (_("average effort score (1 to 7)"), lambda f: decimal(f.feedback.ces_average)),
        (_("average satisfaction (1 to 5)"), lambda f: decimal(f.feedback.satisfaction_average)),
        (_("low scores"), lambda f: number(f.feedback.low)),
    ]


def today_lines(figures: Report) -> list[tuple[str, str]]:
    """Today's figures: the regulars and those at risk, and the consent coverage."""
    from guestbook.domain.channels import REGISTRY

    at_risk, consent = figures.at_risk, figures.consent
    return [
        (_("regulars"), count(at_risk.regulars)),
        (_("their value per year"), amount(at_risk.regulars_yearly_value_cents)),
        (_("late regulars"), count(at_risk.late_regulars)),
        (_("value at risk per year"), amount(at_risk.value_at_risk_cents)),
        *((_(channel.audience), percent(consent.share(channel.key))) for channel in REGISTRY),
    ]


def render_report(figures: Report) -> str:
    """The report as lines to read: each figure of the period beside the period before's,
    then today's."""
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
    lines = [
        title(figures),
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
