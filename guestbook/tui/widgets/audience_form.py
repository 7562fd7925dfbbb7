"""Who a message is for (domain.audience): the filters as a form, dates typed as everywhere in
the app (domain.dates.filter_date: 01/01/2026, 1 janv., 2026-01-01). What is wrong is said next
to its field; what was typed stays."""

from __future__ import annotations

import datetime as dt

from textual.app import ComposeResult
from textual.containers import Grid, Vertical
from textual.widgets import Checkbox, Input, Label, Select, Static

from guestbook.domain.audience import Audience, AudienceError
from guestbook.domain.dates import MONTH_TITLES, DateError, filter_date
from guestbook.i18n import N_, _

DATES = {  # field → its label (English, marked: shown through `_`)
    "visited_from": N_("Visited from"),
    "visited_to": N_("… to"),
    "last_visit_since": N_("Last visit since"),
    "last_visit_before": N_("Last visit before"),
}
FLAGS = {
    "regulars": N_("regulars"),
    "late_regulars": N_("late regulars"),
    "sponsors": N_("sponsors"),
    "everyone": N_("everyone"),
}


class AudienceForm(Vertical):
    DEFAULT_CSS = """
    AudienceForm { height: auto; }
    AudienceForm Grid { grid-size: 2; grid-columns: 22 1fr; grid-rows: auto;
        grid-gutter: 0 1; height: auto; }
    AudienceForm .field { height: auto; }
    AudienceForm .flags { grid-size: 2; grid-columns: 1fr 1fr; }
    AudienceForm .error { display: none; }
    AudienceForm .error.-shown { display: block; }
    """

    def compose(self) -> ComposeResult:
        with Grid():
            for key, label in DATES.items():
                yield Label(_(label))
                with Vertical(classes="field"):
                    yield Input(placeholder="01/01/2026", id=f"aud-{key}", compact=True)
                    yield Static("", markup=False, id=f"aud-error-{key}", classes="error")
            yield Label(_("Postcodes starting"))
            with Vertical(classes="field"):
                yield Input(
                    placeholder=_("75, 69003 (empty: all)"), id="aud-postcodes", compact=True
                )
                yield Static("", markup=False, id="aud-error-postcodes", classes="error")
            yield Label(_("Birthday in"))
            months = [(_(title), number) for number, title in enumerate(MONTH_TITLES, 1)]
            yield Select(months, prompt=_("any month"), id="aud-birth_month", compact=True)
        with Grid(classes="flags"):
            for key, label in FLAGS.items():
                yield Checkbox(_(label), id=f"aud-{key}", compact=True)
        yield Static("", markup=False, id="aud-error", classes="error")

    def _show(self, key: str, problem: str) -> None:
        error = self.query_one(f"#aud-error-{key}" if key else "#aud-error", Static)
        error.update(problem)
        error.set_class(bool(problem), "-shown")

    def _date(self, key: str, today: dt.date) -> dt.date | None:
        typed = self.query_one(f"#aud-{key}", Input).value.strip()
        if not typed:
            return None
        try:
            return filter_date(typed, today)
        except DateError as error:
            self._show(key, str(error))
            raise

    def postcodes(self) -> tuple[str, ...]:
        typed = self.query_one("#aud-postcodes", Input).value
        return tuple(part for part in typed.replace(",", " ").replace(";", " ").split() if part)

    def audience(self, today: dt.date) -> Audience | None:
        """The audience typed, or None when something is wrong (said next to its field)."""
        for key in (*DATES, "postcodes", ""):
            self._show(key, "")
        dates: dict[str, dt.date | None] = {}
        for key in DATES:
            try:
                dates[key] = self._date(key, today)
            except DateError:
                continue
        postcodes = self.postcodes()
        if postcodes:  # the prefixes alone first: what is wrong with them is said under them
            try:
                Audience(postcodes=postcodes).check()
            except AudienceError as error:
                self._show("postcodes", str(error))
                return None
        if len(dates) < len(DATES):
            return None
        month = self.query_one("#aud-birth_month", Select).value
        flags = {key: self.query_one(f"#aud-{key}", Checkbox).value for key in FLAGS}
        audience = Audience(
            visited_from=dates["visited_from"],
            visited_to=dates["visited_to"],
            postcodes=postcodes,
            last_visit_since=dates["last_visit_since"],
            last_visit_before=dates["last_visit_before"],
            regulars=flags["regulars"],
            late_regulars=flags["late_regulars"],
            birth_month=month if isinstance(month, int) else None,
            sponsors=flags["sponsors"],
            everyone=flags["everyone"],
        )
        if audience == Audience():  # the check's own words name the command line's --all
            self._show("", _("Choose who the message is for: a filter, or everyone."))
            return None
        try:
            return audience.check()
        except AudienceError as error:
            self._show("", str(error))
            return None
