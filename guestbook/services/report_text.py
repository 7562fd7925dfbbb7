"""The report's figures in words, the language's way ("1 234,50 €", "67,8 %"): shared by
`guestbook report` (cli.report) and the Reports screen (tui.screens.reports)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from guestbook.i18n import _, date_text, language, money, number

if TYPE_CHECKING:
    from guestbook.services.reports.figures import PeriodFigures, Report

NOTHING = "—"  # a figure with nothing to divide by


def percent(value: float | None) -> str:
    """A share the language's way, to a tenth of a percent: '67.8%' / '67,8 %'."""
    if value is None:
        return NOTHING
    from babel.numbers import format_percent

    return str(format_percent(round(value, 3), locale=language(), decimal_quantization=False))


def decimal(value: float | None) -> str:
    """An average score to a tenth: '5.3' / '5,3'."""
    if value is None:
        return NOTHING
    from babel.numbers import format_decimal

    return str(format_decimal(round(value, 1), locale=language(), decimal_quantization=False))


def amount(cents: int | None) -> str:
    return NOTHING if cents is None else money(cents)


def count(value: int | None) -> str:
    return NOTHING if value is None else number(value)


def title(figures: Report) -> str:
    current, previous = figures.current, figures.previous
    return _(
        "Report from {start} to {end} (the period before: {before_start} to {before_end})"
    ).format(
        start=date_text(current.start, "day_month_year"),
        end=date_text(current.end, "day_month_year"),
        before_start=date_text(previous.start, "day_month_year"),
        before_end=date_text(previous.end, "day_month_year"),
    )


def unknown_spends(figures: PeriodFigures) -> int:
    return figures.revenue.visits - figures.revenue.visits_with_spend
