"""The report as a workbook for the accountant (`guestbook report --xlsx`, the Reports screen's
export dialog): a sheet with every figure of the report (section, figure, this period, the
period before, the difference) under the period's dates, and a sheet of the revenue month by
month (services.reports.months). The figures and their labels are the printed report's
(services.report_text), as numbers a spreadsheet computes with (exchange.report_xlsx).

The file is written as exports are (exchange.atomic: 0600, under a temporary name, renamed when
complete) and never over an existing file unless asked to (ExportExists). Unlike a guests'
export it is not recorded in the audit: it holds counts and sums, nothing about any one guest
(services.rights.audit records what is done with guests' data).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from guestbook.errors import UserError
from guestbook.exchange.atomic import private_temporary
from guestbook.exchange.report_xlsx import Cell, Heading, Month, Number, Sheet, write_report_xlsx
from guestbook.i18n import _
from guestbook.progress import CancelCheck, check_cancel
from guestbook.services.context import Services
from guestbook.services.export import ExportExists
from guestbook.services.report_text import Kind, Value, period_sections, scope, today_sections
from guestbook.services.reports import chosen_period, report_on
from guestbook.services.reports.figures import Report
from guestbook.services.reports.months import MonthRevenue, months_on

__all__ = ["ExportExists", "ReportWorkbook", "default_report_name", "export_report"]


@dataclass(frozen=True)
class ReportWorkbook:
    path: Path
    start: dt.date
    end: dt.date
    months: int  # rows of the revenue per month


def default_report_name(end: dt.date) -> str:
    """'report-2026-12-07.xlsx' / 'rapport-2026-12-07.xlsx': the period's last day."""
    return _("report-{date}.xlsx").format(date=end.isoformat())


def export_report(
    services: Services,
    path: Path,
    start: dt.date | None = None,
    end: dt.date | None = None,
    *,
    site: str = "",
    overwrite: bool = False,
    cancel: CancelCheck | None = None,
) -> ReportWorkbook:
    """Write the report of the period from `start` to `end` (chosen as services.reports
    chooses it; `site`'s, or the whole group's) to `path`; ExportExists when `path` exists and `overwrite` is not set,
    UserError when it cannot be written, Cancelled if `cancel()` turns true before writing."""
    if not overwrite and os.path.lexists(path) and not path.is_dir():
        raise ExportExists(path)
    today, settings = services.clock.today(), services.settings
    period = chosen_period(start, end, today)
    figures, months = services.read(
        lambda connection: (
            report_on(connection, period, today, settings, site),
            months_on(connection, period, site),
        )
    )
    check_cancel(cancel)  # the report took a while: the owner may have left
    sheets = [figures_sheet(figures, settings.site), months_sheet(months)]
    try:
        with private_temporary(path) as temporary:
            write_report_xlsx(sheets, temporary)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=path, error=error.strerror or error)
        ) from None
    return ReportWorkbook(path, period[0], period[1], len(months))


def figures_sheet(figures: Report, own_site: str = "") -> Sheet:
    """The periods' dates (and in a group, what the report covers: report_text.scope), then
    a row per figure: the period's beside the period before's, and the difference; today's
    figures (at risk, consent) have the period's column only."""
    this, before = _("This period"), _("Period before")
    rows: list[Sequence[Cell]] = [
        [Heading(_("Period")), Heading(_("First day")), Heading(_("Last day"))],
        [this, figures.start, figures.end],
        [before, figures.previous.start, figures.previous.end],
        [_("Today"), figures.today],
        *([[covers]] if (covers := scope(figures.site, own_site)) else []),
        [],
        [Heading(text) for text in (_("Section"), _("Figure"), this, before, _("Difference"))],
    ]
    for section, period_figures in period_sections():
        for label, kind, read in period_figures:
            current, previous = read(figures.current), read(figures.previous)
            rows.append(
                [
                    section,
                    label,
                    _number(kind, current),
                    _number(kind, previous),
                    _difference(kind, current, previous),
                ]
            )
    for section, today in today_sections(figures):
        rows += [[section, label, _number(kind, value)] for label, kind, value in today]
    return Sheet(_("Report"), rows, widths=(26, 40, 16, 18, 14))


def months_sheet(months: Sequence[MonthRevenue]) -> Sheet:
    """A row per month of the period (its first and last day in the period: the first and
    last months are often partial), then the totals."""
    rows: list[Sequence[Cell]] = [
        [
            Heading(text)
            for text in (
                _("Month"),
                _("First day"),
                _("Last day"),
                _("Visits"),
                _("Visits with known spend"),
                _("Revenue"),
            )
        ]
    ]
    rows += [
        [
            Month(month.month),
            month.start,
            month.end,
            Number("count", month.visits),
            Number("count", month.visits_with_spend),
            Number("amount", month.revenue_cents),
        ]
        for month in months
    ]
    if months:
        rows.append(
            [
                Heading(_("Total")),
                months[0].start,
                months[-1].end,
                Number("count", sum(month.visits for month in months)),
                Number("count", sum(month.visits_with_spend for month in months)),
                Number("amount", sum(month.revenue_cents for month in months)),
            ]
        )
    return Sheet(_("Revenue per month"), rows, widths=(18, 12, 12, 10, 24, 16))


def _number(kind: Kind, value: Value) -> Number | None:
    return None if value is None else Number(kind, value)


def _difference(kind: Kind, current: Value, previous: Value) -> Number | None:
    """The period's figure less the period before's: shares in percentage points."""
    if current is None or previous is None:
        return None
    if kind == "share":
        return Number("points", (current - previous) * 100, signed=True)
    return Number(kind, current - previous, signed=True)
