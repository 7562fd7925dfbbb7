"""The Reports screen's charts (issue 17): visits per week, the birthday calls' return rate per
month and the value at risk per month (services.reports.series), as Plotext bar charts.

What each chart shows is worked out first as a `Chart` (plain values and words, tested
without an app), then drawn. Bars take the theme's colours (primary, success, warning: each
reads on both themes' surface, tests/tui/test_contrast.py), axes and words the foreground on
the surface (textual-plotext's "auto" theme); a theme change redraws them. Nothing depends on
the time or on chance: the same series at the same size draws the same cells (snapshots).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import VerticalScroll
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from guestbook.i18n import _, date_text, language, number
from guestbook.services.report_text import NOTHING, percent
from guestbook.services.reports.series import Series

MOST_WEEK_TICKS = 9  # "24 Nov" every few weeks: 53 labels would run into each other
MOST_MONTH_TICKS = 13
ROOMY = 16  # lines: a shorter chart labels every other tick (neighbouring labels would touch)


@dataclass(frozen=True)
class Chart:
    """One bar per x (0, 1, 2…), its labels, and where nothing can be shown (a rate with
    nobody invited: marked "—", not drawn as 0)."""

    title: str
    x_label: str
    y_label: str
    values: tuple[float, ...]
    x_ticks: tuple[tuple[int, str], ...]
    y_ticks: tuple[tuple[float, str], ...]
    gaps: tuple[int, ...] = ()


def nice_step(top: float, steps: int = 4, whole: bool = True) -> float:
    """A round step (1, 2 or 5 times a power of ten, 2.5 too unless whole) so that `steps` of
    them reach `top`."""
    rough = max(top, 1 if whole else 0.01) / steps
    power = 10.0 ** math.floor(math.log10(rough))
    factors = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(power * factor for factor in factors if power * factor >= rough)
    return max(step, 1) if whole else step


def y_ticks(top: float, write: Callable[[float], str]) -> tuple[tuple[float, str], ...]:
    step = nice_step(top)
    count = max(1, math.ceil(top / step))
    return tuple((step * n, write(step * n)) for n in range(count + 1))


def spread(labels: list[str], most: int) -> tuple[tuple[int, str], ...]:
    """Every label when they fit, else one in every few, the first always."""
    every = max(1, math.ceil(len(labels) / most))
    return tuple((index, label) for index, label in enumerate(labels) if index % every == 0)


def month_label(day: dt.date, first: bool) -> str:
    """'Nov' ('nov.'), with the year on the first month and on each January."""
    from babel.dates import format_date

    pattern = "LLL y" if first or day.month == 1 else "LLL"
    return str(format_date(day, pattern, locale=language()))


def visits_chart(series: Series) -> Chart:
    values = tuple(float(week.visits) for week in series.weeks)
    labels = [date_text(week.monday, "day_month") for week in series.weeks]
    return Chart(
        title=_("Visits per week"),
        x_label=_("week starting on"),
        y_label=_("tables"),
        values=values,
        x_ticks=spread(labels, MOST_WEEK_TICKS),
        y_ticks=y_ticks(max(values, default=0), lambda value: number(int(value))),
    )


def returns_chart(series: Series) -> Chart:
    rates = [month.rate for month in series.returns]
    labels = [month_label(month.month, index == 0) for index, month in enumerate(series.returns)]
    return Chart(
        title=_("Return rate of the birthday calls, per month"),
        x_label=_("month the call was due ({nothing}: nobody invited)").format(nothing=NOTHING),
        y_label="",
        values=tuple(100 * rate if rate is not None else 0.0 for rate in rates),
        x_ticks=spread(labels, MOST_MONTH_TICKS),
        y_ticks=tuple((float(n), percent(n / 100)) for n in (0, 25, 50, 75, 100)),
        gaps=tuple(index for index, rate in enumerate(rates) if rate is None),
    )


def at_risk_chart(series: Series) -> Chart:
    values = tuple(month.value_cents / 100 for month in series.at_risk)
    labels = [month_label(month.month, index == 0) for index, month in enumerate(series.at_risk)]
    return Chart(
        title=_("Value at risk per year, by the month regulars became late"),
        x_label=_("month the regular became late"),
        y_label=_("euros"),
        values=values,
        x_ticks=spread(labels, MOST_MONTH_TICKS),
        y_ticks=y_ticks(max(values, default=0), lambda value: number(int(value))),
    )


# (widget id, what it draws, the theme variable its bars take)
CHARTS: tuple[tuple[str, Callable[[Series], Chart], str], ...] = (
    ("chart-visits", visits_chart, "primary"),
    ("chart-returns", returns_chart, "success"),
    ("chart-at-risk", at_risk_chart, "warning"),
)


def explanation() -> str:
    """What the two less obvious charts count, said once under them."""
    return _(
        "Return rate: the guests invited by their birthday call (reached or booked) who came "
        "back within 30 days of the birthday, by the month the call was due. Value at risk: a "
        "year of visits (average spend × 365 ÷ usual interval) of the regulars who became late "
        "that month and have not come back since."
    )


class ReportCharts(VerticalScroll):
    """The three charts of the period, one under the other, then what they count."""

    DEFAULT_CSS = """
    ReportCharts { height: 1fr; }
    ReportCharts > PlotextPlot { height: 14; }
    ReportCharts > #chart-status { height: auto; padding: 0 1; color: $text-muted; }
    """
    MIN_HEIGHT = 12  # a chart's lines: below this its bars are a few cells high; then scroll

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.series: Series | None = None
        self.charts: dict[str, Chart] = {}  # widget id → what it shows
        self.chart_height = 14  # lines, set by the height there is (on_resize)

    def compose(self) -> ComposeResult:
        for chart_id, _make, _colour in CHARTS:
            plot = PlotextPlot(id=chart_id)
            plot.display = False  # until there is something to draw
            yield plot
        yield Static(_("Drawing the charts…"), id="chart-status")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.redraw())

    def on_resize(self, event: events.Resize) -> None:
        """The three charts share the height left by the explanation (two lines), each at
        least MIN_HEIGHT lines: smaller, the charts scroll. (Fractions of a scrolling
        container's height gave the first chart all of it.)"""
        height = max(self.MIN_HEIGHT, (event.size.height - 2) // len(CHARTS))
        if height != self.chart_height:
            self.chart_height = height
            for plot in self.query(PlotextPlot):
                plot.styles.height = height
            self.redraw()

    def waiting(self) -> None:
        """Another period is being read: no chart of the last one meanwhile."""
        self.series = None
        self.charts = {}
        for plot in self.query(PlotextPlot):
            plot.display = False
        self.query_one("#chart-status", Static).update(_("Drawing the charts…"))

    def show(self, series: Series) -> None:
        self.series = series
        self.query_one("#chart-status", Static).update(explanation())
        self.redraw()

    def redraw(self) -> None:
        if self.series is None:
            return
        variables = self.app.theme_variables
        text, ground = (Color.parse(variables[name]).rgb for name in ("foreground", "surface"))
        for chart_id, make, colour in CHARTS:
            chart = make(self.series)
            self.charts[chart_id] = chart
            plot = self.query_one(f"#{chart_id}", PlotextPlot)
            inks = Inks(Color.parse(variables[colour]).rgb, text, ground)
            draw(plot, chart, inks, roomy=self.chart_height >= ROOMY)
            plot.display = True


class Inks(NamedTuple):
    bars: tuple[int, int, int]
    text: tuple[int, int, int]  # the marks of gaps, on
    ground: tuple[int, int, int]


def draw(plot: PlotextPlot, chart: Chart, inks: Inks, *, roomy: bool) -> None:
    """`chart` in `plot`; every other tick of the y axis unless `roomy`."""
    plt = plot.plt
    plt.clear_figure()
    positions = list(range(len(chart.values)))
    if positions:
        # Half blocks ("hd"): a gap between bars even at 53 weeks in 150 columns.
        plt.bar(positions, list(chart.values), color=inks.bars, width=0.5, marker="hd")
        plt.xlim(-0.5, len(positions) - 0.5)
    for gap in chart.gaps:
        plt.text(NOTHING, gap, 0, color=inks.text, background=inks.ground, alignment="center")
    plt.xticks([x for x, _label in chart.x_ticks], [label for _x, label in chart.x_ticks])
    plt.ylim(0, max(value for value, _label in chart.y_ticks) or 1)
    y_ticks = chart.y_ticks if roomy else chart.y_ticks[::2]
    plt.yticks([value for value, _label in y_ticks], [label for _value, label in y_ticks])
    keep_ticks_in_order(plt)
    plt.title(chart.title)
    plt.xlabel(chart.x_label)
    plt.ylabel(chart.y_label)
    plot.refresh()


def keep_ticks_in_order(plt: Plot) -> None:
    """Put the ticks back in the order given. Plotext drops repeated ticks through a set,
    whose order follows the string hash, different in every process; the labels are then
    placed in that order, each moved aside from those already there, so "Jan 2026" stood
    one cell further on some runs than on others (and some labels vanished). Sorted by
    position, the same chart draws the same cells every time."""
    # The figure's own settings (no subplots here); Plotext's stubs leave them out.
    monitor = cast(Any, plt).monitor
    for ticks, labels in ((monitor.xticks, monitor.xlabels), (monitor.yticks, monitor.ylabels)):
        for side, side_ticks in enumerate(ticks):
            if side_ticks:
                pairs = sorted(zip(side_ticks, labels[side], strict=True))
                ticks[side] = [tick for tick, _label in pairs]
                labels[side] = [label for _tick, label in pairs]
