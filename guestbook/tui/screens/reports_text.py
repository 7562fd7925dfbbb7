"""The Reports screen's rows: the figures grouped as product.md lists them, each of the period
beside the period before's and the change, written the language's way (services.report_text).

Pure text: no Textual here, so that the rows are tested without an app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, NamedTuple

from guestbook.i18n import _
from guestbook.services.report_text import NOTHING, amount, count, decimal, percent
from guestbook.services.reports.guests import Behind

if TYPE_CHECKING:
    from guestbook.services.reports.figures import PeriodFigures, Report

Kind = Literal["count", "amount", "share", "score"]
LATE_REGULARS = "late-regulars"  # the row that opens the agenda's win-back calls
OPENS = "›"  # after the label of a figure that opens the guests behind it


@dataclass(frozen=True)
class Row:
    label: str
    current: str = ""
    previous: str = ""
    change: str = ""
    key: str = ""  # a row that opens the guests behind it: LATE_REGULARS or a Behind
    heading: bool = False

    @property
    def shown_label(self) -> str:
        return f"{self.label} {OPENS}" if self.key else self.label


def value_text(kind: Kind, value: float | None) -> str:
    if value is None:
        return NOTHING
    if kind == "share":
        return percent(value)
    if kind == "score":
        return decimal(value)
    if kind == "amount":
        return amount(int(value))
    return count(int(value))


def change_text(kind: Kind, current: float | None, previous: float | None) -> str:
    """How the figure moved since the period before: shares and scores by their difference
    ("+3.2 pts", "−0.4"), counts and amounts by their relative change ("+12.5%")."""
    if current is None or previous is None:
        return NOTHING
    if current == previous:
        return "="
    if kind == "share":
        points = (current - previous) * 100
        return _("{points} pts").format(points=_signed(decimal(points)))
    if kind == "score":
        return _signed(decimal(current - previous))
    if not previous:
        return NOTHING
    relative = (current - previous) / previous
    return _signed(percent(relative))


def _signed(text: str) -> str:
    """'+3.2' for a rise; a fall keeps its minus sign, written as a true minus."""
    if text.startswith(("-", "−")):
        return "−" + text[1:]
    return "+" + text


class Figure(NamedTuple):
    label: str
    kind: Kind
    value: Callable[[PeriodFigures], float | None]
    opens: Behind | None = None  # the guests behind it (services.reports.guests)


def period_groups() -> list[tuple[str, list[Figure]]]:
    """The period's figures, group by group (product.md, "Reports and feedback")."""
    return [
        (_("Birthday calls"), _birthday_figures()),
        (
            _("Loyalty"),
            [
                Figure(_("guests who came"), "count", lambda f: f.loyalty.guests),
                Figure(_("retention"), "share", lambda f: f.loyalty.retention),
                Figure(_("came 2 times or more"), "share", lambda f: f.loyalty.repeat),
                Figure(
                    _("referred guests who came"),
                    "count",
                    lambda f: f.loyalty.referred_guests_who_came,
                    Behind.REFERRED,
                ),
            ],
        ),
        (
            _("Profitability"),
            [
                Figure(_("revenue"), "amount", lambda f: f.revenue.total_cents),
                Figure(_("per guest"), "amount", lambda f: f.revenue.per_guest_cents),
                Figure(
                    _("share of the top {percent} of guests").format(percent=percent(0.2)),
                    "share",
                    lambda f: f.revenue.top20_share,
                    Behind.TOP_SPENDERS,
                ),
            ],
        ),
        (_("Feedback"), _feedback_figures()),
    ]


def _birthday_figures() -> list[Figure]:
    """The invited guests open those who came back and those who did not: the people the
    return rate is made of."""
    return [
        Figure(_("calls due"), "count", lambda f: f.birthday_calls.due),
        Figure(_("guests invited"), "count", lambda f: f.birthday_calls.invited, Behind.INVITED),
        Figure(
            _("came back within 30 days"),
            "count",
            lambda f: f.birthday_calls.returned,
            Behind.RETURNED,
        ),
        Figure(
            _("did not come back"),
            "count",
            lambda f: f.birthday_calls.invited - f.birthday_calls.returned,
            Behind.NOT_RETURNED,
        ),
        Figure(_("return rate"), "share", lambda f: f.birthday_calls.return_rate, Behind.RETURNED),
        Figure(
            _("their spend"),
            "amount",
            lambda f: f.birthday_calls.returned_spend_cents,
            Behind.RETURNED,
        ),
        Figure(_("missed"), "count", lambda f: f.birthday_calls.missed),
    ]


def _feedback_figures() -> list[Figure]:
    return [
        Figure(_("responses"), "count", lambda f: f.feedback.responses),
        Figure(_("average effort (1 to 7)"), "score", lambda f: f.feedback.ces_average),
        Figure(
            _("average satisfaction (1 to 5)"),
            "score",
            lambda f: f.feedback.satisfaction_average,
        ),
        Figure(_("low scores"), "count", lambda f: f.feedback.low),
    ]


def report_rows(report: Report) -> list[Row]:
    """Every row of the screen: the period's groups, then today's (at risk, consent)."""
    from guestbook.domain.channels import REGISTRY

    rows: list[Row] = []
    for group, figures in period_groups():
        rows.append(Row(group, heading=True))
        for label, kind, figure, opens in figures:
            current, previous = figure(report.current), figure(report.previous)
            rows.append(
                Row(
                    label,
                    value_text(kind, current),
                    value_text(kind, previous),
                    change_text(kind, current, previous),
                    key=opens.value if opens else "",
                )
            )
    at_risk, consent = report.at_risk, report.consent
    rows += [
        Row(_("At risk today"), heading=True),
        Row(
            _("late regulars"),
            count(at_risk.late_regulars),
            key=LATE_REGULARS,
        ),
        Row(_("value at risk per year"), amount(at_risk.value_at_risk_cents)),
        Row(_("regulars"), count(at_risk.regulars)),
        Row(_("Consent coverage today"), heading=True),
        *(Row(_(channel.audience), percent(consent.share(channel.key))) for channel in REGISTRY),
    ]
    return rows
