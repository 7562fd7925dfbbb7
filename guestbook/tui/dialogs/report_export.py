"""The report of the period the Reports screen shows, as a workbook for the accountant: where to
save it (the folder of the last export, else the documents folder), Enter to write it, and what
happened in words. The figures are computed again as the file is written, in a thread worker
(seconds at a million guests); a file of the same name is replaced only when the owner says so.

Pushed by the Reports screen with its period: ReportExportDialog(services, start, end) (None for
the default period, the twelve months ending today).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, ProgressBar, Static

from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.report_text import scope
from guestbook.services.reports import chosen_period
from guestbook.services.reports.workbook import ExportExists, default_report_name, export_report
from guestbook.tui.dialogs.long_work import LongWorkDialog

if TYPE_CHECKING:
    from guestbook.tui.app import GuestbookApp


class ReportExportDialog(LongWorkDialog):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="report_export.cancel"),
        Binding("ctrl+s", "export", N_("Export"), id="report_export.run"),
    ]

    def __init__(
        self,
        services: Services,
        start: dt.date | None = None,
        end: dt.date | None = None,
        *,
        site: str = "",
    ) -> None:
        super().__init__()
        self.services, self.site = services, site  # site: '' the whole group's
        # Chosen as the report chooses it, so the dialog says the dates the file will hold.
        # (Not `start`: LongWorkDialog.start() shows the progress bar.)
        self.first_day, self.last_day = chosen_period(start, end, services.clock.today())

    def folder(self) -> Path:
        """The folder of the last export of this session, else the documents folder."""
        from guestbook.paths import documents_folder

        last = cast("GuestbookApp", self.app).last_export_folder
        return last if last is not None and last.is_dir() else documents_folder()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="report-export"):
            yield Label(_("Export the report for the accountant"), classes="dialog-title")
            yield Static(
                _("From {start} to {end}, beside the period before.").format(
                    start=date_text(self.first_day, "day_month_year"),
                    end=date_text(self.last_day, "day_month_year"),
                ),
                id="report-period",
            )
            if covers := scope(self.site, self.services.settings.site):
                yield Static(covers, id="report-site")
            with Grid(classes="form-grid"):
                yield Label(_("Save to"))
                yield Input(
                    str(self.folder() / default_report_name(self.last_day)), id="path", compact=True
                )
            yield Static(
                _(
                    "An Excel or LibreOffice workbook: every figure of the report, amounts in "
                    "euros, and the revenue month by month. No guest's personal data."
                ),
                classes="hint",
            )
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="result")
            with Horizontal(classes="buttons"):
                yield Button(_("Export (ctrl+s)"), variant="primary", id="run")
                yield Button(_("Close (esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def path_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_export(self) -> None:
        if self.busy:
            return
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#result", Static).update(_("Type where to save the file."))
            return
        self.begin(Path(text).expanduser(), overwrite=False)

    def begin(self, path: Path, *, overwrite: bool) -> None:
        self.start()
        self.query_one("#result", Static).update(_("Computing the report…"))
        self.run_export(path, overwrite)

    @work(thread=True, exclusive=True, group="report_export", exit_on_error=False)
    def run_export(self, path: Path, overwrite: bool) -> None:
        try:
            written = export_report(
                self.services, path, self.first_day, self.last_day,
                site=self.site, overwrite=overwrite, cancel=self.cancelled,
            )  # fmt: skip
            cast("GuestbookApp", self.app).last_export_folder = written.path.parent
            message = _("Report written to {path}").format(path=written.path)
        except ExportExists:
            self.app.call_from_thread(self.ask_to_replace, path)
            return
        except Cancelled:
            message = _("Stopped: no file was written.")
        except (UserError, OSError) as error:
            message = _("Not exported: {error}").format(error=error)
        self.app.call_from_thread(self.done, message)

    def ask_to_replace(self, path: Path) -> None:
        """The file exists (nothing was written): replaced only when the owner says so; Enter
        keeps it."""
        from guestbook.tui.dialogs.confirm import ask_to_replace

        self.done("")
        ask_to_replace(self, path, lambda: self.begin(path, overwrite=True))

    def done(self, message: str) -> None:
        self.finish()
        self.query_one(ProgressBar).display = False
        self.query_one("#result", Static).update(message)

    @on(Button.Pressed, "#run")
    def run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.action_cancel()
