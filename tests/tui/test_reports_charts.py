"""The Reports section's charts (issue 17): read in a worker after the figures, shown instead
of them with c, each bar the series of a constructed database. Today is Sunday 22 November
2026 (tests/conftest.py): the period is 23 November 2025 to 22 November 2026, its weeks start
on Monday 17 November 2025, 53 of them, and its months run from November to November, 13."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from dataclasses import replace

import pytest
from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from guestbook.bootstrap import Services, make_app
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.reports.series import Series
from guestbook.tui.app import GuestbookApp
from guestbook.tui.widgets.report_charts import ReportCharts, nice_step, spread, y_ticks
from tests.builders import add_guest, add_visit
from tests.pilot import press, text_of, wait_for_workers

D = dt.date
WEEKS, MONTHS = 53, 13


def _tables(services: Services) -> None:
    """Tables on Wednesday 26 November 2025 (the second week), two on Thursday 1 January
    2026 and one on Sunday 4 January (the same week, Monday 29 December: the seventh): Anne
    came to three of them at 100.00 €, a regular every 20 days (the median of 36 and 3, half
    up), late from 14 February (41 days after her last visit; a year: 1,825.00 €); Rémi,
    a regular every 10 days in January at 40.00 €, late from 2 March (30 days after his last
    visit; a year of his visits: 1,460.00 €); Jo, born on 25 October, called on 19 October (due on the 18th),
    came back on 28 October."""
    anne = add_guest(services, "Anne", "Test")
    add_visit(services, D(2025, 11, 26), anne)
    add_visit(services, D(2026, 1, 1), anne)
    add_visit(services, D(2026, 1, 1))
    add_visit(services, D(2026, 1, 4), anne)
    remi = add_guest(services, "Rémi", "Régulier")
    for day in (D(2026, 1, 11), D(2026, 1, 21), D(2026, 1, 31)):
        add_visit(services, day, remi, spend_cents=4_000)
    earlier = replace(services, clock=FixedClock(D(2026, 1, 1)))
    jo = add_guest(earlier, "Jo", "Anniversaire", birthday=Birthday(25, 10))
    call_day = replace(services, clock=FixedClock(D(2026, 10, 19)))
    log_outcome(call_day, CallToLog(jo, Reason.BIRTHDAY, D(2026, 10, 25), None), Outcome.REACHED)
    add_visit(services, D(2026, 10, 28), jo, spend_cents=6_000)


def charts(app: GuestbookApp) -> ReportCharts:
    return app.screen.query_one("#report-charts", ReportCharts)


def drawn(app: GuestbookApp, chart_id: str) -> str:
    """What a chart shows, as text (its bars, ticks and words)."""
    text = app.screen.query_one(f"#{chart_id}", PlotextPlot).render()
    assert isinstance(text, Text)
    return text.plain


def colours(app: GuestbookApp, chart_id: str) -> set[str]:
    """The colours a chart is drawn in (its bars, its words, its ground)."""
    text = app.screen.query_one(f"#{chart_id}", PlotextPlot).render()
    assert isinstance(text, Text)
    found = set()
    for span in text.spans:
        style = span.style
        if isinstance(style, Style) and style.color is not None and style.color.triplet:
            found.add(style.color.triplet.hex)
    return found


async def test_c_shows_the_charts_of_the_period_instead_of_the_figures(
    services: Services,
) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6")
        table = app.screen.query_one("#report-table", DataTable)
        assert table.display and not charts(app).display
        await press(pilot, "c")
        assert charts(app).display and not table.display
        assert "c: back to the figures" in text_of(pilot, "#report-status")

        visits = charts(app).charts["chart-visits"]
        assert len(visits.values) == WEEKS
        assert {week: count for week, count in enumerate(visits.values) if count} == {
            1: 1,  # week of 24 November 2025
            6: 3,  # week of 29 December 2025
            7: 1,  # Rémi on Sunday 11 January: the week of 5 January
            9: 1,  # on 21 January
            10: 1,  # on Saturday 31 January
            49: 1,  # Jo on 28 October 2026
        }
        assert visits.x_ticks[0] == (0, "17 Nov")
        shown = drawn(app, "chart-visits")
        assert "Visits per week" in shown and "17 Nov" in shown and "week starting on" in shown

        returns = charts(app).charts["chart-returns"]
        assert returns.values == (0.0,) * 11 + (100.0, 0.0)  # October: Jo came back
        assert returns.gaps == (*range(11), 12)  # nobody invited in the other months
        assert "100%" in drawn(app, "chart-returns")
        assert "Nov 2025" in drawn(app, "chart-returns")

        at_risk = charts(app).charts["chart-at-risk"]
        assert at_risk.values == (0.0,) * 3 + (1_825.0, 1_460.0) + (0.0,) * 8  # Anne, Rémi
        assert "Value at risk per year" in drawn(app, "chart-at-risk")
        assert "have not come back since" in text_of(pilot, "#chart-status")

        await press(pilot, "c")
        assert table.display and not charts(app).display


async def test_the_figures_show_before_the_charts_are_drawn(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guestbook.services.reports.series import series

    _tables(services)
    release = threading.Event()

    def slow(services: Services, period: tuple[D, D], site: str) -> Series:
        release.wait(10)
        return series(services, period, site)

    monkeypatch.setattr("guestbook.tui.screens.reports.series", slow)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await pilot.press("6", "c")
        table = app.screen.query_one("#report-table", DataTable)
        for _ in range(200):
            await pilot.pause(0.05)
            if table.row_count:
                break
        assert table.row_count  # the figures are there, the charts still coming
        assert text_of(pilot, "#chart-status") == "Drawing the charts…"
        assert not charts(app).charts
        release.set()
        await wait_for_workers(pilot)
        assert len(charts(app).charts["chart-visits"].values) == WEEKS
        assert app.screen.query_one("#chart-visits", PlotextPlot).display


async def test_the_charts_follow_the_period_and_the_theme(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6", "c", "left_square_bracket")  # 23 Oct 2025 – 22 Oct 2026
        returns = charts(app).charts["chart-returns"]
        assert len(returns.values) == MONTHS  # October 2025 to October 2026
        assert (returns.values[-1], returns.gaps) == (100.0, tuple(range(12)))  # Jo's call
        weeks = charts(app).charts["chart-visits"].values
        assert weeks[0] == 0 and sum(weeks) == 7  # Jo's visit is after the period
        dark = drawn(app, "chart-visits")
        assert "#0178d4" in colours(app, "chart-visits")  # the dark theme's primary
        await press(pilot, "ctrl+t")  # the light theme: the same chart, its own colours
        assert drawn(app, "chart-visits") == dark
        assert "#004578" in colours(app, "chart-visits")
        assert "#0178d4" not in colours(app, "chart-visits")
        plot = app.screen.query_one("#chart-visits", PlotextPlot)
        assert plot.size.height >= ReportCharts.MIN_HEIGHT


@pytest.mark.usefixtures("french")
async def test_in_french(services: Services) -> None:
    _tables(services)
    app = make_app(services)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "6", "c")
        returns = charts(app).charts["chart-returns"]
        assert returns.y_ticks[-1][1].replace("\xa0", " ").replace("\u202f", " ") == "100 %"
        assert returns.x_ticks[0][1] == "nov. 2025"
        assert app.screen.query_one("#chart-status", Static).display


def test_round_steps_and_spread_labels() -> None:
    assert [nice_step(top) for top in (0, 3, 21, 180, 1_460)] == [1, 1, 10, 50, 500]
    assert y_ticks(21, lambda value: str(int(value))) == (
        (0, "0"),
        (10, "10"),
        (20, "20"),
        (30, "30"),
    )
    labels = [str(n) for n in range(53)]
    ticks = spread(labels, 9)
    assert len(ticks) <= 9 and ticks[0] == (0, "0") and ticks[1] == (6, "6")
    assert spread(["a", "b"], 9) == ((0, "a"), (1, "b"))


# Draws the months' axis of the return-rate chart as the screen does (draw(), a Plotext
# figure of 116 × 12 cells) and prints the row of month labels.
_MONTH_AXIS = """
import re, sys
from types import SimpleNamespace
from textual_plotext.plot import Plot
from guestbook.tui.widgets.report_charts import Chart, Inks, draw
labels = ["nov. 2025", "déc.", "janv. 2026", "févr.", "mars", "avr.", "mai", "juin",
          "juil.", "août", "sept.", "oct.", "nov."]
