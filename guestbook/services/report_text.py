"""The report's figures in words, the language's way ("1 234,50 €", "67,8 %"): shared by
`guestbook report` (cli.report) and the Reports screen (tui.screens.reports).

Which figures the report has, in which order, under which labels and of which kind (a count, an
amount, a share, a score) is said once here (period_sections, today_sections): the summary
printed by `guestbook report` and the accountant's workbook (`--xlsx`, services.reports.workbook)
list the same figures, the one in words, the other as numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from guestbook.i18n import _, date_text, language, money, number

if TYPE_CHECKING:
    from guestbook.services.reports.figures import PeriodFigures, Report

NOTHING = "—"  # a figure with nothing to divide by

Kind = Literal["count", "amount", "share", "score"]  # amounts in cents, shares from 0 to 1
Value = int | float | None  # None: nothing to divide by, or not known
PeriodFigure = tuple[str, Kind, Callable[["PeriodFigures"], Value]]
TodayFigure = tuple[str, Kind, Value]


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


def scope(site: str, own_site: str) -> str:
    """What a report of `site` ('': the whole group's) covers in a group of restaurants, seen
    from the terminal of `own_site`; '' for a restaurant on its own."""
    if site:
        return _("Site: {site} (its visits, and the guests whose home site it is)").format(
            site=site
        )
    return _("Whole group: every site's visits and guests") if own_site else ""


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


def figure_text(kind: Kind, value: Value) -> str:
    """A figure of `kind` in words."""
    if kind == "share":
        return percent(value)
    if kind == "score":
        return decimal(value)
    if kind == "amount":
        return amount(None if value is None else int(value))
    return count(None if value is None else int(value))


def period_sections() -> list[tuple[str, list[PeriodFigure]]]:
    """Every figure of a period, section by section: its label, its kind, how to read it."""
    return [
        (_("Birthday calls"), _birthday_calls()),
        (_("Loyalty"), _loyalty()),
        (_("Revenue"), _revenue()),
        (_("Feedback"), _feedback()),
    ]


def _birthday_calls() -> list[PeriodFigure]:
    return [
        (_("due"), "count", lambda f: f.birthday_calls.due),
        (_("reached"), "count", lambda f: f.birthday_calls.reached),
        (_("booked"), "count", lambda f: f.birthday_calls.booked),
        (_("declined"), "count", lambda f: f.birthday_calls.declined),
        (_("unreached after the last attempt"), "count", lambda f: f.birthday_calls.unreached),
        (_("missed"), "count", lambda f: f.birthday_calls.missed),
        (_("still open"), "count", lambda f: f.birthday_calls.open),
        (_("came back within 30 days"), "count", lambda f: f.birthday_calls.returned),
        (_("return rate"), "share", lambda f: f.birthday_calls.return_rate),
        (_("their spend"), "amount", lambda f: f.birthday_calls.returned_spend_cents),
    ]


def _loyalty() -> list[PeriodFigure]:
    return [
        (_("guests who came"), "count", lambda f: f.loyalty.guests),
        (_("retention"), "share", lambda f: f.loyalty.retention),
        (_("came 2 times or more"), "share", lambda f: f.loyalty.repeat),
        (_("referred guests who came"), "count", lambda f: f.loyalty.referred_guests_who_came),
        (_("their spend"), "amount", lambda f: f.loyalty.referred_spend_cents),
    ]


def _revenue() -> list[PeriodFigure]:
    return [
        (_("revenue"), "amount", lambda f: f.revenue.total_cents),
        (_("per guest"), "amount", lambda f: f.revenue.per_guest_cents),
        (
            _("share of the top {percent} of guests").format(percent=percent(0.2)),
            "share",
            lambda f: f.revenue.top20_share,
        ),
        (_("tables whose spend is unknown"), "count", unknown_spends),
    ]


def _feedback() -> list[PeriodFigure]:
    return [
        (_("responses"), "count", lambda f: f.feedback.responses),
        (_("average effort score (1 to 7)"), "score", lambda f: f.feedback.ces_average),
        (_("average satisfaction (1 to 5)"), "score", lambda f: f.feedback.satisfaction_average),
        (_("low scores"), "count", lambda f: f.feedback.low),
    ]


def today_sections(figures: Report) -> list[tuple[str, list[TodayFigure]]]:
    """Today's figures: the regulars and those at risk, and the consent coverage."""
    from guestbook.domain.channels import REGISTRY

    at_risk, consent = figures.at_risk, figures.consent
    return [
        (
            _("At risk today"),
            [
                (_("regulars"), "count", at_risk.regulars),
                (_("their value per year"), "amount", at_risk.regulars_yearly_value_cents),
                (_("late regulars"), "count", at_risk.late_regulars),
                (_("value at risk per year"), "amount", at_risk.value_at_risk_cents),
            ],
        ),
        (
            _("Consent coverage today"),
            [(_(channel.audience), "share", consent.share(channel.key)) for channel in REGISTRY],
        ),
    ]