chart = Chart(title="t", x_label="x", y_label="", values=(0.0,) * 10 + (100.0, 80.0, 55.0),
              x_ticks=tuple(enumerate(labels)), y_ticks=((0.0, "0"), (100.0, "100")),
              gaps=tuple(range(10)))
plot = SimpleNamespace(plt=Plot(), refresh=lambda: None)
draw(plot, chart, Inks((80, 190, 110), (220, 220, 220), (30, 30, 30)), roomy=True)
plot.plt.plotsize(116, 12)
rows = re.sub(r"\\x1b\\[[0-9;]*m", "", plot.plt.build()).splitlines()
sys.stdout.write(next(row for row in rows if "févr." in row or "janv." in row))
"""


def test_the_month_labels_stand_at_the_same_place_in_every_process() -> None:
    """Regression: Plotext orders the ticks through a set, which follows the string hash of
    the process; "janv. 2026" stood one cell further (or "déc." vanished) from one run of the
    app to the next. Three processes with different hash seeds draw the same row."""
    rows = set()
    for seed in ("1", "3", "5"):
        done = subprocess.run(
            [sys.executable, "-c", _MONTH_AXIS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        rows.add(done.stdout)
    assert len(rows) == 1
    (row,) = rows
    # Placed from the first month on, a label too close to the last one placed is left out
    # ("déc." beside "nov. 2025", "févr." beside "janv. 2026").
    assert row.split()[:5] == ["nov.", "2025", "janv.", "2026", "mars"]
